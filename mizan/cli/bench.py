"""`mizan bench`: the benchmarks of bench/ (a source checkout's dev tool), as `make bench` runs them."""

from __future__ import annotations

from pathlib import Path

import click

from mizan.cli.options import profile_option

SKIPPABLE = ("e2e", "incremental", "serve", "spark")


@click.command("bench")
@click.option(
    "--scale",
    "scales",
    type=click.FloatRange(min=0, min_open=True),
    multiple=True,
    default=(1.0,),
    show_default=True,
    help="Demo-data scale (1 ≈ 0.3M complaints over 24 months); repeat for several.",
)
@click.option("--repeat", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--repeat-incremental", type=click.IntRange(min=1), default=2, show_default=True)
@click.option(
    "--work",
    "--home",
    "work",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Scratch and generated data, the benchmark's own home (default bench/work or "
    "$MIZAN_BENCH_WORK).",
)
@profile_option
@click.option("--skip", multiple=True, type=click.Choice(SKIPPABLE), help="Steps to leave out.")
@click.option("--keep", is_flag=True, help="Keep the scratch warehouses after the run.")
def bench(
    scales: tuple[float, ...],
    repeat: int,
    repeat_incremental: int,
    work: Path | None,
    profile: str | None,
    skip: tuple[str, ...],
    keep: bool,
) -> None:
    """Measure ingest, build, incremental, end-to-end and serve against their baselines; write
    bench/results/<date>-s<scale>.json and print the ratio table."""
    try:
        from bench.run import main
    except ImportError:
        raise click.ClickException(
            "The benchmarks live in bench/ of a source checkout: run `make bench` there."
        ) from None
    args = [f"--scale={s:g}" for s in scales]
    args += [f"--repeat={repeat}", f"--repeat-incremental={repeat_incremental}"]
    args += [f"--skip={s}" for s in skip] + (["--keep"] if keep else [])
    args += [f"--work={work}"] if work else []
    args += [f"--profile={profile}"] if profile else []
    main(args)
