"""A translation unit as the workbench passes it around, and what its fields mean.

Kept apart from the store so that formats, alignment and translation can make units
without importing the table's code.

Statuses, by how much review they stand for:

    draft      a translator's confirmed segment, or an imported unit without a status
    aligned    a pair the aligner found, not yet reviewed
    approved   a reviewer said the pair is right
    rejected   a reviewer said the pair is wrong
    retired    superseded: the document was aligned and saved again without this pair, or
               the segment was confirmed again with another translation

Live units (draft, aligned, approved) are what lookups, concordance, exports and statistics
see by default; rejected and retired units stay in the table, in history and in restores.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from tm.errors import InputError
from tm.lang import canonical_tag, parse_tag
from tm.limits import MAX_RECORD_CHARS

STATUSES = ("draft", "aligned", "approved", "rejected", "retired")
LIVE_STATUSES = ("draft", "aligned", "approved")
# When a second copy of a known pair arrives, the more reviewed status wins (a retired
# pair that arrives again is live again; a reviewer's approval outranks a rejection).
STATUS_RANK = {"retired": 0, "draft": 1, "aligned": 2, "rejected": 3, "approved": 4}


def content_key(src_lang: str, tgt_lang: str, source: str, target: str) -> str:
    """The same languages, source and target are the same unit, whatever its id."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (src_lang, tgt_lang, source, target):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def new_unit_id(doc_id: str | None) -> str:
    """A fresh unit id: 32 hex digits, the first 8 a hash of the document.

    The TM's files are kept in unit_id order, so the units of one document sit together
    and a document saved again rewrites one file, not every file; the random rest keeps
    ids unique and says nothing about the text (an edited unit keeps its id)."""
    document = hashlib.blake2b((doc_id or "").encode("utf-8"), digest_size=4).hexdigest()
    return document + uuid.uuid4().hex[:24]


def neighbours(sentences: Sequence[str], first: int, last: int) -> tuple[str | None, str | None]:
    """The context of a unit covering sentences first..last of a document: the sentence just
    before it and the sentence just after it (None at the edges).

    One definition for every unit, aligned or translated, so that a 101 % match (same
    neighbours) can happen between them."""
    before = sentences[first - 1] if first > 0 else None
    after = sentences[last + 1] if last + 1 < len(sentences) else None
    return before, after


@dataclass(frozen=True, slots=True)
class Unit:
    """A translation unit as callers hand it to the store."""

    src_lang: str
    tgt_lang: str
    source: str
    target: str
    doc_id: str | None = None
    seg_no: int | None = None
    prev_source: str | None = None
    next_source: str | None = None
    status: str = "draft"
    align_score: float | None = None
    origin: str = "translation"
    note: str | None = None
    props: tuple[tuple[str, str], ...] = field(default=())
    # Provenance carried over from an imported file (TMX creationid/creationdate...); when
    # None, the store stamps the user and the time of the write.
    created_by: str | None = None
    created_at: dt.datetime | None = None
    changed_by: str | None = None
    changed_at: dt.datetime | None = None


# Parts of a stored (canonical) tag, for filtering a column without leaving polars.
_TAG_SCRIPT = r"^[a-z]{2,3}-([A-Z][a-z]{3})(?:-|$)"
_TAG_REGION = r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?-([A-Z]{2}|[0-9]{3})(?:-|$)"


def language_is(column: str, wanted: str, *, exact: bool = False) -> pl.Expr:
    """Rows whose `column` (src_lang or tgt_lang) answers a request for language `wanted`,
    as `tm.lang.tags_match` decides: leniently by default ("kk" finds kk-KZ and kk-Latn,
    "kk-Cyrl" does not find kk-Latn), exactly on request."""
    tag = parse_tag(wanted, field=column)
    stored = pl.col(column)
    if exact:
        return stored == str(tag)
    condition = (stored == tag.language) | stored.str.starts_with(tag.language + "-")
    for pattern, value in ((_TAG_SCRIPT, tag.script), (_TAG_REGION, tag.region)):
        if value is not None:
            part = stored.str.extract(pattern, 1)
            condition = condition & (part.is_null() | (part == value))
    return condition


