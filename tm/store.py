"""The translation memory table: the only code that reads or writes it.

One Delta Lake table (Parquet data files under a transaction log) with one row per
translation unit and target language; the columns are those of DESIGN.md plus
`content_key`, a hash of (src_lang, tgt_lang, source, target) that makes "the same pair"
one unit. Every write is a single Delta commit carrying who made it and why in the commit
metadata, so a failed or interrupted write leaves the table as it was, and every earlier
version stays readable. The change data feed is on, so a unit's history is the table's
own record of its inserts, updates and deletes.

Writers that collide (threads of one server, or separate processes) get
`CommitFailedError` from deltalake; each write re-reads the table and tries again with
backoff. Use the spawn start method for multiprocessing: deltalake's runtime does not
survive fork.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import random
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl

from tm.errors import InputError, StoreError
from tm.lang import normalize_language

if TYPE_CHECKING:
    from deltalake import DeltaTable

# Ordered by how much review a status stands for: when the same pair arrives again, the
# more reviewed status wins; a reviewer's approval outranks an earlier rejection.
STATUSES = ("draft", "aligned", "rejected", "approved")
_STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}

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
_TABLE_CONFIGURATION = {"delta.enableChangeDataFeed": "true"}

# Concurrent writers each retry a conflicting commit this many times, backing off.
_COMMIT_ATTEMPTS = 8
# Small files pile up with many small commits; past this many, a write compacts them.
COMPACT_AFTER_FILES = 64

# What a second copy of a known pair can add to it (see _merge_metadata).
_FILLED_FIELDS = ("doc_id", "seg_no", "prev_source", "next_source", "note")
_MERGED_FIELDS = (*_FILLED_FIELDS, "status", "align_score", "props")

# Hidden from Delta (and from vacuum) by its leading dot.
_LOCK_FILE = ".tm-write.lock"

# The columns a caller's `Unit` fills (the store adds unit_id and content_key).
_UNIT_FIELDS = (
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

_UNIT_ID = re.compile(r"^[0-9a-f]{32}$")
_T = TypeVar("_T")


def content_key(src_lang: str, tgt_lang: str, source: str, target: str) -> str:
    """The same languages, source and target are the same unit, whatever its id."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (src_lang, tgt_lang, source, target):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


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


@dataclass(frozen=True)
class AddResult:
    added: int
    merged: int  # already in the TM; its metadata took something from the new copy
    skipped: int  # already in the TM as it is, or repeated within the batch
    version: int


@dataclass(frozen=True)
class ChangeResult:
    changed: int
    version: int


@dataclass(frozen=True)
class TMStats:
    units: int
    version: int
    by_pair: dict[str, int]
    by_status: dict[str, int]


@dataclass(frozen=True)
class Commit:
    """One version of the table: who wrote it, when, and what they did."""

    version: int
    committed_at: dt.datetime
    user: str | None
    operation: str


@dataclass(frozen=True)
class UnitVersion:
    """One state of a unit in the table's history (or its deletion)."""

    version: int
    committed_at: dt.datetime
    change: str  # insert, update, delete
    user: str | None
    operation: str | None
    values: dict[str, Any]


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
        "unit_id": [uuid.uuid4().hex for _ in units],
        "content_key": [
            content_key(unit.src_lang, unit.tgt_lang, unit.source, unit.target) for unit in units
        ],
        **{name: column(name) for name in _UNIT_FIELDS if name != "props"},
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


def _check_user(user: str) -> None:
    if not user.strip():
        raise InputError("a user name is needed to stamp the change", field="user")


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
    for row in frame.select(*_UNIT_FIELDS).iter_rows(named=True):
        row["props"] = tuple((p["type"], p["value"]) for p in row["props"] or ())
        units.append(Unit(**row))
    return units


def _stamped(frame: pl.DataFrame, user: str, now: dt.datetime) -> pl.DataFrame:
    """Each pair once, with who and when filled in where the rows do not carry them."""
    _check_user(user)
    if frame["content_key"].is_duplicated().any():  # rare: spare a large import the copy
        frame = frame.unique("content_key", keep="first", maintain_order=True)
    return frame.with_columns(
        pl.col("created_by").fill_null(user),
        pl.col("created_at").fill_null(now),
    ).with_columns(
        pl.coalesce("changed_by", "created_by").alias("changed_by"),
        pl.coalesce("changed_at", "created_at").alias("changed_at"),
    )


