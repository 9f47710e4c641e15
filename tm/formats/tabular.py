r"""TSV and CSV: one unit a row.

Our own files. `write_tsv` and `write_csv` write a header row naming every unit field (see
`FIELDS`). A file whose header names at least src_lang, tgt_lang, source, target, status and
origin (`OWN_COLUMNS`, as every file this workbench writes) is read as ours:

- Our TSV has no quoting: it escapes exactly four characters, backslash as `\\`, tab as `\t`,
  line feed as `\n` and carriage return as `\r`, and reading it decodes exactly those four (a
  backslash before any other character is kept), so every text comes back as it was written.
- Our CSV is RFC 4180 (a cell is quoted when it must be). A cell a spreadsheet would run as a
  formula, one starting with = + - @, a tab or a carriage return, possibly after apostrophes,
  is written with one more apostrophe in front (`=SUM(A1)` -> `'=SUM(A1)`); reading our CSV
  back removes that one apostrophe, so the guard is reversible.

Other tools' files are read literally: no escape is decoded and no apostrophe removed. A
cell may be quoted as Excel and pandas quote it (`"a<TAB>b"`, `"a ""quoted"" word"`, a
quoted cell running over several lines); a quote that does not open and close a whole cell
that way is text (`"Yes," he said`), except that in a CSV a quote opening a cell that never
closes is an error naming its line (in a TSV it is text: `"We will win.` starting a row).
The first row may name unit fields (`source,target,note`, the languages then coming from
--src-lang/--tgt-lang), or languages (`kk<TAB>en`, `kk-KZ;en-GB;ru-RU`: the first column is
the source unless --src-lang names another, each other column a target, or only the one
--tgt-lang names; an empty cell is skipped), or be a first pair of texts (the languages from
the command line). A CSV's delimiter, `,`, `;` (Excel in a Russian or Kazakh locale) or a
tab, is told from its first row; empty cells Excel leaves after the last column are ignored.
"""

from __future__ import annotations

import csv
import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TextIO

from tm.errors import LanguageError
from tm.formats._fields import (
    FIELDS,
    IGNORED_COLUMNS,
    Skip,
    fail,
    record_defaults,
    unit_cells,
    unit_from_cells,
)
from tm.lang import canonical_tag, tags_match
from tm.unit import Unit

OWN_COLUMNS = frozenset({"src_lang", "tgt_lang", "source", "target", "status", "origin"})
# The delimiters a CSV may use, in the order they are tried, as errors name them.
DELIMITERS = {",": "','", ";": "';'", "\t": "a tab"}
_BARE = ("source", "target")
# A quoted cell may run over lines, up to this many characters for the whole row.
_MAX_ROW_CHARS = 1 << 20

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {value[1]: key for key, value in _ESCAPES.items()}
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_TO_ESCAPE = re.compile(r"[\\\t\n\r]")
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def escape_tsv(text: str) -> str:
    return _TO_ESCAPE.sub(lambda match: _ESCAPES[match[0]], text)


def unescape_tsv(text: str) -> str:
    """Undo `escape_tsv`; a backslash before any other character is kept as it is."""
    if "\\" not in text:
        return text
    return _ESCAPED.sub(lambda match: _UNESCAPES.get(match[1], match[0]), text)


def guard_formula(text: str) -> str:
    """The cell as our CSV writes it: one more apostrophe before what a spreadsheet would run."""
    return "'" + text if _FORMULA.match(text) else text


def unguard_formula(text: str) -> str:
    """Undo `guard_formula`."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text) else text


# --- rows of delimited text ----------------------------------------------------------------


class _Cut(enum.Enum):
    OPEN = "a quoted cell goes on past the end of the text"
    BROKEN = "a quote taken as opening a cell over lines is not one"


class _Quoting(enum.Enum):
    NONE = "our TSV: no quotes, escapes"
    STRICT = "CSV: a quote opening a cell must close it"
    LENIENT = "other tools' TSV: a quote that does not close a cell is text"


class _Lines:
    """Numbered lines (line ends kept) that can be put back after a look ahead."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = enumerate(lines, start=1)
        self._back: list[tuple[int, str]] = []

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return self

    def __next__(self) -> tuple[int, str]:
        return self._back.pop() if self._back else next(self._lines)

    def put_back(self, taken: Sequence[tuple[int, str]]) -> None:
        self._back.extend(reversed(taken))


