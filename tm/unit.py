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
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from tm.errors import InputError
from tm.lang import canonical_tag, parse_tag

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


def _validated(unit: Unit, position: int) -> Unit:
    def fail(message: str, field_name: str) -> InputError:
        return InputError(message, source="units", line=position, field=field_name)

    if not unit.source.strip():
        raise fail("the source is empty", "source")
    if not unit.target.strip():
        raise fail("the target is empty", "target")
    if unit.status not in STATUSES:
        raise fail(f"unknown status {unit.status!r} (one of {', '.join(STATUSES)})", "status")
    if unit.align_score is not None and not 0.0 <= unit.align_score <= 1.0:
        raise fail(f"align_score {unit.align_score} is outside 0..1", "align_score")
    for name in ("created_at", "changed_at"):
        stamp = getattr(unit, name)
        if stamp is not None and stamp.utcoffset() is None:
            raise fail("the time has no time zone (UTC is expected)", name)
    src_lang = canonical_tag(unit.src_lang, field="src_lang")
    tgt_lang = canonical_tag(unit.tgt_lang, field="tgt_lang")
    if src_lang == tgt_lang:
        raise fail(f"source and target are both {src_lang!r}", "tgt_lang")
    if (src_lang, tgt_lang) == (unit.src_lang, unit.tgt_lang):
        return unit  # most units come normalised: no copy of a million of them
    return replace(unit, src_lang=src_lang, tgt_lang=tgt_lang)


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
