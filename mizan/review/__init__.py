"""The monthly review beyond the snapshot: alerts raised and delivered after each publish, and
what users write (acknowledgements, comments with owners) — kept in the review store."""
