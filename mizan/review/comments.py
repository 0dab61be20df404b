"""Comments on a KPI for a month: why it moved, what is being done, and optionally who owns the
corrective action and by when. Kept in the review store (survives every republish), scoped like
everything else and audit-logged:

- national users comment on any region; regional users on their own regions only; analysts
  (read-only) and stewards (data quality only) never comment;
- a refused attempt raises PermissionError and is written to the audit log (`scope_refused`);
- every change (`comment_added`, `comment_deleted`) is written to the audit log;
- a comment is deleted (kept, marked deleted) by its author or a national user.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import UTC, date, datetime

from mizan.access import audit
from mizan.access.users import User
from mizan.review import store
from mizan.settings import Settings

COMMENTING_ROLES = ("national", "regional")
MAX_BODY = 2_000
MAX_OWNER = 120
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-01$")


class CommentError(ValueError):
    """A comment that cannot be saved as written; the message says why."""


def may_comment(user: User, region: str) -> bool:
    """Whether `user` may comment on `region` ('ALL', the organisation: national users only)."""
    if user.role not in COMMENTING_ROLES:
        return False
    return user.all_regions or region in user.regions


def _refuse(settings: Settings, user: User, action: str, region: str) -> None:
    audit.record(settings.audit_path, "scope_refused", user.username, action=action, region=region)
    raise PermissionError(f"{user.username} ({user.role}) may not comment on region {region}")


def add_comment(
    settings: Settings,
    user: User,
    *,
    region: str,
    kpi: str,
    month: str,
    body: str,
    owner: str = "",
    due: date | None = None,
) -> int:
    """Save a comment and return its id."""
    if not may_comment(user, region):
        _refuse(settings, user, "comment_add", region)
    body, owner = body.strip(), owner.strip()
    if not body:
        raise CommentError("write the comment first")
    if len(body) > MAX_BODY or len(owner) > MAX_OWNER:
        raise CommentError(f"a comment has at most {MAX_BODY} characters, an owner {MAX_OWNER}")
    if not _MONTH.match(month):
        raise CommentError("the month is written YYYY-MM-01")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.connect(settings.review_store_path) as con:
        cursor = con.execute(
            """
            INSERT INTO comments (region_code, kpi_code, month_start, body, owner, due_date,
                                  author, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                region,
                kpi,
                month,
                body,
                owner,
                due.isoformat() if due else None,
                user.username,
                now,
                now,
            ),
        )
        comment_id = int(cursor.lastrowid or 0)
    audit.record(
        settings.audit_path,
        "comment_added",
        user.username,
        comment=comment_id,
        region=region,
        kpi=kpi,
        month=month,
        owner=owner,
        due=due.isoformat() if due else None,
    )
    return comment_id


def delete_comment(settings: Settings, user: User, comment_id: int) -> None:
    with store.connect(settings.review_store_path) as con:
        row = con.execute(
            "SELECT region_code, author FROM comments WHERE comment_id = ? AND deleted_at IS NULL",
            (comment_id,),
        ).fetchone()
        if row is None:
            raise KeyError(comment_id)
        if not may_comment(user, row["region_code"]) or (
            row["author"] != user.username and user.role != "national"
        ):
            _refuse(settings, user, "comment_delete", row["region_code"])
        con.execute(
            "UPDATE comments SET deleted_at = ? WHERE comment_id = ?",
            (datetime.now(UTC).isoformat(timespec="seconds"), comment_id),
        )
    audit.record(settings.audit_path, "comment_deleted", user.username, comment=comment_id)


def comments(
    settings: Settings, regions: Collection[str] | None, *, region: str, month: str
) -> list[dict]:
    """The comments on `region` for `month` (newest first) if `regions` (None: every region)
    covers it; none otherwise."""
    if regions is not None and region not in regions:
        return []
    return store.read(
        settings.review_store_path,
        "SELECT comment_id, region_code, kpi_code, month_start, body, owner, due_date, author, "
        "created_at FROM comments WHERE region_code = ? AND month_start = ? AND deleted_at IS NULL "
        "ORDER BY created_at DESC, comment_id DESC",
        (region, month),
    )
