"""Writing the pack: MIZAN_HOME/reports/<YYYY-MM>/ holds, per region, `<REGION>-<lang>.pdf` and
`.xlsx`, and for the organisation `national-<lang>.pdf` (its cards and review, the league table
and the heatmap, then every region's pages) and `.xlsx` (a sheet per region). Read from the
published snapshot only. Each file is written beside its final name and renamed into place, so
that a download never reads half a file."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from dashboards.data import reference, scores
from dashboards.i18n import speaking, t
from dashboards.report import document, pdf, workbook
from dashboards.report.content import month_row, region_content, region_names
from dashboards.scope import ORGANISATION, UNRESTRICTED
from mizan.org import load_profile
from mizan.settings import Settings

FORMATS = ("pdf", "xlsx")
NATIONAL = "national"


def snapshot_months() -> list[str]:
    """The snapshot's months, newest first ('YYYY-MM-01')."""
    return [str(m)[:10] for m in reference.months(UNRESTRICTED)["month"]]


def last_month() -> str:
    months = snapshot_months()
    if not months:
        raise LookupError("the snapshot holds no month")
    return months[0]


def last_complete_month(today: date) -> str | None:
    """The newest month of the snapshot that has ended by `today` (the monthly close's month)."""
    this_month = today.replace(day=1).isoformat()
    return next((m for m in snapshot_months() if m < this_month), None)


def pack_folder(settings: Settings, month: str) -> Path:
    return settings.home / "reports" / month[:7]


def pack_file(settings: Settings, month: str, region: str, language: str, kind: str) -> Path:
    """Where the pack of `region` ('ALL': the organisation's national pack) is written."""
    stem = NATIONAL if region == ORGANISATION else region
    return pack_folder(settings, month) / f"{stem}-{language}.{kind}"


def _partial(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial")


def write_pack(
    settings: Settings,
    month: str | None = None,
    *,
    region: str | None = None,
    formats: tuple[str, ...] = FORMATS,
    language: str = "ar",
) -> list[Path]:
    """Write the pack of `month` ('YYYY-MM-01'; default the snapshot's last) for `region` ('ALL'
    for the organisation's national pack alone), or for every region and the organisation; the
    paths written."""
    month = month or last_month()
    month_row(month)  # LookupError when the snapshot does not hold it
    names = region_names(language)
    if region and region not in names:
        raise LookupError(f"no region {region} in the snapshot")
    folder = pack_folder(settings, month)
    folder.mkdir(parents=True, exist_ok=True)
    currency = load_profile(settings.profile).currency
    national = region in (None, ORGANISATION)
    regions = sorted(c for c in names if c != ORGANISATION) if national else [region]
    contents = [
        region_content(settings, code, month, language, currency=currency) for code in regions
    ]
    outputs: list[tuple[Path, Path]] = []  # (written as, renamed to)
    jobs: list[tuple[str, str, Path]] = []
    with speaking(language):
        if region != ORGANISATION:
            for content in contents:
                target = pack_file(settings, month, content.region, language, "xlsx")
                if "xlsx" in formats:
                    workbook.write_workbook([content], language, _partial(target))
                    outputs.append((_partial(target), target))
                if "pdf" in formats:
                    html = document.document(
                        [document.region_pages(content)], language, content.region_name
                    )
                    target = target.with_suffix(".pdf")
                    title = f"{content.region_name} · {content.month_label}"
                    jobs.append((html, title, _partial(target)))
                    outputs.append((_partial(target), target))
        if national:
            organisation = region_content(
                settings, ORGANISATION, month, language, currency=currency
            )
            target = pack_file(settings, month, ORGANISATION, language, "xlsx")
            if "xlsx" in formats:
                workbook.write_workbook([organisation, *contents], language, _partial(target))
                outputs.append((_partial(target), target))
            if "pdf" in formats:
                league = scores.league_table(UNRESTRICTED, month)
                heat = scores.heatmap(UNRESTRICTED, month)
                sections = [document.national_pages(organisation, league, heat, language)]
                sections += [document.region_pages(c) for c in contents]
                html = document.document(sections, language, t("pack_national"))
                target = target.with_suffix(".pdf")
                jobs.append((html, f"{t('pack_national')} · {organisation.month_label}",
                             _partial(target)))  # fmt: skip
                outputs.append((_partial(target), target))
    if jobs:
        pdf.print_pdfs(jobs, rtl=language == "ar")
    for written, target in outputs:
        os.replace(written, target)
    return [target for _, target in outputs]