def _merge_metadata(existing: pl.DataFrame, incoming: pl.DataFrame) -> pl.DataFrame:
    """Existing units updated with what the incoming copies of the same pairs add.

    The unit keeps its id, creation stamp and any value it has; empty fields are filled
    from the new copy, the more reviewed status wins, the best alignment score is kept and
    props are united. Returns only the rows that changed.
    """
    joined = existing.join(incoming, on="content_key", suffix="_new").with_columns(
        pl.col(name).alias(f"{name}_old") for name in _MERGED_FIELDS
    )
    rank = pl.col("status").replace_strict(_STATUS_RANK, return_dtype=pl.Int8)
    rank_new = pl.col("status_new").replace_strict(_STATUS_RANK, return_dtype=pl.Int8)
    merged = joined.with_columns(
        *(pl.coalesce(name, f"{name}_new").alias(name) for name in _FILLED_FIELDS),
        pl.when(rank_new > rank).then("status_new").otherwise("status").alias("status"),
        pl.max_horizontal("align_score", "align_score_new").alias("align_score"),
        pl.concat_list("props", "props_new").list.unique(maintain_order=True).alias("props"),
        pl.col("changed_by_new").alias("changed_by"),
        pl.col("changed_at_new").alias("changed_at"),
    )
    changed = pl.any_horizontal(
        pl.col(name).ne_missing(pl.col(f"{name}_old")) for name in _MERGED_FIELDS
    )
    return merged.filter(changed).select(*SCHEMA)


def _ids_predicate(unit_ids: Sequence[str]) -> str:
    for unit_id in unit_ids:
        if not isinstance(unit_id, str) or not _UNIT_ID.match(unit_id):
            raise InputError(f"{unit_id!r} is not a unit id", field="unit_id")
    return "unit_id IN (" + ", ".join(f"'{unit_id}'" for unit_id in unit_ids) + ")"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_time(value: dt.datetime) -> str:
    return f"CAST('{value.astimezone(dt.UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}' AS TIMESTAMP)"


