"""`mizan demo-data`: fill the inbox with demo files as a deployment's regions would send them."""

from __future__ import annotations

import time
from pathlib import Path

import click

from mizan.cli.options import home_option, profile_option
from mizan.demo import generate_demo_data
from mizan.demo.months import Month
from mizan.settings import Settings


def _month(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return Month.parse(value).label
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def generator_options(f):
    """The generator's options, shared by `mizan demo-data` and `mizan demo`."""
    for option in reversed(_GENERATOR_OPTIONS):
        f = option(f)
    return f


_GENERATOR_OPTIONS = [
    click.option(
        "--months",
        type=click.IntRange(min=1),
        default=24,
        show_default=True,
        help="Number of months to generate.",
    ),
    click.option(
        "--end-month",
        callback=_month,
        default=None,
        metavar="YYYY-MM",
        help="Last month generated. Default: the last complete month.",
    ),
    click.option(
        "--seed",
        type=int,
        default=7,
        show_default=True,
        help="Same seed and arguments give byte-identical files.",
    ),
    click.option(
        "--scale",
        type=click.FloatRange(min=0, min_open=True),
        default=1.0,
        show_default=True,
        help="Volume multiplier (1 ≈ 300k complaints over 24 months for party-eg).",
    ),
    click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=None,
        help="Parallel processes. Default: one per core (up to 4) for large runs.",
    ),
]


@click.command("demo-data")
@home_option
@profile_option
@generator_options
def demo_data(
    home: Path | None,
    profile: str | None,
    months: int,
    end_month: str | None,
    seed: int,
    scale: float,
    workers: int | None,
) -> None:
    """Generate demo files for every source into <home>/inbox, with the fault manifest,
    file index, summary and truth tables in <home>/demo."""
    settings = Settings.from_env(home=home, profile=profile)
    started = time.perf_counter()
    summary = generate_demo_data(
        settings.home,
        profile=settings.profile,
        months=months,
        end_month=end_month,
        seed=seed,
        scale=scale,
        workers=workers,
    )
    elapsed = time.perf_counter() - started
    click.echo(
        f"Demo data for {summary.profile}, {summary.months[0]} to {summary.months[-1]} "
        f"(seed {seed}, scale {scale:g}) in {settings.home}"
    )
    click.echo(f"{'source':<16}{'files':>7}{'rows':>10}{'records':>10}")
    for source, formats in summary.files.items():
        click.echo(
            f"{source:<16}{sum(formats.values()):>7}{summary.rows[source]:>10}"
            f"{summary.records[source]:>10}"
        )
    faults = sum(summary.faults.values())
    click.echo(
        f"faulty rows: {faults}, exact duplicates: {summary.duplicates}, "
        f"file-level cases: {sum(summary.file_cases.values())} (see {summary.manifest_path})"
    )
    if summary.gap_region:
        click.echo(f"{summary.gap_region} sent nothing in {' and '.join(summary.gap_months)}.")
    click.echo(f"Done in {elapsed:.1f} s.")
