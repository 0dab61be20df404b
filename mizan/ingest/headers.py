"""Which column of a file is which field of the contract.

A header is recognised in Arabic or English, in any column order, under the field's name, Arabic
label or any alias, compared through `arabic.match_key(..., strip_admin_words=False)` with
underscores read as spaces ("Ticket_No" = "ticket no" = "TICKET NO"). A mapping file's headers
take precedence. Columns that match nothing are kept (they appear in the verbatim row of a
quarantined record) but not loaded. A file that lacks a required field, or holds one field in two
columns, is refused whole with a message that names the columns and the accepted headers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mizan.ingest.contracts import Contract
from mizan.ingest.labels import label_key
from mizan.ingest.mapping import LayoutMapping

header_key = label_key


class FileRejected(Exception):
    """A whole file is refused; `code` is a key of reasons.FILE_REASONS."""

    def __init__(self, code: str, *, column: str = "", value: str = "") -> None:
        from mizan.ingest.reasons import reason_text

        self.code, self.column, self.value = code, column, value
        super().__init__(reason_text(code, "en", column=column, value=value))

    def text(self, lang: str = "en") -> str:
        from mizan.ingest.reasons import reason_text

        return reason_text(self.code, lang, column=self.column, value=self.value)


@dataclass(frozen=True)
class HeaderMap:
    """The file's columns (as sent, made unique) and the contract field each one holds."""

    columns: tuple[str, ...]
    fields: tuple[str | None, ...]
    constants: Mapping[str, str] = field(default_factory=dict)
    # fields that read a column another field already holds (a mapping's choice: a URL that is
    # both the id and the link): field -> column index
    copies: Mapping[str, int] = field(default_factory=dict)

    def column_of(self, name: str) -> int | None:
        try:
            return self.fields.index(name)
        except ValueError:
            return self.copies.get(name)

    @property
    def present(self) -> frozenset[str]:
        """The fields the file gives: a column (its own or shared) or a constant."""
        return frozenset(f for f in self.fields if f) | set(self.copies) | set(self.constants)

    @property
    def field_headers(self) -> dict[str, str]:
        """field -> the header of the column it reads, as sent."""
        out = {name: self.columns[i] for i, name in enumerate(self.fields) if name}
        out.update({name: self.columns[i] for name, i in self.copies.items()})
        return out

    @property
    def signature(self) -> tuple:
        """What two files must share to be read by one statement."""
        return (
            self.columns,
            self.fields,
            tuple(sorted(self.constants.items())),
            tuple(sorted(self.copies.items())),
        )

    def header_of(self, name: str) -> str | None:
        index = self.column_of(name)
        return None if index is None else self.columns[index]

    @property
    def extras(self) -> tuple[int, ...]:
        return tuple(i for i, f in enumerate(self.fields) if f is None)


_INDEXES: dict[tuple[int, int], tuple[Contract, LayoutMapping | None, dict[str, str]]] = {}


def _index(contract: Contract, mapping: LayoutMapping | None) -> dict[str, str]:
    """header key -> field name, for the fields a mapping does not pin to a header (cached)."""
    key = (id(contract), id(mapping))
    cached = _INDEXES.get(key)
    if cached is not None and cached[0] is contract and cached[1] is mapping:
        return cached[2]
    pinned = set(mapping.fields) if mapping else set()
    index: dict[str, str] = {}
    for f in contract.fields:
        if f.name in pinned:
            continue
        for header in f.headers:
            index.setdefault(header_key(header), f.name)
    _INDEXES[key] = (contract, mapping, index)
    return index


def unique_columns(headers: Sequence[object]) -> tuple[str, ...]:
    """Headers as text, blanks named column_<n>, repeats suffixed ' (2)', ' (3)'..."""
    seen: dict[str, int] = {}
    out = []
    for position, header in enumerate(headers, start=1):
        name = "" if header is None else str(header).strip()
        name = name or f"column_{position}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return tuple(out)


_KEY_CACHE: dict[str, str] = {}


def candidate_fields(
    contract: Contract, headers: Sequence[object], mapping: LayoutMapping | None = None
) -> int:
    """How many distinct fields a row of cells would provide if it were the header row."""
    index = _index(contract, mapping)
    pinned = {
        header_key(h): n
        for n, m in (mapping.fields.items() if mapping else ())
        for h in m.candidates
    }
    found = set()
    if len(_KEY_CACHE) > 50_000:
        _KEY_CACHE.clear()
    for cell in headers:
        text = "" if cell is None else str(cell)
        key = _KEY_CACHE.get(text)
        if key is None:
            key = _KEY_CACHE[text] = header_key(text)
        if key in pinned:
            found.add(pinned[key])
        elif key in index:
            found.add(index[key])
    return len(found)


def match_headers(
    contract: Contract, headers: Sequence[object], mapping: LayoutMapping | None = None
) -> HeaderMap:
    """Map a header row to the contract.

    Raises FileRejected (missing_columns, duplicate_columns)."""
    columns = unique_columns(headers)
    keys = [header_key("" if h is None else str(h)) for h in headers]
    fields: list[str | None] = [None] * len(columns)
    constants: dict[str, str] = {}
    copies: dict[str, int] = {}
    pinned_missing: list[str] = []
    if mapping:
        for name, fm in mapping.fields.items():
            if fm.constant is not None:
                constants[name] = fm.constant
            elif fm.candidates:
                hits = []
                for candidate in fm.candidates:  # the first header the file has
                    wanted = header_key(candidate)
                    hits = [i for i, k in enumerate(keys) if k == wanted]
                    if hits:
                        break
                if not hits:
                    pinned_missing.append(f"{name} ← «{' / '.join(fm.candidates)}»")
                    continue
                if fields[hits[0]] is None:
                    fields[hits[0]] = name
                else:  # one column feeding several fields
                    copies[name] = hits[0]
    index = _index(contract, mapping)
    claimed: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if fields[i] is not None:
            continue
        name = index.get(key)
        if name and name not in constants:
            claimed.setdefault(name, []).append(i)
    for name, hits in claimed.items():
        if len(hits) > 1:
            raise FileRejected(
                "duplicate_columns",
                column=", ".join(f"«{columns[i]}»" for i in hits),
                value=name,
            )
        fields[hits[0]] = name
    present = {f for f in fields if f} | set(constants) | set(copies)
    # a field the mapping gives a code for empty cells may be absent: every row gets that code
    filled = {n for n, m in mapping.fields.items() if m.empty is not None} if mapping else set()
    missing = [f for f in contract.required_fields if f.name not in present | filled]
    if missing or pinned_missing:
        described = [f"{f.name} ({f.label_ar})" for f in missing] + pinned_missing
        accepted = (
            "; ".join(f"{f.name}: " + " / ".join(dict.fromkeys(f.headers)) for f in missing)
            or "the headers named in the mapping file"
        )
        raise FileRejected("missing_columns", column=", ".join(described), value=accepted)
    return HeaderMap(columns=columns, fields=tuple(fields), constants=constants, copies=copies)
