"""Links from a number to the rows behind it: the KPI explorer opened at a KPI, region, month
and secretariat (`?kpi=&region=&month=&secretariat=`; the explorer reads them, and the shell
refuses a region outside the user's scope as for any `?region=`).

The links are relative (`explorer?…`), so that they work under any base path; a click is
followed inside the session by the shell's script (`shell/document.py`), without reloading the
page (a reload would be a new session, and a new sign-in).
"""

from __future__ import annotations

from urllib.parse import urlencode

from dashboards.i18n import lang

EXPLORER = "explorer"
DRILL_PARAMS = ("kpi", "region", "month", "secretariat")


def drill_href(kpi: str, region: str, month: str, secretariat: str = "ALL") -> str:
    """The explorer's drill-down for one value, in the page's language."""
    query = {"kpi": kpi, "region": region, "month": month, "secretariat": secretariat}
    return f"{EXPLORER}?{urlencode({**query, 'lang': lang()})}"