def _body(raw: str) -> str:
    return raw.removesuffix("\n").removesuffix("\r")


def _quoted(text: str, start: int, delimiter: str) -> tuple[str, int] | _Cut | None:
    """The quoted cell opening at `start` and the index just after its closing quote; OPEN
    when it does not close in `text`; None when the quote that closes it is not followed by
    the delimiter or the end (so its quotes are text)."""
    parts = []
    at = start + 1
    while (close := text.find('"', at)) >= 0:
        parts.append(text[at:close])
        if text.startswith('"', close + 1):
            parts.append('"')
            at = close + 2
            continue
        end = close + 1
        if end == len(text) or text.startswith(delimiter, end):
            return "".join(parts), end
        return None
    return _Cut.OPEN


def _cells(text: str, delimiter: str, *, open_is_text: bool = False) -> list[str] | _Cut:
    """The cells of a row (`text` without its final line end, maybe several lines)."""
    if '"' not in text:  # most rows: nothing quoted (and only a quote joins lines)
        return text.split(delimiter)
    try:  # well-formed quoting, the csv module's C parser; anything else below
        return next(csv.reader([text], delimiter=delimiter, strict=True))
    except csv.Error:
        pass
    cells: list[str] = []
    at = 0
    while True:
        if text.startswith('"', at):
            quoted = _quoted(text, at, delimiter)
            if quoted is _Cut.OPEN and not open_is_text:
                return _Cut.OPEN
            if isinstance(quoted, tuple):
                cells.append(quoted[0])
                if quoted[1] == len(text):
                    return cells
                at = quoted[1] + len(delimiter)
                continue
        end = text.find(delimiter, at)
        cell = text[at:] if end < 0 else text[at:end]
        if "\n" in cell or "\r" in cell:  # only a wrong look ahead puts a line end here
            return _Cut.BROKEN
        cells.append(cell)
        if end < 0:
            return cells
        at = end + len(delimiter)


def _line_cells(line: str, delimiter: str) -> list[str]:
    """The cells of one line, a quote left open being text."""
    cells = _cells(line, delimiter, open_is_text=True)
    return cells if isinstance(cells, list) else [line]  # open_is_text never cuts


def _header_cells(line: str, delimiter: str) -> list[str]:
    """The cells of a first row, without the empty ones a spreadsheet leaves at its end."""
    cells = _line_cells(line, delimiter)
    while len(cells) > 1 and not cells[-1].strip():
        cells.pop()
    return cells


def _trimmed(cells: list[str], width: int | None) -> list[str]:
    """Without the empty cells a spreadsheet leaves after the last column."""
    while width is not None and len(cells) > width and cells[-1] == "":
        cells.pop()
    return cells


def _over_lines(first: str, lines: _Lines, delimiter: str, width: int | None) -> list[str] | None:
    """The row whose quoted cell opens on line `first` and closes on a later line, when that
    gives a row of `width` cells; else None, with the lines looked at put back."""
    text = first
    taken = []
    for number, raw in lines:
        taken.append((number, raw))
        text += raw
        if len(text) > _MAX_ROW_CHARS:
            break
        if '"' not in raw:
            continue
        cells = _cells(_body(text), delimiter)
        if cells is _Cut.OPEN:
            continue
        if isinstance(cells, list) and len(_trimmed(cells, width)) == (width or len(cells)):
            return cells
        break
    lines.put_back(taken)
    return None


def _rows(
    lines: _Lines, delimiter: str, *, quoting: _Quoting, width: int | None, source: str
) -> Iterator[tuple[int, list[str]]]:
    """(line of its start, cells) for each row that is not blank."""
    for number, raw in lines:
        line = _body(raw)
        if not line.strip():
            continue
        if quoting is _Quoting.NONE:
            yield number, _trimmed(line.split(delimiter), width)
            continue
        cut = _cells(line, delimiter)
        cells = cut if isinstance(cut, list) else None
        if cells is None:
            strict = quoting is _Quoting.STRICT
            cells = _over_lines(raw, lines, delimiter, None if strict else width)
            if cells is None and strict:
                raise fail(
                    "a quoted cell opens on this line and does not close as CSV requires (with "
                    "a quote followed by the delimiter or the end of the row; a quote inside "
                    'a quoted cell is written twice, "")',
                    source=source,
                    line=number,
                )
            cells = cells or _line_cells(line, delimiter)
        yield number, _trimmed(cells, width)


