"""Who may see what: the scope every data-access function takes and applies in SQL.

A later issue adds login; until then `shell.current_scope()` returns the unrestricted scope. The
rule the data layer enforces (below the UI, so that URL parameters and widget values cannot reach
other regions):

- KPI-level detail, operational views, row facts and data-quality receipts are filtered to
  `regions`; the organisation roll-up (region 'ALL') is detail of every region, so only an
  unrestricted scope sees it.
- The league table of composites (one number per region) is visible to every scope, each row
  flagged `in_scope`.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    def sql(self, column: str = "region_code") -> tuple[str, dict[str, object]]:
        """A SQL condition on `column` and its named parameter ($scope_regions)."""
        if self.regions is None:
            return "TRUE", {}
        return (
            f"list_contains($scope_regions::VARCHAR[], {column})",
            {"scope_regions": tuple(sorted(self.regions))},
        )


UNRESTRICTED = Scope()
