"""Demo data: the files a deployment's regions would send, with their faults, for demos, tests
and benchmarks. Pure Python (no Dagster imports).

    generate_demo_data(home, *, profile="party-eg", months=24, end_month=None, seed=7, scale=1.0)

writes, for every region and month (one region stays silent for two consecutive months):

``<home>/inbox/<source>/<region>_<YYYY-MM>[_suffix].<ext>``
    One file per region, source and month in the region's habit: CSV (UTF-8, UTF-8 with BOM,
    Windows-1256, semicolon or tab separated), XLSX (real date cells) or, for meetings, JSON with
    the action items nested under ``"actions"``. Arabic or English headers (labels, aliases,
    canonical names) in any order; region and value spellings, Arabic-Indic/Persian digits,
    Hijri / dd/mm/yyyy / ISO dates, timestamps with UTC offsets. A record still open when its
    month's file is made comes again, changed, in a later file of the same region and source.
    Within one region and source, files sort by month both by name and by modification time.

``<home>/demo/faults.jsonl``
    One JSON object per injected fault. ``kind: "row"``: ``file`` (relative to home),
    ``source``, ``row`` (1-based data row, header excluded; in JSON the 1-based index in the
    top-level list), ``reason`` (a code of ``reasons.ROW_REASONS``), ``column`` (contract field),
    ``key`` and ``value`` (as written); for an action nested in a JSON meeting also
    ``nested_index`` (in its meeting's ``actions``) and ``nested_row`` (among all nested actions of
    the file), with ``source: "meeting_actions"``. A faulty row carries exactly that one fault, and
    its key appears nowhere else (both rows of a ``duplicate_conflict`` are listed).
    ``kind: "duplicate"``: an exact repeat of ``duplicate_of`` (same key, same content: not a
    fault, counted as unchanged). ``kind: "file"``: a file-level case with the ingest ``status`` it
    should get (``rejected`` with ``reason`` missing_columns/undecodable, ``loaded`` with 0 rows for
    the empty and header-only files, ``already_ingested`` for a copy, with ``copy_of``).

``<home>/demo/files.jsonl``
    Every file written: source, region, month, format, encoding, delimiter, header language and
    style, digits, date and timestamp styles, rows (and nested rows), ``sent_at`` (its mtime).

``<home>/demo/summary.json``
    The arguments, files per source and format, rows and distinct records per source, faults per
    reason, the silent region and months, targets, each region's size and performance trend.

``<home>/demo/truth/<source>_by_region_month.csv``
    The generator's own count of clean records (their latest version), per region and month:
    complaints (received, resolved) by month of received_at; meetings (meetings, held) by
    meeting_date; meeting_actions (actions, directives, closed) by issued_date; initiatives
    (initiatives, completed) by planned_start; media_coverage (items, owned, positive, negative)
    by published_at. Every region and month has a line (zeros included).

The same arguments give byte-identical files; each region, source and month draws from its own
random stream, so one change does not reshuffle the rest.
"""

from mizan.demo.generate import DemoSummary, generate_demo_data

__all__ = ["DemoSummary", "generate_demo_data"]
