"""What every unit reader and writer shares: the field list, text <-> value, checks with lines.

Readers turn each record of a file into a `Unit` checked here, so that a bad value is
reported with the file, the line and the field (the store would only say "units, line N"),
and they yield a `Skip` for a record that holds nothing to import (an empty Moses line, a
TMX `<tu>` without a translation) or that cannot be used (a bad date, no source), so the CLI
can say what was left out and why, and a `Notice` for a record imported after a choice or a
repair worth telling (which of two source variants was taken, inline codes dropped).

A `problem` is what an all-or-nothing (`--strict`) import refuses: it raises the record's
message instead of counting it. Records that merely hold nothing (an empty segment) are
skipped in both modes.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from tm.errors import FormatError, InputError, LanguageError
from tm.lang import canonical_tag
from tm.unit import Unit, checked_unit

# The columns of the tabular formats and the keys of JSONL, in the order they are written.
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Unit))
TEXT_FIELDS = frozenset({"source", "target"})
# The store's own ids: a file may carry them (a dump of the table), an import makes new ones.
IGNORED_COLUMNS = frozenset({"unit_id", "content_key"})


@dataclass(frozen=True)
class Skip:
    """A record of the file that holds no unit to import, and why.

    `reason` is the short label skipped records are counted under; `detail` says what was
    wrong with this one (the error a strict import raises), `field` where."""

    reason: str
    line: int | None = None
    detail: str | None = None
    field: str | None = None
    problem: bool = False


@dataclass(frozen=True)
class Notice(Skip):
    """Something a reader chose or repaired in a record it still imports, yielded before the
    unit; counted apart from skips. A kind of `Skip` only so that readers keep one record
    type besides `Unit`: check for a Notice before a Skip."""


def record_defaults(src_lang: str | None, tgt_lang: str | None, origin: str) -> dict[str, str]:
    """The values a record takes when it does not give them: the caller's languages, the origin."""
    given = {"src_lang": src_lang, "tgt_lang": tgt_lang, "origin": origin}
    return {name: value for name, value in given.items() if value is not None}


def fail(message: str, *, source: str, line: int | None, field: str | None = None) -> FormatError:
    return FormatError(message, source=source, line=line, field=field)


def shown(value: object, width: int = 60) -> str:
    """A value as an error message quotes it: its repr (escapes, never a raw control
    character or surrogate), cut to about `width` characters so the message stays a line."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**width else "a huge number"
    return text if len(text) <= width else text[:width] + "..."


@functools.lru_cache(maxsize=1024)
def _language(code: str) -> str:
    return canonical_tag(code)


def language(code: str, *, source: str, line: int | None, field: str) -> str:
    """The canonical BCP-47 tag of a language named in a file ("en_us" -> "en-US", region
    and script kept), or a LanguageError pointing at it."""
    try:
        return _language(code)
    except LanguageError as err:
        raise LanguageError(err.message, source=source, line=line, field=field) from err


def checked(unit: Unit, *, source: str, line: int | None) -> Unit:
    """The unit as the TM takes it (`tm.unit.checked_unit`: languages normalised, control
    characters refused, ...), or a FormatError (a LanguageError for a language) naming the
    record's file, line and field."""
    try:
        return checked_unit(unit)
    except LanguageError as err:
        raise LanguageError(err.message, source=source, line=line, field=err.field) from err
    except InputError as err:
        raise fail(err.message, source=source, line=line, field=err.field) from err


def describe(unit: Unit) -> str:
    """A unit as a person finds it again: its pair and the start of its source."""
    start = unit.source if len(unit.source) <= 40 else unit.source[:40] + "..."
    return f"the {unit.src_lang}-{unit.tgt_lang} unit {start!r}"


def format_time(stamp: dt.datetime) -> str:
    """ISO 8601 in UTC with a Z, to the microsecond when there is one."""
    return stamp.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def parse_time(text: str, *, source: str, line: int | None, field: str) -> dt.datetime:
    """An ISO 8601 time with a zone, in UTC; a FormatError naming the place otherwise."""
    try:
        stamp = dt.datetime.fromisoformat(text.strip())
    except ValueError as err:
        raise fail(
            f"{shown(text)} is not an ISO 8601 time", source=source, line=line, field=field
        ) from err
    if stamp.utcoffset() is None:
        raise fail(
            f"{shown(text)} has no time zone (UTC is expected)",
            source=source,
            line=line,
            field=field,
        )
    try:
        return stamp.astimezone(dt.UTC)
    except OverflowError as err:  # 0001-01-01T00:00+01:00 is a year before year 1 in UTC
        raise fail(
            f"{shown(text)} is out of range once converted to UTC",
            source=source,
            line=line,
            field=field,
        ) from err


