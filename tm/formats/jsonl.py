"""JSON Lines: one object a line whose keys are the `Unit` fields.

Times are ISO 8601 strings in UTC, props a list of `[type, value]` pairs; null or a missing
key means "not given". Text is written as UTF-8, except U+2028 and U+2029, written as the
escapes `\\u2028` and `\\u2029`: they are valid in JSON, but JavaScript and many line splitters
take them for line ends, which would cut one record in two.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TextIO

from tm.formats._fields import (
    FIELDS,
    IGNORED_COLUMNS,
    Skip,
    checked,
    fail,
    format_time,
    parse_time,
    props_from_json,
    record_defaults,
    shown,
)
from tm.unit import Unit

_TYPES: dict[str, tuple[type, ...]] = {
    **dict.fromkeys(FIELDS, (str,)),
    "seg_no": (int,),
    "align_score": (int, float),
    "props": (list,),
}


def _value(name: str, value: object, *, source: str, line: int) -> object:
    expected = _TYPES[name]
    if not isinstance(value, expected) or (isinstance(value, bool)):
        kind = " or ".join(t.__name__ for t in expected)
        raise fail(f"expected {kind}, found {shown(value)}", source=source, line=line, field=name)
    if name in ("created_at", "changed_at"):
        return parse_time(str(value), source=source, line=line, field=name)
    if name == "props":
        return props_from_json(value, source=source, line=line)
    if name == "align_score":
        return float(value)  # type: ignore[arg-type]
    return value


def _unit(
    record: Mapping[str, object], defaults: Mapping[str, object], *, source: str, line: int
) -> Unit:
    values = dict(defaults)
    for name, value in record.items():
        if name in IGNORED_COLUMNS:
            continue
        if name not in _TYPES:
            raise fail(
                f"unknown key (known: {', '.join(FIELDS)})",
                source=source,
                line=line,
                field=name if len(name) <= 60 else name[:60] + "...",
            )
        if value is not None:
            values[name] = _value(name, value, source=source, line=line)
    for name in ("src_lang", "tgt_lang", "source", "target"):
        if name not in values:
            raise fail(f"no {name}", source=source, line=line, field=name)
    return checked(Unit(**values), source=source, line=line)  # type: ignore[arg-type]


def read_jsonl(
    lines: Iterable[str],
    *,
    source: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    origin: str = "import:jsonl",
) -> Iterator[Unit | Skip]:
    defaults = record_defaults(src_lang, tgt_lang, origin)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise fail(
                f"not JSON: {err.msg} (column {err.colno})", source=source, line=number
            ) from err
        except (ValueError, RecursionError) as err:  # a 5000-digit number, [[[[... nesting
            raise fail(f"not a usable JSON record: {err}", source=source, line=number) from err
        if not isinstance(record, dict):
            raise fail("expected a JSON object", source=source, line=number)
        yield _unit(record, defaults, source=source, line=number)


def unit_record(unit: Unit) -> dict[str, object]:
    record: dict[str, object] = {}
    for name in FIELDS:
        value = getattr(unit, name)
        if name in ("created_at", "changed_at") and value is not None:
            value = format_time(value)
        elif name == "props":
            value = [list(pair) for pair in value]
        record[name] = value
    return record


def dump_record(record: Mapping[str, object]) -> str:
    """One JSON line (without its line end), with U+2028 and U+2029 escaped."""
    # Outside strings JSON holds neither character, so replacing them anywhere is safe.
    text = json.dumps(record, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_jsonl(units: Iterable[Unit], out: TextIO) -> int:
    count = 0
    for unit in units:
        out.write(dump_record(unit_record(unit)) + "\n")
        count += 1
    return count
