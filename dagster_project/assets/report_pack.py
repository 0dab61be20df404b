"""The report pack asset: after each publish, the monthly pack of the last complete month —
per region and for the organisation, PDF and Excel, in the languages of MIZAN_REPORT_PACK —
written to MIZAN_HOME/reports/<YYYY-MM>/ (dashboards.report), so that the monthly close ends with
the packet leadership reads before its meeting."""

from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg

from dagster_project.assets.publish import SNAPSHOT_KEY
from dagster_project.resources import WarehouseResource

REPORT_PACK_KEY = dg.AssetKey(["review", "report_pack"])


@dg.asset(
    key=REPORT_PACK_KEY,
    deps=[SNAPSHOT_KEY],
    group_name="publish",
    kinds={"pdf", "excel"},
    owners=["team:analytics"],
    description=(
        "The month's report pack (MIZAN_HOME/reports/<YYYY-MM>/: a PDF and an Excel workbook "
        "per region and for the organisation) of the last complete month of the published "
        "snapshot, in the languages of MIZAN_REPORT_PACK (`off`: none)."
    ),
)
def report_pack(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    settings = warehouse.settings()
    if not settings.report_languages:
        context.log.info("Report pack: off (MIZAN_REPORT_PACK=off)")
        return dg.MaterializeResult(metadata={"files": 0, "skipped": "MIZAN_REPORT_PACK=off"})
    # The dashboards' data layer reads the snapshot of MIZAN_HOME, which the run exports.
    from dashboards.data.core import close_connection
    from dashboards.report.pack import last_complete_month, write_pack
    from dashboards.report.pdf import NoBrowser, chromium

    today = datetime.now(ZoneInfo(settings.timezone or "UTC")).date()
    month = last_complete_month(today)
    if month is None:
        context.log.info("Report pack: the snapshot holds no complete month yet")
        return dg.MaterializeResult(metadata={"files": 0, "skipped": "no complete month"})
    try:
        chromium()
        formats: tuple[str, ...] = ("pdf", "xlsx")
    except NoBrowser as missing:
        # the snapshot is published either way: the workbooks are written, the PDFs named
        context.log.warning(f"Report pack without PDFs: {missing}")
        formats = ("xlsx",)
    written = []
    try:
        for language in settings.report_languages:
            written += write_pack(settings, month, formats=formats, language=language)
    finally:
        close_connection()
    folder = written[0].parent if written else None
    context.log.info(f"Report pack of {month[:7]}: {len(written)} files in {folder}")
    return dg.MaterializeResult(
        metadata={
            "month": month[:7],
            "files": len(written),
            "folder": str(folder),
            "languages": ",".join(settings.report_languages),
            "formats": ",".join(formats),
        }
    )
