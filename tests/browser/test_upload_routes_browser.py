"""Issue 19's acceptance, third route: a US city's 311 export (month-first dates with AM/PM, years
back to 2012) sent through the upload page in a real Chromium, in Arabic, by a national user of a
new deployment, then `mizan build`. The published months equal an independent count of the file
— the same count tests/integration/test_real_files_build.py checks for the inbox and `mizan
ingest` routes on the same file and mapping — and the rows the page loaded are, value for value,
the rows `mizan ingest` loads from the same file and mapping.

Screenshots of the page (preview, then receipt) land in tests/output/browser/: look at them."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from mizan.access.audit import read
from tests.browser.conftest import serving, sign_in
from tests.integration.test_real_files import MAPPING_V1, months_of, us_rows, write_us_csv
from tests.integration.test_real_files_build import published_months
from tests.support.pipeline import mizan
from tests.support.profiles import cut_profile
from tests.support.users import write_test_users

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The fixed mapping of the re-send in test_real_files_build: every status known
MAPPING = MAPPING_V1.replace(
    "In Progress: in_progress}", "In Progress: in_progress, Duplicate: resolved}"
)


def loaded_rows(home: Path) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        columns = {r[0] for r in con.execute("DESCRIBE raw.complaints").fetchall()}
        dropped = [c for c in columns if c.startswith("_")]
        return con.execute(
            f"SELECT * EXCLUDE ({', '.join(dropped)}) FROM raw.complaints ORDER BY ticket_id"
        ).fetchall()
    finally:
        con.close()


def test_a_file_sent_through_the_upload_page_publishes_the_same_numbers(
    browser, output_dir, tmp_path
):
    profile = str(
        cut_profile(
            tmp_path / "profile", base="party-eg", regions=["CAIRO", "GIZA"], secretariats=["PR"]
        )
    )
    source = write_us_csv(tmp_path / "311.csv", us_rows(300, seed=12, first_year=2012))
    expected = months_of(source)

    # the upload route: a new deployment whose inbox holds the mapping, no data yet
    home = tmp_path / "home"
    folder = home / "inbox" / "complaints" / "chicago-311"
    folder.mkdir(parents=True)
    (folder / "mapping.yml").write_text(MAPPING, encoding="utf-8")
    access = tmp_path / "access"
    access.mkdir()
    write_test_users(access / "users.json")
    with serving(home, access, log_name="upload-streamlit.log", MIZAN_PROFILE=profile) as url:
        view = browser.new_page(viewport={"width": 1440, "height": 2200})
        try:
            view.goto(f"{url}/upload?lang=ar")
            sign_in(view)
            view.wait_for_selector("h1", timeout=60_000)
            assert view.evaluate("document.documentElement.dir") == "rtl"
            view.locator('[data-testid="stSelectbox"]').first.click()
            view.get_by_role("option", name="البلاغات").click()
            view.locator('input[type="file"]').set_input_files(str(source))
            view.get_by_text("تخطيط موجود في صندوق الوارد").click()
            view.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
            view.get_by_text("mdy").first.wait_for(timeout=30_000)
            view.screenshot(path=str(output_dir / "upload-preview-ar.png"), full_page=True)
            view.get_by_role("button", name="إرسال الملف").click()
            view.locator('[data-testid="stAlertContentSuccess"]').wait_for(timeout=120_000)
            view.screenshot(path=str(output_dir / "upload-sent-ar.png"), full_page=True)
        finally:
            view.close()
    (event,) = [e for e in read(access / "audit.jsonl") if e["event"] == "upload"]
    assert (event["user"], event["loaded"], event["rejected"]) == ("nat", 300, 0)

    built = mizan(home, "build", MIZAN_FIRST_MONTH="2012-01", MIZAN_PROFILE=profile)
    assert built.returncode == 0, built.stderr[-3000:]
    assert published_months(home) == expected

    # the `mizan ingest` route on the same file and mapping loads the same rows, value for value
    other = tmp_path / "other"
    shutil.copy(folder / "mapping.yml", tmp_path / "mapping.yml")
    ingested = mizan(
        other, "ingest", "complaints", str(source), "--mapping", str(tmp_path / "mapping.yml"),
        MIZAN_PROFILE=profile,
    )  # fmt: skip
    assert ingested.returncode == 0, ingested.stderr[-3000:]
    uploaded = loaded_rows(home)
    assert len(uploaded) == sum(expected.values()) == 300
    assert uploaded == loaded_rows(other)
