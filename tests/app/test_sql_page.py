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


WIDE = "SELECT repeat('a', 4000) AS s FROM range(100000)"


def _frames_in_session(app) -> list[int]:
    """The sizes in bytes of every DataFrame the session holds (at any depth of a dict)."""
    import pandas as pd

    sizes = []

    def walk(value):
        if isinstance(value, pd.DataFrame):
            sizes.append(int(value.memory_usage(deep=True).sum()))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif hasattr(value, "frame") and isinstance(value.frame, pd.DataFrame):
            walk(value.frame)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for value in app.session_state.values():
        walk(value)
    return sizes


def test_a_large_result_is_shown_cut_and_not_kept_in_the_session(console, audit_log):
    SESSION_RESULT_BYTES = 1_000_000

    app = run_query(console, WIDE, max_rows=10_000)
    assert exceptions(app) == []
    assert 0 < len(result(app, "s")) < 10_000
    assert any("size limit" in w.value for w in app.warning)
    assert max(_frames_in_session(app), default=0) <= SESSION_RESULT_BYTES
    assert audit.read(audit_log)[-1]["cut"] == "bytes"
    app = app.run()  # a later run (any widget) shows a note, not the rows
    assert exceptions(app) == []
    assert not [d for d in app.dataframe if "s" in d.value.columns]
    assert any("run it again" in i.value for i in app.info)
    # the history keeps the query
    assert WIDE in [c.value for c in app.code if c.language == "sql"]


def test_nested_values_are_shown_as_text(console):
    app = run_query(
        console,
        "SELECT {'a': 1} AS s, MAP {'k': 2} AS m, "
        "union_value(n := 1)::UNION(n INT, t VARCHAR) AS u",
    )
    assert exceptions(app) == [] and not app.error
    assert result(app, "m").iloc[0]["m"] == "{k=2}"


def test_errors_show_no_server_path(console, app_home):
    app = run_query(console, "SELECT * FROM duckdb_databases()")
    shown = " ".join([e.value for e in app.error] + [c.value for c in app.code])
    assert app.error and str(app_home.serving_path.parent) not in shown
    app = run_query(app, f"SELECT '{app_home.serving_path}' AS p")
    assert str(app_home.serving_path.parent) not in result(app, "p").iloc[0]["p"]


def test_the_query_is_logged_before_it_runs(console, audit_log, monkeypatch):
    seen: list[dict] = []

    def running(*args, **kwargs):
        seen.extend(audit.read(audit_log))
        raise sandbox.QueryRefused("error", "stopped")

    monkeypatch.setattr(sandbox, "run_untrusted", running)
    run_query(console, "SELECT 42 AS n")
    assert seen and seen[-1]["event"] == "sql_started" and seen[-1]["sql"] == "SELECT 42 AS n"
    done = audit.read(audit_log)[-1]
    assert done["event"] == "sql_refused" and done["query"] == seen[-1]["query"]
