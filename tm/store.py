"""The translation memory table: the only code that reads or writes it.

One Delta Lake table (Parquet data files under a transaction log) with one row per
translation unit and target language; the columns are those of DESIGN.md. Every write is a
single Delta commit, so a failed or interrupted write leaves the table as it was, and every
earlier version stays readable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from tm.errors import InputError, StoreError
from tm.lang import normalize_language

if TYPE_CHECKING:
    from deltalake import DeltaTable

STATUSES = ("draft", "aligned", "approved", "rejected")

SCHEMA: dict[str, pl.DataType] = {
    "unit_id": pl.Utf8(),
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

# Concurrent writers each retry a conflicting commit this many times, backing off.
_COMMIT_ATTEMPTS = 6


def unit_key(src_lang: str, tgt_lang: str, source: str, target: str) -> str:
    """Stable id of a pair: the same languages, source and target are the same unit."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (src_lang, tgt_lang, source, target):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


@dataclass(frozen=True)
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

    @property
    def unit_id(self) -> str:
        return unit_key(self.src_lang, self.tgt_lang, self.source, self.target)


@dataclass(frozen=True)
class AddResult:
    added: int
    skipped: int  # already in the TM, or repeated within the batch
    version: int


@dataclass(frozen=True)
class TMStats:
    units: int
    version: int
    by_pair: dict[str, int]
    by_status: dict[str, int]


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
    src_lang = normalize_language(unit.src_lang, field="src_lang")
    tgt_lang = normalize_language(unit.tgt_lang, field="tgt_lang")
    if src_lang == tgt_lang:
        raise fail(f"source and target are both {src_lang!r}", "tgt_lang")
    return Unit(**{**unit.__dict__, "src_lang": src_lang, "tgt_lang": tgt_lang})


def _frame(units: Iterable[Unit], user: str, now: dt.datetime) -> pl.DataFrame:
    rows = [
        {
            "unit_id": unit.unit_id,
            "src_lang": unit.src_lang,
            "tgt_lang": unit.tgt_lang,
            "source": unit.source,
            "target": unit.target,
            "doc_id": unit.doc_id,
            "seg_no": unit.seg_no,
            "prev_source": unit.prev_source,
            "next_source": unit.next_source,
            "status": unit.status,
            "align_score": unit.align_score,
            "origin": unit.origin,
            "created_by": unit.created_by or user,
            "created_at": unit.created_at or now,
            "changed_by": unit.changed_by or unit.created_by or user,
            "changed_at": unit.changed_at or unit.created_at or now,
            "note": unit.note,
            "props": [{"type": key, "value": value} for key, value in unit.props],
        }
        for unit in units
    ]
    return pl.DataFrame(rows, schema=SCHEMA)


def _batch(units: Sequence[Unit], user: str, now: dt.datetime) -> pl.DataFrame:
    """Validated rows for a write, each unit once; raises before anything is written."""
    if not user.strip():
        raise InputError("a user name is needed to stamp the change", field="user")
    checked = [_validated(unit, position) for position, unit in enumerate(units, start=1)]
    return _frame(checked, user, now).unique("unit_id", keep="first", maintain_order=True)


class TranslationMemory:
    """A handle on one TM table; cheap to make, it holds no data in memory."""

    def __init__(self, uri: str | Path) -> None:
        self.uri = str(uri)

    def __repr__(self) -> str:
        return f"TranslationMemory({self.uri!r})"

    @classmethod
    def create(
        cls, uri: str | Path, units: Sequence[Unit] = (), *, user: str = "system"
    ) -> TranslationMemory:
        """A new TM holding `units` from its first commit on, so a seeded TM is never half made."""
        from deltalake import DeltaTable

        if DeltaTable.is_deltatable(str(uri)):
            raise StoreError(f"{uri}: a translation memory exists there already")
        if "://" not in str(uri):
            Path(uri).mkdir(parents=True, exist_ok=True)
        _batch(units, user, dt.datetime.now(dt.UTC)).write_delta(str(uri), mode="error")
        return cls(uri)

    @classmethod
    def open(cls, uri: str | Path, *, create: bool = False) -> TranslationMemory:
        """Open an existing TM (or make an empty one when `create`); never rewrites it."""
        from deltalake import DeltaTable

        if DeltaTable.is_deltatable(str(uri)):
            return cls(uri)
        if create:
            return cls.create(uri)
        raise StoreError(f"{uri}: no translation memory there (create one with --tm on import)")

    def version(self) -> int:
        return self._table().version()

    def _table(self) -> DeltaTable:
        from deltalake import DeltaTable

        try:
            return DeltaTable(self.uri)
        except Exception as err:  # deltalake raises several unrelated types here
            raise StoreError(f"{self.uri}: cannot open the translation memory: {err}") from err

    def add(self, units: Sequence[Unit], *, user: str, now: dt.datetime | None = None) -> AddResult:
        """Insert the units not in the TM yet, in one commit; validates all of them first."""
        batch = _batch(units, user, now or dt.datetime.now(dt.UTC))
        if batch.is_empty():
            return AddResult(added=0, skipped=len(units), version=self.version())
        inserted = self._merge_new(batch)
        return AddResult(added=inserted, skipped=len(units) - inserted, version=self.version())

    def _merge_new(self, batch: pl.DataFrame) -> int:
        from deltalake.exceptions import CommitFailedError

        source = batch.to_arrow()
        for attempt in range(_COMMIT_ATTEMPTS):
            try:
                metrics = (
                    self._table()
                    .merge(
                        source=source,
                        predicate="t.unit_id = s.unit_id",
                        source_alias="s",
                        target_alias="t",
                    )
                    .when_not_matched_insert_all()
                    .execute()
                )
                return int(metrics["num_target_rows_inserted"])
            except CommitFailedError:
                if attempt == _COMMIT_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def units(self) -> pl.DataFrame:
        """The whole table at its latest version."""
        return self.scan().collect()

    def scan(self) -> pl.LazyFrame:
        """The latest version as a lazy frame: filters and projections are pushed down."""
        self._table()  # a clear StoreError when there is no table
        return pl.scan_delta(self.uri)

    def stats(self) -> TMStats:
        frame = self.units()
        by_pair = frame.group_by(pl.format("{}-{}", "src_lang", "tgt_lang").alias("pair")).len()
        by_status = frame.group_by("status").len()
        return TMStats(
            units=frame.height,
            version=self.version(),
            by_pair=dict(sorted(zip(by_pair["pair"], by_pair["len"], strict=True))),
            by_status=dict(sorted(zip(by_status["status"], by_status["len"], strict=True))),
        )
