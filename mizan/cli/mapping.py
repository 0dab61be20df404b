"""`mizan mapping check` and `mizan mapping suggest`: try a mapping on a file before loading it,
and draft one from a file's headers and values (docs/mapping.md).

    mizan mapping check FILE --source S [--mapping M] [--rows N] [--json] [--home H] [--profile P]
        A dry run (nothing is written to the warehouse or the inbox): the first rows as parsed,
        the rows that would be refused and why, the values each value-mapped column holds that
        nothing maps (with counts) and those that fall to the default, the date order chosen per
        column. Exit 0 when the file would load, 2 when it would be refused whole, 1 when the
        mapping itself is wrong (its errors name their lines).

    mizan mapping suggest SOURCE FILE [-o mapping.yml] [--home H] [--profile P]
        A draft mapping from the file's headers (the aliases the contracts know, then guesses
        marked `# check`) and values (those no label resolves, listed to be mapped).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from mizan.cli.options import home_option, profile_option, settings_for
from mizan.settings import SOURCES

EXIT_REFUSED = 2


@click.group("mapping")
def mapping_command() -> None:
    """Check a mapping on a file, or draft one (docs/mapping.md)."""


@mapping_command.command("check")
@home_option
@profile_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", required=True, type=click.Choice(SOURCES), help="The file's source.")
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The mapping to try (default: none, or the built-in layout the file is in).",
)
@click.option("--rows", default=10, show_default=True, help="How many first rows to show.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of text.")
@click.option("--lang", type=click.Choice(["ar", "en"]), default="en", show_default=True)
def check_command(
    home: Path | None,
    profile: str | None,
    file: Path,
    source: str,
    mapping: Path | None,
    rows: int,
    as_json: bool,
    lang: str,
) -> None:
    """Dry-run FILE with a mapping: what would load, what would not, and why."""
    from mizan.ingest.mapping import MappingError, load_mapping
    from mizan.ingest.preview import dry_run
    from mizan.org import load_profile

    settings = settings_for(home, profile)
    org = load_profile(settings.profile)
    if mapping is not None:
        try:
            load_mapping(mapping, source)
        except MappingError as exc:
            raise click.ClickException(str(exc)) from exc
    preview = dry_run(file, source, settings=settings, profile=org, mapping=mapping, rows=rows)
    if as_json:
        click.echo(json.dumps(preview.as_json(), ensure_ascii=False, default=str))
    else:
        click.echo(render_text(preview, lang))
    if preview.receipt.status == "rejected":
        raise SystemExit(EXIT_REFUSED)


def render_text(preview, lang: str = "en") -> str:
    r = preview.receipt
    out = [f"{preview.file} ({preview.source}), read with {preview.mapping or 'no mapping'}"]
    if r.status == "rejected":
        out.append(f"REFUSED WHOLE: {r.error_ar if lang == 'ar' else r.error}")
        return "\n".join(out)
    out.append(f"rows: {r.rows_in} — would load {r.loaded}, would refuse {r.rejected}")
    for column, d in (r.date_orders or {}).items():
        example = f" (e.g. {d['example']})" if d.get("example") else ""
        out.append(f"date order of {column}: {d['order']}, decided by {d['basis']}{example}")
    out.append("")
    out.append("first rows as parsed (row: field=value; ✗ = would be refused):")
    for row in preview.rows:
        values = row["values"]
        shown = ", ".join(f"{k}={v}" for k, v in values.items() if v not in (None, ""))
        if row["status"] == "refused":
            problem = row["problem_ar"] if lang == "ar" else row["problem_en"]
            out.append(f"  ✗ {row['row']}: {problem}")
            out.append(f"      {shown}")
        else:
            out.append(f"  ✓ {row['row']}: {shown}")
    if preview.unmapped:
        out += ["", "values nothing maps (those rows would be refused):"]
        out += [f"  {v.field}: {v.value!r} × {v.count}" for v in preview.unmapped]
    if preview.defaulted:
        out += ["", "values that fall to the default:"]
        out += [f"  {v.field}: {v.value!r} × {v.count} → {v.code}" for v in preview.defaulted]
    if preview.unknown_columns:
        out += ["", "columns the contract does not know (ignored): " + ", ".join(
            preview.unknown_columns
        )]  # fmt: skip
    return "\n".join(out)


@mapping_command.command("suggest")
@home_option
@profile_option
@click.argument("source", type=click.Choice(SOURCES))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the draft here (default: print it).",
)
def suggest_command(
    home: Path | None, profile: str | None, source: str, file: Path, output: Path | None
) -> None:
    """Draft a mapping.yml for FILE of SOURCE from its headers and values."""
    from mizan.ingest.preview import suggest
    from mizan.org import load_profile

    settings = settings_for(home, profile)
    draft = suggest(file, source, load_profile(settings.profile))
    if output is None:
        click.echo(draft, nl=False)
    else:
        output.write_text(draft, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