# --- what the columns hold -----------------------------------------------------------------


def _field_header(cells: Sequence[str], *, source: str, line: int) -> tuple[str, ...] | None:
    names = tuple(cell.strip().lower() for cell in cells)
    if not set(_BARE) <= set(names):
        return None
    for name in names:
        if name not in FIELDS and name not in IGNORED_COLUMNS:
            raise fail(
                f"unknown column {name!r} (known: {', '.join(FIELDS)})",
                source=source,
                line=line,
                field=name,
            )
    return names


def _language_header(
    cells: Sequence[str], src_lang: str | None, tgt_lang: str | None
) -> tuple[str, ...] | None:
    """The language tags a header row names, one per column; None if it is not one. When
    the command line names languages, at least one column must be one of them."""
    if len(cells) < 2:
        return None
    try:
        tags = tuple(canonical_tag(cell) for cell in cells)
    except LanguageError:
        return None
    given = [lang for lang in (src_lang, tgt_lang) if lang]
    if len(set(tags)) != len(tags) or (
        given and not any(tags_match(tag, lang) for tag in tags for lang in given)
    ):
        return None
    return tags


def _is_header(cells: Sequence[str], src_lang: str | None, tgt_lang: str | None) -> bool:
    names = {cell.strip().lower() for cell in cells}
    return set(_BARE) <= names or _language_header(cells, src_lang, tgt_lang) is not None


def _sniff(
    line: str, *, source: str, number: int, src_lang: str | None, tgt_lang: str | None
) -> str:
    """The delimiter of a CSV from its first row: the one that makes it a header, else (with
    both languages given) the only one that splits it in two."""
    split = {d: _header_cells(line, d) for d in DELIMITERS}
    headers = [
        d for d, cells in split.items() if len(cells) > 1 and _is_header(cells, src_lang, tgt_lang)
    ]
    if headers:
        return max(headers, key=lambda d: len(split[d]))
    pairs = [d for d, cells in split.items() if len(cells) == 2]
    if src_lang and tgt_lang and len(pairs) == 1:
        return pairs[0]
    raise fail(
        "cannot tell how this CSV separates its cells: its first row should be a header "
        "naming the columns (source and target, or languages such as kk,en) separated by "
        f"{', '.join(DELIMITERS.values())}; without a header, give --src-lang and --tgt-lang "
        "and two cells a row (a CSV saved by Excel in a Russian or Kazakh locale uses ';')",
        source=source,
        line=number,
    )


def _count_error(describe: str, found: int, *, source: str, line: int) -> Exception:
    fields = "field" if found == 1 else "fields"
    return fail(f"expected {describe}, found {found} {fields}", source=source, line=line)


def _field_units(
    rows: Iterable[tuple[int, list[str]]],
    columns: tuple[str, ...],
    *,
    decode: Callable[[str], str] | None,
    source: str,
    defaults: Mapping[str, str],
    describe: str,
) -> Iterator[Unit]:
    for line, cells in rows:
        if len(cells) != len(columns):
            raise _count_error(describe, len(cells), source=source, line=line)
        named = {
            name: decode(cell) if decode and cell else cell
            for name, cell in zip(columns, cells, strict=True)
            if name not in IGNORED_COLUMNS
        }
        yield unit_from_cells(named, source=source, line=line, defaults=defaults)


def _language_units(
    rows: Iterable[tuple[int, list[str]]],
    tags: tuple[str, ...],
    *,
    source: str,
    header_line: int,
    src_lang: str | None,
    tgt_lang: str | None,
    origin: str,
    describe: str,
) -> Iterator[Unit | Skip]:
    """A unit per row and target column, under a header naming each column's language."""
    at = next((i for i, tag in enumerate(tags) if src_lang and tags_match(tag, src_lang)), None)
    if at is None and src_lang:
        raise fail(
            f"no column in {src_lang} (the header names {', '.join(tags)})",
            source=source,
            line=header_line,
            field="src_lang",
        )
    at = at or 0
    targets = [i for i, tag in enumerate(tags) if i != at]
    if tgt_lang:
        targets = [i for i in targets if tags_match(tags[i], tgt_lang)][:1]
        if not targets:
            raise fail(
                f"no column in {tgt_lang} (the header names {', '.join(tags)})",
                source=source,
                line=header_line,
                field="tgt_lang",
            )
    defaults = {"origin": origin}
    for line, cells in rows:
        if len(cells) != len(tags):
            raise _count_error(describe, len(cells), source=source, line=line)
        for to in targets:
            if not cells[at].strip() or not cells[to].strip():
                yield Skip(f"an empty {tags[to] if cells[at].strip() else tags[at]} cell", line)
                continue
            named = {
                "src_lang": tags[at],
                "tgt_lang": tags[to],
                "source": cells[at],
                "target": cells[to],
            }
            yield unit_from_cells(named, source=source, line=line, defaults=defaults)


