"""The line `mizan build` prints under each materialised asset: counts with thousands
separators, words as they are (a month such as the report pack's '2026-11' is no number)."""

import dagster as dg

from dagster_project.runner import _metadata_summary


def test_counts_and_words_are_both_summarised():
    metadata = {
        "files": dg.MetadataValue.int(28),
        "rows_loaded": dg.MetadataValue.int(156800),
        "month": dg.MetadataValue.text("2026-11"),
        "ignored": dg.MetadataValue.text("not a summary key"),
    }
    assert _metadata_summary(metadata) == "files 28, rows loaded 156,800, month 2026-11"
