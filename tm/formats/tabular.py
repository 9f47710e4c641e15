"""TSV and CSV: one unit a row, under a header row naming the columns.

The columns are the `Unit` fields (see `FIELDS`); any subset holding `source` and `target`
will do, the languages coming from the command line when they are not columns. A TSV file
may also be bare `source<TAB>target` lines with no header, as most tools write them.

TSV has no quoting, so the writer escapes what would break a row (backslash, tab, line
breaks) as `\\\\`, `\\t`, `\\n`, `\\r`, and the reader undoes exactly those; CSV is RFC 4180 via
the csv module, which quotes instead.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TextIO

from tm.formats._fields import FIELDS, Skip, fail, record_defaults, unit_cells, unit_from_cells
from tm.unit import Unit

_BARE = ("source", "target")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {value[1]: key for key, value in _ESCAPES.items()}
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_TO_ESCAPE = re.compile(r"[\\\t\n\r]")


def escape_tsv(text: str) -> str:
    return _TO_ESCAPE.sub(lambda match: _ESCAPES[match[0]], text)


def unescape_tsv(text: str) -> str:
    """Undo `escape_tsv`; a backslash before any other character is kept as it is."""
    if "\\" not in text:
        return text
    return _ESCAPED.sub(lambda match: _UNESCAPES.get(match[1], match[0]), text)


def _header(cells: Sequence[str], *, source: str) -> tuple[str, ...] | None:
    names = tuple(cell.strip().lower() for cell in cells)
    if not set(_BARE) <= set(names):
        return None
    for name in names:
        if name not in FIELDS:
            raise fail(
                f"unknown column {name!r} (known: {', '.join(FIELDS)})",
                source=source,
                line=1,
                field=name,
            )
    return names


def _units(
    rows: Iterable[tuple[int, list[str]]],
    columns: tuple[str, ...],
    *,
    source: str,
    defaults: Mapping[str, str],
    describe: str,
) -> Iterator[Unit]:
    for line, cells in rows:
        if len(cells) != len(columns):
            fields = "field" if len(cells) == 1 else "fields"
            raise fail(
                f"expected {describe}, found {len(cells)} {fields}",
                source=source,
                line=line,
            )
        named = dict(zip(columns, cells, strict=True))
        yield unit_from_cells(named, source=source, line=line, defaults=defaults)


def read_tsv(
    lines: Iterable[str],
    *,
    source: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    origin: str = "import:tsv",
) -> Iterator[Unit | Skip]:
    """Every row as a unit; a FormatError names the first bad line. Blank lines are ignored."""

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, raw in enumerate(lines, start=1):
            line = raw.removesuffix("\n").removesuffix("\r")
            if line.strip():
                yield number, [unescape_tsv(cell) for cell in line.split("\t")]

    numbered = rows()
    first = next(numbered, None)
    if first is None:
        return
    columns = _header(first[1], source=source) if first[0] == 1 else None
    body = numbered if columns else itertools.chain([first], numbered)
    describe = (
        f"{len(columns)} tab-separated fields as in the header" if columns else "source<TAB>target"
    )
    defaults = record_defaults(src_lang, tgt_lang, origin)
    yield from _units(body, columns or _BARE, source=source, defaults=defaults, describe=describe)


def read_csv(
    lines: Iterable[str],
    *,
    source: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    origin: str = "import:csv",
) -> Iterator[Unit | Skip]:
    """RFC 4180 rows under a header row; give the file opened with newline=""."""
    reader = csv.reader(lines, strict=True)
    try:
        first = next(reader, None)
        if first is None:
            return
        columns = _header(first, source=source)
        if columns is None:
            raise fail(
                "a CSV file needs a header row naming its columns, at least source and target",
                source=source,
                line=1,
            )

        def rows() -> Iterator[tuple[int, list[str]]]:
            for cells in reader:
                if cells and any(cell.strip() for cell in cells):
                    yield reader.line_num, cells

        yield from _units(
            rows(),
            columns,
            source=source,
            defaults=record_defaults(src_lang, tgt_lang, origin),
            describe=f"{len(columns)} comma-separated fields as in the header",
        )
    except csv.Error as err:
        raise fail(f"not valid CSV: {err}", source=source, line=reader.line_num) from err


def write_tsv(units: Iterable[Unit], out: TextIO, *, columns: Sequence[str] = FIELDS) -> int:
    """A header and one row per unit; returns how many units were written."""
    out.write("\t".join(columns) + "\n")
    count = 0
    for unit in units:
        cells = unit_cells(unit)
        out.write("\t".join(escape_tsv(cells[name]) for name in columns) + "\n")
        count += 1
    return count


def write_csv(units: Iterable[Unit], out: TextIO, *, columns: Sequence[str] = FIELDS) -> int:
    """A header and one row per unit; give the file opened with newline=""."""
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for unit in units:
        cells = unit_cells(unit)
        writer.writerow([cells[name] for name in columns])
        count += 1
    return count
