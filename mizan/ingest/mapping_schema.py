"""The JSON Schema of a mapping file (mapping.yml), and its validation with the file's line numbers.

`schema_for(source)` is the schema of a mapping for one source (its field names listed);
`SCHEMA` is the schema of any mapping (docs/mapping.schema.json, for editors that validate YAML).
`schema_errors(text, source)` checks a mapping's text against it and returns one message per
problem, each prefixed with the line of the YAML where it is (`line 7: fields.category.values: ...`).

    python -m mizan.ingest.mapping_schema > docs/mapping.schema.json
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml

from mizan.ingest.contracts import CONTRACTS

PRESETS = ("open311",)
_SCALAR = {"type": ["string", "number", "boolean"]}
_VALUE_MAP = {
    "type": ["object", "null"],  # null: a section left empty (its entries commented out)
    "description": "file value → code (or any accepted label)",
    "additionalProperties": {"type": ["string", "number"]},
}


def _field_spec() -> dict[str, Any]:
    one_or_many = {
        "oneOf": [
            {"type": ["string", "number"]},
            {"type": "array", "items": {"type": ["string", "number"]}, "minItems": 1},
        ]
    }
    return {
        "description": "A header (short form) or the settings of one field.",
        "type": ["string", "number", "object"],
        "additionalProperties": False,
        "properties": {
            "header": {
                **one_or_many,
                "description": "The column to read; a list: the first the file has. Two fields "
                "may read the same column.",
            },
            "constant": {**_SCALAR, "description": "The value of every row (no column)."},
            "values": {**_VALUE_MAP, "description": "Exact file values → codes."},
            "prefixes": {**_VALUE_MAP, "description": "Values that begin with … → codes."},
            "patterns": {
                **_VALUE_MAP,
                "description": "Regular expressions (Python, searched in the value) → codes.",
            },
            "default": {
                "type": ["string", "number"],
                "description": "Code of any other non-empty value.",
            },
            "empty": {
                "type": ["string", "number"],
                "description": "Code of an empty cell (e.g. unknown).",
            },
            "format": {"type": "string", "description": "strftime pattern of a date column."},
            "formats": {"type": ["string", "array"], "items": {"type": "string"}},
            "date_order": {"enum": ["dmy", "mdy", "DMY", "MDY"]},
            "when": {
                "type": "object",
                "description": "Keep the value only on rows whose field has one of these codes.",
                "additionalProperties": one_or_many,
            },
        },
    }


def schema_for(source: str | None = None) -> dict[str, Any]:
    """The JSON Schema of a mapping for `source` (None: any source)."""
    fields: dict[str, Any] = {"type": "object", "additionalProperties": _field_spec()}
    if source is not None:
        fields["propertyNames"] = {"enum": list(CONTRACTS[source].field_names)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://mizan.example/mapping.schema.json",
        "title": "Mizan layout mapping (mapping.yml)",
        "description": "How the columns and values of a file nobody here designed map to a "
        "source's contract. See docs/mapping.md.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "source": {"enum": list(CONTRACTS) if source is None else [source]},
            "preset": {"enum": list(PRESETS)},
            "description": {"type": "string"},
            "sheet": {"type": ["string", "number"]},
            "delimiter": {"type": "string"},
            "encoding": {"type": "string"},
            "date_order": {"enum": ["dmy", "mdy", "DMY", "MDY"]},
            "fields": fields,
        },
    }


SCHEMA = schema_for(None)


# --- line numbers ---------------------------------------------------------------------------------


def line_index(text: str) -> dict[tuple, int]:
    """Path (keys and list positions) → 1-based line of the YAML node, for every node."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    index: dict[tuple, int] = {}

    def walk(node: yaml.Node, path: tuple) -> None:
        index[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, key.value)
                walk(value, child)
                index[(*child, "<key>")] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return index


def line_of(index: dict[tuple, int], path: tuple, *, key: bool = False) -> int | None:
    """The line of `path` (of its key with `key`), else of the nearest node above it."""
    if key and (*path, "<key>") in index:
        return index[(*path, "<key>")]
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return index.get(())


def dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path) or "(top)"


def schema_errors(document: object, source: str, text: str | None) -> list[str]:
    """Messages for what the schema refuses, in line order, each naming its line."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema_for(source))
    index = line_index(text) if text else {}
    found: list[tuple[int, str]] = []
    for error in _leaf_errors(validator.iter_errors(document)):
        path = tuple(error.absolute_path)
        message = _message(error)
        if "propertyNames" in error.schema_path:  # a field the source does not have
            line = line_of(index, (*path, error.instance), key=True)
            fields = ", ".join(error.validator_value)
            message = f"no field {error.instance!r} in this source; its fields are: {fields}."
            found.append((line or 0, f"{_where(line)}{dotted(path)}: {message}"))
            continue
        line = line_of(index, path)
        if error.validator == "additionalProperties":
            extra = _extra_keys(error)
            for name in extra:
                kline = line_of(index, (*path, name), key=True) or line
                found.append((kline or 0, f"{_where(kline)}{dotted(path)}: {message}"))
            continue
        found.append((line or 0, f"{_where(line)}{dotted(path)}: {message}"))
    return [m for _, m in sorted(found, key=lambda x: x[0])]


def _where(line: int | None) -> str:
    return f"line {line}: " if line else ""


def _leaf_errors(errors: Iterator) -> Iterator:
    for error in errors:
        if error.context:
            # oneOf/anyOf: the alternatives' own errors say more than "not valid under any"
            leaves = [e for e in error.context if e.validator != "type"]
            if leaves:
                yield from _leaf_errors(iter(leaves))
                continue
        yield error


def _extra_keys(error) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return (
        [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
    )


def _message(error) -> str:
    if error.validator == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = ", ".join(repr(k) for k in _extra_keys(error))
        return f"unknown key {extra}; the keys here are: {allowed}."
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}."
    if error.validator == "type":
        kinds = error.validator_value
        kinds = " or ".join(kinds) if isinstance(kinds, list) else kinds
        return f"expected {kinds}, got {json.dumps(error.instance, ensure_ascii=False)[:80]}."
    return error.message


if __name__ == "__main__":
    print(json.dumps(SCHEMA, indent=2, ensure_ascii=False))
