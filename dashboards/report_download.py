"""The month's report pack on the scorecard: the PDF and the workbook of the region shown (the
organisation's national pack on its own scorecard), for a user whose scope covers it. The files
are those the monthly build wrote (MIZAN_HOME/reports); a month without them can be prepared
here, the same way `mizan report` does. Every download is written to the audit log."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboards import auth
from dashboards.i18n import lang, t
from dashboards.scope import ORGANISATION, Scope
from dashboards.shell.context import Context
from mizan.access import audit

KINDS = {
    "pdf": ("application/pdf", ":material/picture_as_pdf:"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ":material/table:",
    ),
}


def covers(scope: Scope, region: str) -> bool:
    """The national pack holds every region: only an unrestricted scope receives it."""
    return scope.unrestricted if region == ORGANISATION else scope.allows(region)


def report_downloads(ctx: Context, region: str) -> None:
    from dashboards.report.pack import pack_file

    if not covers(ctx.scope, region):
        return
    settings = auth.settings()
    language = lang()
    files = {kind: pack_file(settings, ctx.month, region, language, kind) for kind in KINDS}
    session = st.session_state.get(auth.SESSION_KEY) or {}
    who = session.get("user", "anonymous")
    with st.container(key=f"report-pack-{region}", border=True):
        st.markdown(f"**{t('pack_section')}**")
        st.caption(t("pack_caption", month=ctx.month_primary))
        if not all(path.exists() for path in files.values()):
            if st.button(
                t("pack_prepare"), key=f"pack-prepare-{region}", icon=":material/description:"
            ):
                _prepare(settings, ctx.month, region, language, who)
                st.rerun()
            return
        row = st.container(horizontal=True, gap="small")
        for kind, path in files.items():
            if not path.exists():
                continue
            mime, icon = KINDS[kind]
            row.download_button(
                t("pack_download", kind=kind.upper()),
                data=_reader(path, settings.audit_path, who, region, ctx.month, kind),
                file_name=path.name if region != ORGANISATION else f"{ctx.month[:7]}-{path.name}",
                mime=mime,
                key=f"pack-{kind}-{region}",
                icon=icon,
                on_click="ignore",
            )


def _reader(path: Path, log: Path, who: str, region: str, month: str, kind: str):
    def read() -> bytes:
        # the file is read when the button is pressed: that is the download to log
        audit.record(log, "report_download", who, via="app", region=region, month=month[:7],
                     format=kind, file=path.name)  # fmt: skip
        return path.read_bytes()

    return read


def _prepare(settings, month: str, region: str, language: str, who: str) -> None:
    from dashboards.report.pack import write_pack
    from dashboards.report.pdf import NoBrowser, chromium

    try:
        chromium()
        formats: tuple[str, ...] = ("pdf", "xlsx")
    except NoBrowser:
        st.warning(t("pack_no_browser"))
        formats = ("xlsx",)
    with st.spinner(t("pack_preparing")):
        written = write_pack(settings, month, region=region, formats=formats, language=language)
    audit.record(settings.audit_path, "report_prepared", who, via="app", region=region,
                 month=month[:7], files=[p.name for p in written])  # fmt: skip
