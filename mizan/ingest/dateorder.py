"""Day first or month first: the order of a/b/yyyy dates, decided per file and column.

`04/12/2018` is 4 December in Cairo and 12 April in Chicago. Nothing in the value says which, so
the order is decided per file and date column from all of its values, before anything is parsed:

1. the mapping says (`formats`, or `date_order: dmy|mdy` for the column or the whole mapping);
2. the data says: a first part above 12 (`13/04/2018`) can only be day first, a second part above
   12 (`04/13/2018`) only month first — a column with both is contradictory and the file is
   refused; a US 12-hour time (`AM`/`PM`, not the Arabic ص/م) means month first unless a value
   proves otherwise;
3. the organisation profile's `date_order`;
4. otherwise, if some value could be read both ways (both parts ≤ 12 and different), the file is
   refused with a reason naming the column and how to declare the order — never loaded with
   months and days swapped.

ISO dates, Excel serials, Hijri dates (always day first) and two-digit years are not evidence.
The receipt says which order was chosen for each column, and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from mizan.ingest import parsing as P
from mizan.ingest.contracts import Contract
from mizan.ingest.headers import FileRejected
from mizan.ingest.mapping import LayoutMapping
from mizan.ingest.sqlfuncs import ident, lit, re_class

DATE_KINDS = ("date", "timestamp")
# Only a value that starts (after the characters mz_clean trims) with a/b/ of one or two digits
# each can be evidence: anchored, the test is cheap and lets ISO dates (`2018-04-12`, most of the
# values in most files) skip the full grammar — unanchored it matched their `18-04-`.
_DIGIT = r"[0-9\x{660}-\x{669}\x{6f0}-\x{6f9}]"
_PREFILTER = f"^{re_class(P.TRIM_CHARS)}*{_DIGIT}{{1,2}}[-/.]{_DIGIT}{{1,2}}[-/.]"


@dataclass(frozen=True)
class Evidence:
    """What a file's values of one date column say about their order."""

    day_first: str | None = None  # a value only valid day first (first part > 12)
    month_first: str | None = None  # a value only valid month first (second part > 12)
    ampm: str | None = None  # a value with a US 12-hour time
    ambiguous: str | None = None  # a value valid both ways, with different readings


@dataclass(frozen=True)
class Decision:
    order: str  # dmy | mdy
    basis: str  # mapping | formats | data | am/pm | profile | default
    example: str | None = None

    def as_json(self) -> dict:
        return {"order": self.order, "basis": self.basis, "example": self.example}


def evidence_sql(stage: str, field_name: str, stage_column: str) -> str:
    """Per file: one example value for each kind of evidence (NULL when none)."""
    groups = "[" + ", ".join(lit(g) for g in P.DATETIME_GROUPS) + "]"
    hijri = "(" + ", ".join(lit(m) for m in P.HIJRI_MARKS) + ")"
    col = ident(stage_column)
    return f"""
SELECT _file_idx, {lit(field_name)} AS field,
    any_value(v) FILTER (WHERE a > 12 AND a <= 31 AND b BETWEEN 1 AND 12) AS day_first,
    any_value(v) FILTER (WHERE b > 12 AND b <= 31 AND a BETWEEN 1 AND 12) AS month_first,
    any_value(v) FILTER (WHERE ampm IN ('am', 'pm')) AS ampm,
    any_value(v) FILTER (WHERE a BETWEEN 1 AND 12 AND b BETWEEN 1 AND 12 AND a <> b) AS ambiguous
FROM (
    SELECT _file_idx, v, try_cast(g.a AS INTEGER) AS a, try_cast(g.b AS INTEGER) AS b, g.ampm
    FROM (
        SELECT _file_idx, {col} AS v,
            regexp_extract(regexp_replace(lower(mz_digits(mz_clean({col}))), {lit(P.SPACES_RE)},
                           ' ', 'g'), {lit(P.DATETIME_RE)}, {groups}) AS g
        FROM {stage}
        WHERE {col} IS NOT NULL AND regexp_matches({col}, {lit(_PREFILTER)})
    )
    WHERE g.a <> '' AND length(g.a) <= 2 AND length(g.c) = 4
        AND g.era NOT IN {hijri} AND g.era2 = ''
        AND NOT (try_cast(g.c AS INTEGER) BETWEEN {P.HIJRI_YEAR_HINT[0]} AND {P.HIJRI_YEAR_HINT[1]})
)
GROUP BY _file_idx
"""


def gather(con, stage: str, contract: Contract, files: set[int]) -> dict[tuple[int, str], Evidence]:
    """Evidence per (file, date field) of a staged batch."""
    from mizan.ingest.normalise import stage_column

    out: dict[tuple[int, str], Evidence] = {}
    for f in contract.fields:
        if f.kind not in DATE_KINDS:
            continue
        for idx, name, day_first, month_first, ampm, ambiguous in con.execute(
            evidence_sql(stage, f.name, stage_column(f.name))
        ).fetchall():
            if int(idx) in files:
                out[int(idx), name] = Evidence(day_first, month_first, ampm, ambiguous)
    return out


def decide(
    field_name: str,
    evidence: Evidence | None,
    mapping: LayoutMapping | None,
    profile_order: str | None,
) -> Decision | FileRejected:
    """The order of one column of one file, or why the file is refused."""
    fm = mapping.get(field_name) if mapping else None
    if fm and fm.formats:
        return Decision("formats", "mapping", None)
    declared = mapping.date_order_of(field_name) if mapping else None
    if declared:
        return Decision(declared, "mapping")
    ev = evidence or Evidence()
    if ev.day_first and ev.month_first:
        return FileRejected(
            "contradictory_date_order",
            column=field_name,
            value=f"{ev.day_first} is only valid day first, {ev.month_first} only month first",
        )
    if ev.day_first:
        return Decision("dmy", "data", ev.day_first)
    if ev.month_first:
        return Decision("mdy", "data", ev.month_first)
    if ev.ampm:
        return Decision("mdy", "am/pm", ev.ampm)
    if profile_order:
        return Decision(profile_order, "profile", ev.ambiguous)
    if ev.ambiguous:
        return FileRejected("ambiguous_date_order", column=field_name, value=ev.ambiguous)
    return Decision("dmy", "default")


def decide_batch(
    con,
    stage: str,
    contract: Contract,
    files: list,
    mapping: LayoutMapping | None,
    profile_order: str | None,
) -> tuple[dict[str, set[int]], dict[int, dict[str, Decision]], dict[int, FileRejected]]:
    """For the live files of a staged batch: the files read month first per field, the decision
    per file and field (for the receipt), and the files to refuse."""
    live = {f.idx for f in files if not f.rejected}
    evidence = gather(con, stage, contract, live) if live else {}
    mdy: dict[str, set[int]] = {}
    decisions: dict[int, dict[str, Decision]] = {}
    refused: dict[int, FileRejected] = {}
    for idx in sorted(live):
        for f in contract.fields:
            if f.kind not in DATE_KINDS:
                continue
            ev = evidence.get((idx, f.name))
            outcome = decide(f.name, ev, mapping, profile_order)
            if isinstance(outcome, FileRejected):
                refused.setdefault(idx, outcome)
                continue
            if ev is not None or outcome.basis == "mapping":
                decisions.setdefault(idx, {})[f.name] = outcome
            if outcome.order == "mdy":
                mdy.setdefault(f.name, set()).add(idx)
    return mdy, decisions, refused