class TranslationMemory:
    """A handle on one TM table; cheap to make, it holds no data in memory."""

    def __init__(self, uri: str | Path) -> None:
        self.uri = str(uri)

    def __repr__(self) -> str:
        return f"TranslationMemory({self.uri!r})"

    # opening --------------------------------------------------------------------------

    @classmethod
    def create(
        cls, uri: str | Path, units: Sequence[Unit] = (), *, user: str = "system"
    ) -> TranslationMemory:
        """A new TM holding `units` from its first commit on, so a seeded TM is never half made."""
        from deltalake import DeltaTable, write_deltalake

        if DeltaTable.is_deltatable(str(uri)):
            raise StoreError(f"{uri}: a translation memory exists there already")
        if "://" not in str(uri):
            Path(uri).mkdir(parents=True, exist_ok=True)
        write_deltalake(
            str(uri),
            _arrow(_stamped(units_frame(units), user, dt.datetime.now(dt.UTC))),
            mode="error",
            configuration=_TABLE_CONFIGURATION,
            commit_properties=_commit_properties(user, "create"),
        )
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

    def _table(self, version: int | None = None) -> DeltaTable:
        from deltalake import DeltaTable

        try:
            return DeltaTable(self.uri, version=version)
        except Exception as err:  # deltalake raises several unrelated types here
            raise StoreError(f"{self.uri}: cannot open the translation memory: {err}") from err

    # reading --------------------------------------------------------------------------

    def version(self) -> int:
        return int(self._table().version())

    def units(self, *, version: int | None = None) -> pl.DataFrame:
        """The whole table at its latest version (or at an earlier one)."""
        if version is None:
            return self.scan().collect()
        table = self._table(version)
        return pl.DataFrame(table.to_pyarrow_table(), schema_overrides=SCHEMA)

    def scan(self) -> pl.LazyFrame:
        """The latest version as a lazy frame: filters and projections are pushed down."""
        self._table()  # a clear StoreError when there is no table
        return pl.scan_delta(self.uri)

    def unit(self, unit_id: str) -> dict[str, Any]:
        _ids_predicate([unit_id])
        rows = self.scan().filter(pl.col("unit_id") == unit_id).collect()
        if rows.is_empty():
            raise InputError(f"no unit {unit_id} in the translation memory", field="unit_id")
        return rows.row(0, named=True)

    def stats(self) -> TMStats:
        frame = self.scan().select("src_lang", "tgt_lang", "status").collect()
        by_pair = frame.group_by(pl.format("{}-{}", "src_lang", "tgt_lang").alias("pair")).len()
        by_status = frame.group_by("status").len()
        return TMStats(
            units=frame.height,
            version=self.version(),
            by_pair=dict(sorted(zip(by_pair["pair"], by_pair["len"], strict=True))),
            by_status=dict(sorted(zip(by_status["status"], by_status["len"], strict=True))),
        )

    def log(self) -> tuple[Commit, ...]:
        """The table's versions, newest first (what `restore` can go back to)."""
        return tuple(
            Commit(
                version=int(entry["version"]),
                committed_at=dt.datetime.fromtimestamp(entry["timestamp"] / 1000, dt.UTC),
                user=entry.get("tm.user"),
                operation=entry.get("tm.operation") or str(entry.get("operation", "")).lower(),
            )
            for entry in self._table().history()
            if "version" in entry
        )

    def history(self, unit_id: str) -> tuple[UnitVersion, ...]:
        """Every state the unit has had, oldest first, with who made each change."""
        import pyarrow as pa

        predicate = _ids_predicate([unit_id])
        table = self._table()
        feed = pl.DataFrame(
            pa.table(table.load_cdf(starting_version=0, predicate=predicate).read_all())
        )
        commits = {int(entry["version"]): entry for entry in table.history() if "version" in entry}
        states = []
        for row in feed.sort("_commit_version").iter_rows(named=True):
            change = row.pop("_change_type")
            if change == "update_preimage":
                continue
            version = int(row.pop("_commit_version"))
            committed_at = row.pop("_commit_timestamp").replace(tzinfo=dt.UTC)
            commit = commits.get(version, {})
            states.append(
                UnitVersion(
                    version=version,
                    committed_at=committed_at,
                    change=change.removesuffix("_postimage"),
                    user=commit.get("tm.user"),
                    operation=commit.get("tm.operation"),
                    values=row,
                )
            )
        return tuple(states)

    # writing --------------------------------------------------------------------------

    def add(self, units: Iterable[Unit], *, user: str, now: dt.datetime | None = None) -> AddResult:
        """Insert new pairs and merge the metadata of known ones, in one commit.

        All units are validated before anything is written.
        """
        _check_user(user)
        return self.add_frame(units_frame(units), user=user, now=now)

    def add_frame(
        self, rows: pl.DataFrame, *, user: str, now: dt.datetime | None = None
    ) -> AddResult:
        """`add` for rows made by `units_frame` (a large import keeps them columnar)."""
        from deltalake import write_deltalake

        batch = _stamped(rows, user, now or dt.datetime.now(dt.UTC))
        if batch.is_empty():
            return AddResult(added=0, merged=0, skipped=rows.height, version=self.version())

        def write() -> tuple[int, int]:
            keys = batch["content_key"].implode()
            existing = self.scan().filter(pl.col("content_key").is_in(keys)).collect()
            fresh = (
                batch.filter(~pl.col("content_key").is_in(existing["content_key"].implode()))
                if existing.height
                else batch
            )
            changed = _merge_metadata(existing, batch)
            if changed.is_empty() and "://" not in self.uri:
                # Only new pairs, and local writers hold the lock while they check and write:
                # a plain append is as safe as a merge and far lighter on a large import.
                if not fresh.is_empty():
                    write_deltalake(
                        self.uri,
                        _arrow(fresh),
                        mode="append",
                        commit_properties=_commit_properties(user, "add"),
                    )
                return fresh.height, 0
            source = pl.concat([fresh, changed]).to_arrow()
            (
                self._table()
                .merge(
                    source=source,
                    predicate="t.content_key = s.content_key",
                    source_alias="s",
                    target_alias="t",
                    commit_properties=_commit_properties(user, "add"),
                )
                .when_matched_update_all()
                .when_not_matched_insert_all()
                .execute()
            )
            return fresh.height, changed.height

        added, merged = self._retrying(write)
        self._compact_if_fragmented()
        return AddResult(
            added=added, merged=merged, skipped=rows.height - added - merged, version=self.version()
        )

    def set_status(self, unit_ids: Sequence[str], status: str, *, user: str) -> ChangeResult:
        if status not in STATUSES:
            raise InputError(
                f"unknown status {status!r} (one of {', '.join(STATUSES)})", field="status"
            )
        return self._update(unit_ids, {"status": _sql_text(status)}, user=user, operation=status)

    def approve(self, unit_ids: Sequence[str], *, user: str) -> ChangeResult:
        return self.set_status(unit_ids, "approved", user=user)

    def reject(self, unit_ids: Sequence[str], *, user: str) -> ChangeResult:
        return self.set_status(unit_ids, "rejected", user=user)

    def edit(
        self,
        unit_id: str,
        *,
        user: str,
        source: str | None = None,
        target: str | None = None,
        note: str | None = None,
    ) -> ChangeResult:
        """Change a unit's text or note; it keeps its id, and the old text stays in history."""
        current = self.unit(unit_id)
        new_source = current["source"] if source is None else source
        new_target = current["target"] if target is None else target
        for name, text in (("source", new_source), ("target", new_target)):
            if not text.strip():
                raise InputError(f"the {name} is empty", field=name)
        key = content_key(current["src_lang"], current["tgt_lang"], new_source, new_target)
        clash = (
            self.scan()
            .filter((pl.col("content_key") == key) & (pl.col("unit_id") != unit_id))
            .select("unit_id")
            .collect()
        )
        if not clash.is_empty():
            raise InputError(
                f"the same pair exists already as unit {clash.item(0, 0)}", field="target"
            )
        updates = {
            "source": _sql_text(new_source),
            "target": _sql_text(new_target),
            "content_key": _sql_text(key),
        }
        if note is not None:
            updates["note"] = _sql_text(note)
        return self._update([unit_id], updates, user=user, operation="edit")

    def delete(self, unit_ids: Sequence[str], *, user: str) -> ChangeResult:
        """Remove units; their earlier states stay readable through history and time travel."""
        _check_user(user)
        predicate = _ids_predicate(unit_ids)

        def write() -> int:
            metrics = self._table().delete(
                predicate, commit_properties=_commit_properties(user, "delete")
            )
            return int(metrics.get("num_deleted_rows", 0))

        changed = self._retrying(write) if unit_ids else 0
        return ChangeResult(changed=changed, version=self.version())

    def restore(self, version: int, *, user: str) -> ChangeResult:
        """Make the table as it was at `version`, as a new commit (nothing is lost)."""
        _check_user(user)
        latest = self.version()
        if not 0 <= version <= latest:
            raise InputError(f"no version {version} (the table has 0..{latest})", field="version")
        before = self.units().height
        self._retrying(
            lambda: self._table().restore(
                version, commit_properties=_commit_properties(user, f"restore {version}")
            )
        )
        return ChangeResult(changed=abs(self.units().height - before), version=self.version())

    def compact(self) -> int:
        """Rewrite small data files into larger ones; returns how many files were merged."""
        metrics = self._retrying(lambda: self._table().optimize.compact())
        return int(metrics.get("numFilesRemoved", 0))

    def vacuum(self, *, keep_days: float) -> int:
        """Delete data files no version of the last `keep_days` days needs; returns the count."""
        removed = self._table().vacuum(
            retention_hours=int(keep_days * 24),
            dry_run=False,
            enforce_retention_duration=False,
        )
        return len(removed)

    def _update(
        self, unit_ids: Sequence[str], updates: dict[str, str], *, user: str, operation: str
    ) -> ChangeResult:
        _check_user(user)
        if not unit_ids:
            return ChangeResult(changed=0, version=self.version())
        predicate = _ids_predicate(unit_ids)
        stamped = {
            **updates,
            "changed_by": _sql_text(user),
            "changed_at": _sql_time(dt.datetime.now(dt.UTC)),
        }

        def write() -> int:
            metrics = self._table().update(
                predicate=predicate,
                updates=stamped,
                commit_properties=_commit_properties(user, operation),
            )
            return int(metrics.get("num_updated_rows", 0))

        changed = self._retrying(write)
        return ChangeResult(changed=changed, version=self.version())

    def _retrying(self, write: Callable[[], _T]) -> _T:
        from deltalake.exceptions import CommitFailedError

        for attempt in range(_COMMIT_ATTEMPTS):
            try:
                with self._write_lock():
                    return write()
            except CommitFailedError:
                if attempt == _COMMIT_ATTEMPTS - 1:
                    raise StoreError(
                        f"{self.uri}: gave up after {_COMMIT_ATTEMPTS} conflicting commits"
                    ) from None
                # Jitter keeps writers that collided from colliding again in step.
                time.sleep(0.02 * 2**attempt * (1 + random.random()))
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Writers on this machine take turns instead of failing each other's commits.

        A merge reads the whole table, so any commit that lands while it runs conflicts
        with it; with many local writers the retries alone can starve one. Writers on other
        machines (an s3:// TM) are still kept correct by Delta's conflict check and retries.
        """
        if "://" in self.uri:
            yield
            return
        with open(Path(self.uri) / _LOCK_FILE, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _compact_if_fragmented(self) -> None:
        if len(self._table().file_uris()) > COMPACT_AFTER_FILES:
            self.compact()


def _arrow(frame: pl.DataFrame) -> Any:
    """The frame as Arrow without copying its text: polars' string views go to deltalake
    as they are (the classic conversion copies every string, ~0.4 GB at a million units)."""
    return frame.to_arrow(compat_level=pl.CompatLevel.newest())


def _commit_properties(user: str, operation: str) -> Any:
    from deltalake import CommitProperties

    return CommitProperties(custom_metadata={"tm.user": user, "tm.operation": operation})