def pair_label_expr(src_column: str, tgt_column: str) -> pl.Expr:
    """`tm.lang.pair_label` over two columns."""
    src, tgt = pl.col(src_column), pl.col(tgt_column)
    with_subtags = src.str.contains("-", literal=True) | tgt.str.contains("-", literal=True)
    return (
        pl.when(with_subtags)
        .then(pl.format("{}:{}", src, tgt))
        .otherwise(pl.format("{}-{}", src, tgt))
    )


# --- units as table rows ----------------------------------------------------------------

# The TM table's columns: those of DESIGN.md plus `content_key` (see `content_key`).
SCHEMA: dict[str, pl.DataType] = {
    "unit_id": pl.Utf8(),
    "content_key": pl.Utf8(),
    "src_lang": pl.Utf8(),
    "tgt_lang": pl.Utf8(),
    "source": pl.Utf8(),
    "target": pl.Utf8(),
    "doc_id": pl.Utf8(),
    "seg_no": pl.Int64(),
    "prev_source": pl.Utf8(),
    "next_source": pl.Utf8(),
    "status": pl.Utf8(),
    "align_score": pl.Float64(),
    "origin": pl.Utf8(),
    "created_by": pl.Utf8(),
    "created_at": pl.Datetime("us", "UTC"),
    "changed_by": pl.Utf8(),
    "changed_at": pl.Datetime("us", "UTC"),
    "note": pl.Utf8(),
    "props": pl.List(pl.Struct({"type": pl.Utf8(), "value": pl.Utf8()})),
}

# The columns a caller's `Unit` fills (the store adds unit_id and content_key).
UNIT_FIELDS = (
    "src_lang",
    "tgt_lang",
    "source",
    "target",
    "doc_id",
    "seg_no",
    "prev_source",
    "next_source",
    "status",
    "align_score",
    "origin",
    "note",
    "props",
    "created_by",
    "created_at",
    "changed_by",
    "changed_at",
)


# --- what a unit may hold -----------------------------------------------------------------

# Text that would poison later work is stopped here, where every unit passes (`units_frame`,
# so every add, import and save), and by `clean_text`, which edits call: C0 control
# characters other than TAB, LF and CR (NUL, BEL, ESC...: no TMX, XML or spreadsheet can
# carry them, and our own TSV import refuses a NUL) and lone surrogates (not text: they
# cannot be written as UTF-8) are refused, naming the field. Word's manual line break
# U+000B and page break U+000C are normalised to a line feed, which is what they mean in
# plain text and what the TMX writer wrote for them: refusing them would refuse every file
# pasted from Word.
# The C1 controls (U+0080-U+009F) likewise, but for NEL (U+0085), a line break: a CSI
# (U+009B) starts a terminal escape, and the others are what text mis-decoded as Latin-1
# holds.
_REFUSED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_BREAKS = re.compile("[\x0b\x0c\x85]")
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x9b": "CSI",
}
# The fields of a unit that hold free text (languages and status are checked as such).
_TEXT_FIELDS = (
    "source",
    "target",
    "prev_source",
    "next_source",
    "doc_id",
    "note",
    "origin",
    "created_by",
    "changed_by",
)
# The range of the TM's Int64 seg_no column.
_SEG_NO_RANGE = (-(1 << 63), (1 << 63) - 1)


