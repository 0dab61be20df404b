"""The SQL console page (analyst and national roles): issue #8's attacks typed into the editor —
each refused or cut with a clear message, logged, and the snapshot's bytes unchanged."""

from __future__ import annotations

import pytest

from mizan.access import audit, sandbox
from tests.access.attacks import ATTACKS, FOREVER, TEN_MILLION
from tests.access.conftest import sha256
from tests.app.helpers import exceptions, run_page

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]


def run_query(app, sql: str, max_rows: int | None = None):
    app.text_area(key="sql_text").input(sql)
    if max_rows is not None:
        app.number_input(key="sql_max_rows").set_value(max_rows)
    app.button(key="sql_run").click()
    return app.run()


def result(app, column: str):
    """The result grid (the one with `column`; the schema browser's grids list columns)."""
    return next(d.value for d in app.dataframe if column in d.value.columns)


@pytest.fixture
def console(app_home):
    return run_page("sql", "en", user="ana")


def test_the_console_shows_the_schema_with_descriptions(console):
    assert exceptions(console) == []
    labels = [e.label for e in console.expander]
    assert "marts.fct_kpi_monthly" in labels and "meta.dictionary_columns" in labels
    assert console.title[0].value == "Read-only SQL"


def test_a_reading_query_runs_and_is_logged(console, audit_log):
    app = run_query(console, "SELECT region_code FROM marts.dim_region ORDER BY 1")
    assert exceptions(app) == [] and not app.error
    assert len(result(app, "region_code")) > 0
    event = audit.read(audit_log)[-1]
    assert event["event"] == "sql" and event["user"] == "ana" and "dim_region" in event["sql"]


@pytest.mark.parametrize(("name", "query", "reasons"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_attacks_are_refused(console, app_home, audit_log, tmp_path, name, query, reasons):
    before = sha256(app_home.serving_path)
    app = run_query(console, query.format(tmp=tmp_path))
    assert exceptions(app) == []
    assert app.error, "no refusal shown"
    event = audit.read(audit_log)[-1]
    assert event["event"] == "sql_refused" and event["reason"] in reasons
    assert sha256(app_home.serving_path) == before
    assert not [p for p in tmp_path.iterdir() if p.name not in {"users.json", "audit.jsonl"}]


def test_ten_million_rows_are_cut_at_the_cap(console, audit_log):
    app = run_query(console, TEN_MILLION, max_rows=1000)
    assert len(result(app, "n")) == 1000
    assert any("cut at 1,000 rows" in w.value for w in app.warning)
    assert audit.read(audit_log)[-1]["truncated"] is True


def test_a_query_that_runs_forever_is_stopped(console, audit_log, monkeypatch):
    monkeypatch.setattr(sandbox, "TIMEOUT_SECONDS", 1.0)
    app = run_query(console, FOREVER)
    assert any("time limit" in e.value for e in app.error)
    assert audit.read(audit_log)[-1]["reason"] == "timeout"


def test_the_history_keeps_the_session_queries(console):
    app = run_query(console, "SELECT 1 AS one")
    app = run_query(app, "DROP TABLE marts.dim_region")
    codes = [c.value for c in app.code if c.language == "sql"]
    assert codes[:2] == ["DROP TABLE marts.dim_region", "SELECT 1 AS one"]
    app.button(key="sql_history_1").click().run()  # use the earlier query again
    assert app.text_area(key="sql_text").value == "SELECT 1 AS one"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_console_and_the_dictionary_run_in_both_languages(app_home, lang):
    for page in ("sql", "dictionary"):
        app = run_page(page, lang, user="nat")
        assert exceptions(app) == []
        assert app.title