def _read(
    lines: Iterable[str],
    *,
    source: str,
    delimiter: str | None,
    own: Callable[[str], str],
    quoting: _Quoting,
    own_quoting: _Quoting,
    src_lang: str | None,
    tgt_lang: str | None,
    origin: str,
) -> Iterator[Unit | Skip]:
    """Every row of a TSV or CSV; our own files are quoted as `own_quoting` says and `own`
    decodes their cells."""
    numbered = _Lines(lines)
    first = next(((n, raw) for n, raw in numbered if _body(raw).strip()), None)
    if first is None:
        return
    number, raw = first
    line = _body(raw)
    if delimiter is None:
        delimiter = _sniff(line, source=source, number=number, src_lang=src_lang, tgt_lang=tgt_lang)
    cells = _header_cells(line, delimiter)
    name = DELIMITERS.get(delimiter, repr(delimiter))
    columns = _field_header(cells, source=source, line=number)
    if columns is not None:
        ours = set(columns) >= OWN_COLUMNS
        yield from _field_units(
            _rows(
                numbered,
                delimiter,
                quoting=own_quoting if ours else quoting,
                width=len(columns),
                source=source,
            ),
            columns,
            decode=own if ours else None,
            source=source,
            defaults=record_defaults(src_lang, tgt_lang, origin),
            describe=f"{len(columns)} fields separated by {name}, as in the header",
        )
        return
    tags = _language_header(cells, src_lang, tgt_lang)
    if tags is not None:
        yield from _language_units(
            _rows(numbered, delimiter, quoting=quoting, width=len(tags), source=source),
            tags,
            source=source,
            header_line=number,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            origin=origin,
            describe=f"{len(tags)} fields separated by {name}, as in the header",
        )
        return
    numbered.put_back([first])
    yield from _field_units(
        _rows(numbered, delimiter, quoting=quoting, width=2, source=source),
        _BARE,
        decode=None,
        source=source,
        defaults=record_defaults(src_lang, tgt_lang, origin),
        describe="source<TAB>target" if delimiter == "\t" else f"source{delimiter}target",
    )


def read_tsv(
    lines: Iterable[str],
    *,
    source: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    origin: str = "import:tsv",
) -> Iterator[Unit | Skip]:
    """Every row as a unit (see the module's docstring); a FormatError names the first bad
    line. Give the lines with their line ends (a file opened with newline="")."""
    return _read(
        lines,
        source=source,
        delimiter="\t",
        own=unescape_tsv,
        quoting=_Quoting.LENIENT,
        own_quoting=_Quoting.NONE,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        origin=origin,
    )


def read_csv(
    lines: Iterable[str],
    *,
    source: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    origin: str = "import:csv",
) -> Iterator[Unit | Skip]:
    """Every row as a unit, the delimiter told from the first row; give the file opened with
    newline=""."""
    return _read(
        lines,
        source=source,
        delimiter=None,
        own=unguard_formula,
        quoting=_Quoting.STRICT,
        own_quoting=_Quoting.STRICT,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        origin=origin,
    )


def write_tsv(units: Iterable[Unit], out: TextIO, *, columns: Sequence[str] = FIELDS) -> int:
    """A header and one row per unit, escaped; returns how many units were written."""
    out.write("\t".join(columns) + "\n")
    count = 0
    for unit in units:
        cells = unit_cells(unit)
        out.write("\t".join(escape_tsv(cells[name]) for name in columns) + "\n")
        count += 1
    return count


def write_csv(units: Iterable[Unit], out: TextIO, *, columns: Sequence[str] = FIELDS) -> int:
    """A header and one row per unit, formulas guarded; give the file opened with newline=""."""
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for unit in units:
        cells = unit_cells(unit)
        writer.writerow([guard_formula(cells[name]) for name in columns])
        count += 1
    return count