def _character(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return f"a lone surrogate ({code})"
    name = _CONTROL_NAMES.get(char)
    return f"the control character {code}" + (f" ({name})" if name else "")


def clean_text(text: str, field_name: str) -> str:
    """`text` as a unit may hold it in field `field_name`: U+000B, U+000C and U+0085 become
    line feeds; a text over `MAX_RECORD_CHARS` characters, or holding a control character
    (C0 other than TAB, LF and CR, DEL, C1) or a lone surrogate, is refused with an
    `InputError` naming the field and the character's position."""
    if len(text) > MAX_RECORD_CHARS:
        raise InputError(
            f"{len(text):,} characters, more than the {MAX_RECORD_CHARS:,} a field may hold",
            field=field_name,
        )
    if _UNSAFE.search(text) is None:  # nearly every text
        return text
    if refused := _REFUSED.search(text):
        raise InputError(
            f"holds {_character(refused[0])} at character {refused.start() + 1}; control "
            "characters other than tab and line breaks are not text and are refused",
            field=field_name,
        )
    return _BREAKS.sub("\n", text)


def _fail(message: str, field_name: str) -> InputError:
    return InputError(message, field=field_name)


def _checked_props(props: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    cleaned = []
    for entry in props:
        if not (
            isinstance(entry, tuple)
            and len(entry) == 2
            and isinstance(entry[0], str)
            and isinstance(entry[1], str)
        ):
            raise _fail(f"expected (type, value) pairs of text, found {entry!r}", "props")
        kind, value = clean_text(entry[0], "props"), clean_text(entry[1], "props")
        cleaned.append(entry if (kind, value) == entry else (kind, value))
    return tuple(cleaned)


def _checked_time(stamp: object, name: str) -> None:
    if stamp is None:
        return
    if not isinstance(stamp, dt.datetime):
        raise _fail(f"expected a date and time, found {stamp!r}", name)
    if stamp.utcoffset() is None:
        raise _fail("the time has no time zone (UTC is expected)", name)
    try:
        stamp.astimezone(dt.UTC)
    except OverflowError as err:
        raise _fail(f"{stamp.isoformat()} is out of range once converted to UTC", name) from err


@functools.lru_cache(maxsize=4096)
def _canonical_pair(src_lang: str, tgt_lang: str) -> tuple[str, str]:
    # Remembered: every unit of a million-unit import passes its two tags through here.
    pair = canonical_tag(src_lang, field="src_lang"), canonical_tag(tgt_lang, field="tgt_lang")
    if pair[0] == pair[1]:
        raise _fail(f"source and target are both {pair[0]!r}", "tgt_lang")
    return pair


def _cleaned_texts(unit: Unit) -> dict[str, str]:
    """The text fields `clean_text` changes (raising for one it refuses)."""
    texts = (
        unit.source,
        unit.target,
        unit.prev_source,
        unit.next_source,
        unit.doc_id,
        unit.note,
        unit.origin,
        unit.created_by,
        unit.changed_by,
    )
    try:  # one search over every text: nearly every unit has nothing to clean
        joined = "\n".join(filter(None, texts))
        if len(joined) <= MAX_RECORD_CHARS and _UNSAFE.search(joined) is None:
            return {}
    except TypeError:  # a field that is not text: named below
        pass
    changes = {}
    for name, text in zip(_TEXT_FIELDS, texts, strict=True):
        if text is None:
            continue
        if not isinstance(text, str):
            raise _fail(f"expected text, found {type(text).__name__}", name)
        if (cleaned := clean_text(text, name)) is not text:
            changes[name] = cleaned
    return changes


def checked_unit(unit: Unit) -> Unit:
    """The unit as the TM takes it, or an `InputError` (a `LanguageError` for a language)
    naming the field: languages canonical ("kk_kz" -> "kk-KZ"), texts through `clean_text`,
    seg_no within the column's 64 bits, times with a zone that converts to UTC, props pairs
    of text. The callers add where the unit came from (`units_frame`: its position; the
    readers: the file and line)."""
    for name, text in (("source", unit.source), ("target", unit.target)):
        if text is None:
            raise _fail(f"no {name}", name)
        if not isinstance(text, str):
            raise _fail(f"expected text, found {type(text).__name__}", name)
        if not text.strip():
            raise _fail(f"the {name} is empty", name)
    if unit.status not in STATUSES:
        raise _fail(f"unknown status {unit.status!r} (one of {', '.join(STATUSES)})", "status")
    if unit.align_score is not None and not 0.0 <= unit.align_score <= 1.0:
        raise _fail(f"align_score {unit.align_score} is outside 0..1", "align_score")
    if unit.seg_no is not None and not _SEG_NO_RANGE[0] <= unit.seg_no <= _SEG_NO_RANGE[1]:
        # Not the number itself: it may have thousands of digits.
        raise _fail(f"out of range: a segment number is at most {_SEG_NO_RANGE[1]:,}", "seg_no")
    if unit.created_at is not None or unit.changed_at is not None:
        _checked_time(unit.created_at, "created_at")
        _checked_time(unit.changed_at, "changed_at")
    changes: dict[str, Any] = _cleaned_texts(unit)
    if unit.props and (props := _checked_props(unit.props)) != unit.props:
        changes["props"] = props
    src_lang, tgt_lang = _canonical_pair(unit.src_lang, unit.tgt_lang)
    if src_lang != unit.src_lang or tgt_lang != unit.tgt_lang:
        changes.update(src_lang=src_lang, tgt_lang=tgt_lang)
    if not changes:
        return unit  # most units come clean: no copy of a million of them
    return replace(unit, **changes)


def _validated(unit: Unit, position: int) -> Unit:
    try:
        return checked_unit(unit)
    except InputError as err:  # a LanguageError stays one
        raise type(err)(err.message, source="units", line=position, field=err.field) from err


def _frame(units: Sequence[Unit]) -> pl.DataFrame:
    """Rows for `units`, built column by column (a list of row dicts costs far more).

    Who and when are left empty where the unit does not carry them: the write stamps them.
    """

    def column(name: str) -> list[Any]:
        return [getattr(unit, name) for unit in units]

    columns: dict[str, Any] = {
        "unit_id": [new_unit_id(unit.doc_id) for unit in units],
        "content_key": [
            content_key(unit.src_lang, unit.tgt_lang, unit.source, unit.target) for unit in units
        ],
        **{name: column(name) for name in UNIT_FIELDS if name != "props"},
        "props": _props_column(units),
    }
    return pl.DataFrame(columns, schema=SCHEMA)


def _props_column(units: Sequence[Unit]) -> pl.Series:
    """The props as one list-of-struct column built from flat arrays.

    Polars converts a list of lists of dicts row by row, at several times the memory of
    the data; offsets plus two flat string arrays build the same column in one pass.
    """
    import pyarrow as pa

    offsets = [0]
    types: list[str] = []
    values: list[str] = []
    for unit in units:
        for key, value in unit.props:
            types.append(key)
            values.append(value)
        offsets.append(len(types))
    entries = pa.StructArray.from_arrays(
        [pa.array(types, pa.large_string()), pa.array(values, pa.large_string())],
        names=["type", "value"],
    )
    lists = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), entries)
    return pl.Series("props", lists).cast(SCHEMA["props"])


def units_frame(units: Iterable[Unit], *, chunk: int = 50_000) -> pl.DataFrame:
    """Validated units as TM rows, converted a chunk at a time so that a large import never
    holds more than one chunk of `Unit` objects beside the columns; raises on the first bad
    unit, naming its position."""
    frames = []
    pending: list[Unit] = []
    for position, unit in enumerate(units, start=1):
        pending.append(_validated(unit, position))
        if len(pending) == chunk:
            frames.append(_frame(pending))
            pending = []
    if pending or not frames:
        frames.append(_frame(pending))
    return pl.concat(frames, rechunk=False)


def frame_units(frame: pl.DataFrame) -> list[Unit]:
    """`Unit`s back from TM rows (the inverse of `units_frame`, ids and keys dropped)."""
    units = []
    for row in frame.select(*UNIT_FIELDS).iter_rows(named=True):
        row["props"] = tuple((p["type"], p["value"]) for p in row["props"] or ())
        units.append(Unit(**row))
    return units
