"""Writing the pack: MIZAN_HOME/reports/<YYYY-MM>/ holds, per region, `<REGION>-<lang>.pdf` and
`.xlsx`, and for the organisation `national-<lang>.pdf` (league table, then every region's
pages) and `.xlsx` (a sheet per region). Read from the published snapshot only."""

from __future__ import annotations

from pathlib import Path

from dashboards.data import reference, scores
from dashboards.i18n import speaking, t
from dashboards.report import document, pdf, workbook
from dashboards.report.content import month_row, region_content, region_names
from dashboards.scope import UNRESTRICTED
from mizan.org import load_profile
from mizan.settings import Settings

FORMATS = ("pdf", "xlsx")
NATIONAL = "national"


def last_month() -> str:
    months = reference.months(UNRESTRICTED)
    if months.empty:
        raise LookupError("the snapshot holds no month")
    return str(months.iloc[0]["month"])[:10]


def pack_folder(settings: Settings, month: str) -> Path:
    return settings.home / "reports" / month[:7]


def write_pack(
    settings: Settings,
    month: str | None = None,
    *,
    region: str | None = None,
    formats: tuple[str, ...] = FORMATS,
    language: str = "ar",
) -> list[Path]:
    """Write the pack of `month` ('YYYY-MM-01'; default the snapshot's last) for `region`, or for
    every region and the organisation; the paths written."""
    month = month or last_month()
    month_row(month)  # LookupError when the snapshot does not hold it
    folder = pack_folder(settings, month)
    folder.mkdir(parents=True, exist_ok=True)
    profile = load_profile(settings.profile)
    names = region_names(language)
    regions = [region] if region else sorted(c for c in names if c != "ALL")
    if region and region not in names:
        raise LookupError(f"no region {region} in the snapshot")
    contents = [
        region_content(settings, code, month, language, currency=profile.currency)
        for code in regions
    ]
    written: list[Path] = []
    jobs: list[tuple[str, str, Path]] = []
    with speaking(language):
        for content in contents:
            stem = folder / f"{content.region}-{language}"
            if "xlsx" in formats:
                workbook.write_workbook([content], language, stem.with_suffix(".xlsx"))
                written.append(stem.with_suffix(".xlsx"))
            if "pdf" in formats:
                html = document.document(
                    [document.region_pages(content)], language, content.region_name
                )
                jobs.append(
                    (
                        html,
                        f"{content.region_name} · {content.month_label}",
                        stem.with_suffix(".pdf"),
                    )
                )
        if region is None:
            stem = folder / f"{NATIONAL}-{language}"
            label = contents[0].month_label if contents else month[:7]
            if "xlsx" in formats:
                workbook.write_workbook(contents, language, stem.with_suffix(".xlsx"))
                written.append(stem.with_suffix(".xlsx"))
            if "pdf" in formats:
                league = scores.league_table(UNRESTRICTED, month)
                sections = [document.league_pages(league, names, label)]
                sections += [document.region_pages(c) for c in contents]
                html = document.document(sections, language, t("pack_national"))
                jobs.append((html, f"{t('pack_national')} · {label}", stem.with_suffix(".pdf")))
    if jobs:
        pdf.print_pdfs(jobs, rtl=language == "ar")
        written += [target for _, _, target in jobs]
    return written