def format_props(props: tuple[tuple[str, str], ...]) -> str:
    return json.dumps([list(pair) for pair in props], ensure_ascii=False)


def props_from_json(value: object, *, source: str, line: int | None) -> tuple[tuple[str, str], ...]:
    """Props as JSON gives them: a list of [type, value] pairs of strings."""
    props = []
    for pair in value if isinstance(value, list) else [None]:
        match pair:
            case [str(kind), str(text)]:
                props.append((kind, text))
            case _:
                raise fail(
                    'expected a list of ["type", "value"] pairs',
                    source=source,
                    line=line,
                    field="props",
                )
    return tuple(props)


def _props_text(text: str, *, source: str, line: int | None) -> tuple[tuple[str, str], ...]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise fail(f"not JSON: {err.msg}", source=source, line=line, field="props") from err
    except (ValueError, RecursionError) as err:  # a 5000-digit number, [[[[... nesting
        raise fail(f"not usable JSON: {err}", source=source, line=line, field="props") from err
    return props_from_json(value, source=source, line=line)


def _int_text(text: str, *, source: str, line: int | None, field: str) -> int:
    try:
        return int(text)
    except ValueError as err:  # also a number of more than 4,300 digits
        raise fail(
            f"{shown(text)} is not a whole number", source=source, line=line, field=field
        ) from err


def _float_text(text: str, *, source: str, line: int | None, field: str) -> float:
    try:
        return float(text)
    except ValueError as err:
        raise fail(f"{shown(text)} is not a number", source=source, line=line, field=field) from err


def _time_text(text: str, *, source: str, line: int | None, field: str) -> dt.datetime:
    return parse_time(text, source=source, line=line, field=field)


def _props_cell(text: str, *, source: str, line: int | None, field: str) -> object:
    return _props_text(text, source=source, line=line)


_Parser = Callable[..., object]

# How a cell of text becomes a value, by field; fields not listed are kept as text.
_PARSERS: dict[str, _Parser] = {
    "seg_no": _int_text,
    "align_score": _float_text,
    "created_at": _time_text,
    "changed_at": _time_text,
    "props": _props_cell,
}

_FORMATTERS: dict[str, Callable[[object], str]] = {
    "seg_no": str,
    "align_score": repr,
    "created_at": lambda value: format_time(value),  # type: ignore[arg-type]
    "changed_at": lambda value: format_time(value),  # type: ignore[arg-type]
    "props": lambda value: format_props(value),  # type: ignore[arg-type]
}


def parse_cell(name: str, text: str, *, source: str, line: int | None) -> object:
    """The value of field `name` written as `text` (fields not parsed stay text)."""
    parse = _PARSERS.get(name)
    return text if parse is None else parse(text, source=source, line=line, field=name)


def unit_from_cells(
    cells: Mapping[str, str], *, source: str, line: int | None, defaults: Mapping[str, str]
) -> Unit:
    """A checked unit from named text cells; an empty cell means "not given"."""
    values: dict[str, object] = dict(defaults)
    for name, text in cells.items():
        if text == "" and name not in TEXT_FIELDS:
            continue
        values[name] = parse_cell(name, text, source=source, line=line)
    for name in ("src_lang", "tgt_lang", "source", "target"):
        if name not in values:
            raise fail(
                f"no {name} (give it as a column or on the command line)",
                source=source,
                line=line,
                field=name,
            )
    return checked(Unit(**values), source=source, line=line)  # type: ignore[arg-type]


def unit_cells(unit: Unit) -> dict[str, str]:
    """Every field of a unit as text; None becomes the empty cell."""
    cells = {}
    for name in FIELDS:
        value = getattr(unit, name)
        if value is None or (name == "props" and not value):
            cells[name] = ""
        else:
            cells[name] = _FORMATTERS.get(name, str)(value)
    return cells
