"""Mizan's benchmarks: how fast files become scorecards, as ratios against baselines measured in
the same run (see bench/README.md). `python -m bench.run --scale 1`, `make bench`, `mizan bench`."""
