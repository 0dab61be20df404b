"""Tables from the results files: ratios first, absolute times and memory second, the machine.

uv run python -m bench.report            # print the latest result of every scale
uv run python -m bench.report --readme   # and rewrite the results section of bench/README.md
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from bench.extras import p95_ms
from bench.harness import REPO

RESULTS = REPO / "bench" / "results"
README = REPO / "bench" / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
GIB = 1024**3
MIB = 1024**2


def latest_by_scale(paths: list[Path] | None = None) -> list[dict]:
    paths = paths if paths is not None else sorted(RESULTS.glob("*.json"))
    chosen: dict[float, tuple[tuple, dict]] = {}
    for path in paths:
        doc = json.loads(Path(path).read_text())
        if "schema" not in doc:  # another benchmark's file (bench/spark_vs_duckdb.py)
            continue
        doc["_file"] = Path(path).name
        # by date, then name: file times are those of the checkout, not of the run
        key = (doc.get("date", ""), Path(path).name)
        if doc["scale"] not in chosen or key > chosen[doc["scale"]][0]:
            chosen[doc["scale"]] = (key, doc)
    return [chosen[s][1] for s in sorted(chosen)]


def _get(doc: dict, *path, default=None):
    node = doc
    for key in path:
        if not isinstance(node, dict) or key not in node or node[key] is None:
            return default
        node = node[key]
    return node


def _med(doc: dict, *path) -> float | None:
    return _get(doc, *path, "median")


def _value(doc: dict, *path) -> float | None:
    """A number at path, or the median of the repeated measurements there."""
    node = _get(doc, *path)
    return node.get("median") if isinstance(node, dict) else node


def _fmt_ratio(stats: dict | None, digits: int = 2) -> str:
    if not stats:
        return "–"
    if stats.get("n", 1) > 1:
        return f"{stats['median']:.{digits}f} ({stats['min']:.{digits}f}–{stats['max']:.{digits}f})"
    return f"{stats['median']:.{digits}f}"


def _fmt_s(stats: dict | None) -> str:
    if not stats:
        return "–"
    spread = f" ±{stats['spread'] * 50:.0f}%" if stats.get("n", 1) > 1 else ""
    return f"{stats['median']:.1f} s{spread}"


def _mib(value: int | None) -> str:
    return "–" if not value else f"{value / MIB:,.0f} MiB"


def incremental_ratio(doc: dict) -> float | None:
    inc, full = (
        _med(doc, "incremental", "dbt_build_incremental", "seconds"),
        _med(doc, "build", "dbt", "seconds"),
    )
    return inc / full if inc and full else None


def incremental_total_ratio(doc: dict) -> float | None:
    inc = _med(doc, "incremental", "total")
    full = (_med(doc, "ingest", "mizan", "seconds") or 0) + (
        _med(doc, "build", "dbt", "seconds") or 0
    )
    return inc / full if inc and full else None


def peak_rss(doc: dict) -> int:
    peaks = [_get(doc, "e2e", "tree_rss", default=0)]
    for path in (
        ("ingest", "mizan"),
        ("build", "dbt"),
        ("incremental", "ingest_new_month"),
        ("incremental", "dbt_build_incremental"),
    ):
        peaks.append(_get(doc, *path, "tree_rss", default=0))
    return max(peaks)


def total_rows(doc: dict) -> int:
    return sum((_get(doc, "data", "rows") or {}).values())


def growth(docs: list[dict]) -> dict[str, float]:
    """Exponent of time against rows between the smallest and the largest scale measured:
    1 = linear, below 1 = fixed costs still dominate, above 1 = worse than linear."""
    if len(docs) < 2:
        return {}
    small, big = docs[0], docs[-1]
    rows = total_rows(big) / max(total_rows(small), 1)
    out = {}
    for name, path in {
        "ingest (Mizan)": ("ingest", "mizan", "seconds"),
        "full build (dbt)": ("build", "dbt", "seconds"),
        "incremental (dbt)": ("incremental", "dbt_build_incremental", "seconds"),
        "end to end": ("e2e", "seconds"),
        "SQL limit": ("build", "sql", "seconds"),
        "pandas peer": ("build", "pandas", "seconds"),
    }.items():
        a, b = _value(small, *path), _value(big, *path)
        if a and b and rows > 1:
            out[name] = math.log(b / a) / math.log(rows)
    return out


def targets(docs: list[dict]) -> list[tuple[str, str, str, str]]:
    """(target, scale, measured, holds)."""
    rows = []
    by_scale = {d["scale"]: d for d in docs}

    def at(scale: float) -> dict | None:
        return by_scale.get(scale) or (docs[-1] if docs else None)

    def holds(ok: bool | None) -> str:
        return "–" if ok is None else ("yes" if ok else "**no**")

    for doc in docs:
        r = _med(doc, "ingest", "paired_ratio")
        rows.append(
            (
                "ingest throughput ≥ 1/3 of plain load",
                f"{doc['scale']:g}",
                f"{r:.2f}" if r else "–",
                holds(r >= 1 / 3 if r else None),
            )
        )
    doc = at(5)
    if doc:
        s = f"{doc['scale']:g}"
        r = _med(doc, "build", "ratio_dbt_vs_sql")
        rows.append(
            (
                "full build ≤ 3× SQL limit",
                s,
                f"{r:.1f}×" if r else "–",
                holds(r <= 3 if r else None),
            )
        )
        r = _med(doc, "build", "ratio_pandas_vs_dbt")
        rows.append(
            (
                "full build ≥ 5× faster than pandas",
                s,
                f"{r:.2f}×" if r else "–",
                holds(r >= 5 if r else None),
            )
        )
        r = incremental_ratio(doc)
        rows.append(
            (
                "incremental month ≤ 20 % of full build",
                s,
                f"{r:.0%}" if r else "–",
                holds(r <= 0.2 if r else None),
            )
        )
    g = growth(docs)
    if g:
        span = f"{docs[0]['scale']:g}→{docs[-1]['scale']:g}"
        worst = max(g.items(), key=lambda kv: kv[1])
        rows.append(
            (
                "cost grows no worse than linearly",
                span,
                f"exponent ≤ {worst[1]:.2f} ({worst[0]})",
                holds(worst[1] <= 1.05),
            )
        )
    doc = at(30)
    if doc:
        s = f"{doc['scale']:g}"
        p = p95_ms(_get(doc, "serve", "result"))
        rows.append(
            (
                "dashboard queries p95 ≤ 150 ms",
                s,
                f"{p:.0f} ms" if p else "not measured",
                holds(p <= 150 if p else None),
            )
        )
        peak = peak_rss(doc)
        rows.append(
            (
                "peak RSS ≤ 4 GiB",
                s,
                f"{peak / GIB:.2f} GiB" if peak else "–",
                holds(peak <= 4 * GIB if peak else None),
            )
        )
    return rows


def markdown(docs: list[dict]) -> str:
    if not docs:
        return "No results yet: run `make bench`."
    scales = [f"{d['scale']:g}" for d in docs]
    lines = ["### Ratios (same run, interleaved: median of the per-repetition ratios, min–max)", ""]
    lines.append("| | " + " | ".join(f"scale {s}" for s in scales) + " |")
    lines.append("|---|" + "---|" * len(docs))
    ratio_rows = [
        (
            "ingest: plain load ÷ Mizan time (Mizan's share of the limit's throughput; target ≥ 0.33)",
            lambda d: _fmt_ratio(_get(d, "ingest", "paired_ratio")),
        ),
        (
            "full build: dbt ÷ SQL limit (target ≤ 3)",
            lambda d: _fmt_ratio(_get(d, "build", "ratio_dbt_vs_sql"), 1),
        ),
        (
            "full build: pandas peer ÷ dbt (target ≥ 5)",
            lambda d: _fmt_ratio(_get(d, "build", "ratio_pandas_vs_dbt")),
        ),
        (
            "incremental month: dbt ÷ full dbt build (target ≤ 0.20)",
            lambda d: f"{incremental_ratio(d):.2f}" if incremental_ratio(d) else "–",
        ),
        (
            "incremental month: (ingest + dbt) ÷ (ingest + dbt) of all 25 months",
            lambda d: f"{incremental_total_ratio(d):.2f}" if incremental_total_ratio(d) else "–",
        ),
    ]
    for name, fn in ratio_rows:
        lines.append(f"| {name} | " + " | ".join(fn(d) for d in docs) + " |")
    lines += ["", "### Absolute times (median ± half the spread) and peak RSS", ""]
    lines.append("| step | " + " | ".join(f"scale {s}" for s in scales) + " |")
    lines.append("|---|" + "---|" * len(docs))
    abs_rows = [
        ("rows in the files (25 months)", lambda d: f"{total_rows(d):,}"),
        ("ingest: Mizan", lambda d: _fmt_s(_get(d, "ingest", "mizan", "seconds"))),
        ("ingest: plain load", lambda d: _fmt_s(_get(d, "ingest", "plain", "seconds"))),
        ("full build: dbt build", lambda d: _fmt_s(_get(d, "build", "dbt", "seconds"))),
        (
            "… of which models",
            lambda d: _sec(_get(d, "build", "dbt", "detail", "seconds_by_type", "model")),
        ),
        (
            "… of which data and unit tests",
            lambda d: _sec(
                (_get(d, "build", "dbt", "detail", "seconds_by_type", "test") or 0)
                + (_get(d, "build", "dbt", "detail", "seconds_by_type", "unit_test") or 0)
            ),
        ),
        (
            "… outside nodes (start-up, parse, per-node overhead)",
            lambda d: _sec(_get(d, "build", "dbt", "detail", "outside_nodes")),
        ),
        (
            "dbt: one-off full parse (a deployment's first run; not in the build times)",
            lambda d: _sec(_get(d, "build", "dbt", "detail", "parse_seconds")),
        ),
        (
            "CPU time: dbt build / SQL limit / pandas peer",
            lambda d: " / ".join(
                _sec(_get(d, "build", k, "cpu_seconds", "median")) for k in ("dbt", "sql", "pandas")
            ),
        ),
        ("full build: SQL limit", lambda d: _fmt_s(_get(d, "build", "sql", "seconds"))),
        ("full build: pandas peer", lambda d: _fmt_s(_get(d, "build", "pandas", "seconds"))),
        (
            "incremental: ingest the new month",
            lambda d: _fmt_s(_get(d, "incremental", "ingest_new_month", "seconds")),
        ),
        (
            "incremental: dbt build",
            lambda d: _fmt_s(_get(d, "incremental", "dbt_build_incremental", "seconds")),
        ),
        (
            "… models / data tests / outside nodes",
            lambda d: " / ".join(
                _sec(_get(d, "incremental", "dbt_build_incremental", "detail", *key))
                for key in (
                    ("seconds_by_type", "model"),
                    ("seconds_by_type", "test"),
                    ("outside_nodes",),
                )
            ),
        ),
        ("end to end: `mizan build`, 24 months", lambda d: _sec(_get(d, "e2e", "seconds"))),
        ("… ingest / dbt / publish / Dagster / start-up", _split),
        ("peak RSS: Mizan ingest", lambda d: _mib(_get(d, "ingest", "mizan", "peak_rss"))),
        ("peak RSS: plain load", lambda d: _mib(_get(d, "ingest", "plain", "peak_rss"))),
        ("peak RSS: dbt build (full)", lambda d: _mib(_get(d, "build", "dbt", "peak_rss"))),
        ("peak RSS: SQL limit", lambda d: _mib(_get(d, "build", "sql", "peak_rss"))),
        ("peak RSS: pandas peer", lambda d: _mib(_get(d, "build", "pandas", "peak_rss"))),
        ("peak RSS: end to end (process tree)", lambda d: _mib(_get(d, "e2e", "tree_rss"))),
        (
            "report pack: `mizan report`, every region and national (PDF and Excel)",
            lambda d: (
                f"{_sec(_get(d, 'report', 'seconds'))}, {_get(d, 'report', 'files')} files"
                if _get(d, "report")
                else "not measured"
            ),
        ),
        (
            "peak RSS: report pack (process tree, Chromium included)",
            lambda d: _mib(_get(d, "report", "tree_rss")) if _get(d, "report") else "not measured",
        ),
        (
            "serve: p95 of dashboard queries",
            lambda d: (
                f"{p95_ms(_get(d, 'serve', 'result')):.0f} ms"
                if p95_ms(_get(d, "serve", "result"))
                else "not measured"
            ),
        ),
        ("Spark: dbt build ÷ DuckDB's, same data (same run)", _spark_ratio),
        (
            "agreement dbt = SQL = pandas (= incremental)",
            lambda d: (
                "yes"
                if d.get("agreement") and all(a["agrees"] for a in d["agreement"])
                else "**no**"
            ),
        ),
        (
            "machine load (1-min) before → after",
            lambda d: f"{d['load_before'][0]:.1f} → {d['load_after'][0]:.1f}",
        ),
        ("results file", lambda d: f"`{d['_file']}`"),
    ]
    for name, fn in abs_rows:
        lines.append(f"| {name} | " + " | ".join(fn(d) for d in docs) + " |")
    lines += ["", "### Targets", "", "| target | scale | measured | holds |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets(docs)]
    m = docs[-1]["machine"]
    v = m.get("versions", {})
    lines += [
        "",
        f"Machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('memory_gib')} GiB, {m.get('os')}; "
        f"Python {m.get('python')}, DuckDB {v.get('duckdb')}, dbt-core {v.get('dbt-core')} "
        f"(dbt-duckdb {v.get('dbt-duckdb')}), Dagster {v.get('dagster')}, pandas {v.get('pandas')}. "
        "Shared with other jobs: the load averages above say how busy it was.",
    ]
    notes = sorted({n for d in docs for n in d.get("notes", [])})
    if notes:
        lines += ["", "Notes: " + "; ".join(notes) + "."]
    return "\n".join(lines)


def _spark_ratio(doc: dict) -> str:
    """Spark's dbt build time over DuckDB's on the same raw data (bench/spark_vs_duckdb.py), and
    whether their published tables agreed; "not measured" without the spark extra."""
    report = _get(doc, "spark", "result")
    spark = _get(report or {}, "engines", "spark", "total_s")
    duckdb = _get(report or {}, "engines", "duckdb", "total_s")
    if not spark or not duckdb:
        return "not measured"
    agreed = "agree" if report.get("agree") else "**disagree**"
    return f"{spark / duckdb:.1f}× ({spark:.0f} s vs {duckdb:.0f} s; tables {agreed})"


def _sec(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} s"


def _split(doc: dict) -> str:
    split = _get(doc, "e2e", "split_seconds")
    if not split:
        return "–"
    total = _get(doc, "e2e", "seconds") or 1
    parts = ("ingest", "dbt", "publish", "dagster_in_run", "startup")
    return " / ".join(f"{split.get(p, 0) / total:.0%}" for p in parts)


def console_table(paths: list[Path] | None = None) -> str:
    return markdown(latest_by_scale(paths))


def update_readme() -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(
        f"{head}{START}\n{markdown(latest_by_scale())}\n{END}{tail}", encoding="utf-8"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--readme", action="store_true")
    args = parser.parse_args()
    print(console_table())
    if args.readme:
        update_readme()
