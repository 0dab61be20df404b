"""Who may see what: the scope every data-access function takes and applies in SQL.

`shell.user.current_scope()` returns the signed-in user's scope (`scope_of(user)`: every region for
the national and analyst roles, their own regions for regional users and stewards). The rule the
data layer enforces (below the UI, so that URL parameters and widget values cannot reach other
regions):

- KPI-level detail, operational views, row facts and data-quality receipts are filtered to
  `regions`; the organisation roll-up (region 'ALL') is detail of every region, so only an
  unrestricted scope sees it.
- The league table of composites (one number per region) is visible to every scope, each row
  flagged `in_scope`.
- A data function asked for one region (a `region` argument) outside the scope raises
  `OutOfScope` before any SQL runs; the app logs it and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mizan.access.users import User

ORGANISATION = "ALL"


@dataclass(frozen=True)
class Scope:
    regions: frozenset[str] | None = None  # None: everything

    @property
    def unrestricted(self) -> bool:
        return self.regions is None

    def allows(self, region_code: str) -> bool:
        if self.regions is None:
            return True
        return region_code in self.regions

    def require(self, region: str | None) -> None:
        """Raise OutOfScope when one region is asked for outside the scope (None and '' —
        every region of the scope, or rows attributed to no region — are left to the SQL)."""
        if region and not self.allows(region):
            raise OutOfScope(region)

    def sql(self, column: str = "region_code") -> tuple[str, dict[str, object]]:
        """A SQL condition on `column` and its named parameter ($scope_regions)."""
        if self.regions is None:
            return "TRUE", {}
        return (
            f"list_contains($scope_regions::VARCHAR[], {column})",
            {"scope_regions": tuple(sorted(self.regions))},
        )


UNRESTRICTED = Scope()
NOTHING = Scope(frozenset())


class OutOfScope(PermissionError):
    """A region outside the user's scope was asked for."""

    def __init__(self, region: str) -> None:
        super().__init__(f"region {region} is outside the scope")
        self.region = region


def scope_of(user: User | None) -> Scope:
    if user is None:
        return NOTHING
    return UNRESTRICTED if user.all_regions else Scope(frozenset(user.regions))
