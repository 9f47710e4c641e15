"""The translation memory table: the only code that reads or writes it.

One Delta Lake table (Parquet data files under a transaction log) with one row per
translation unit and target language; the columns are those of DESIGN.md plus
`content_key`, a hash of (src_lang, tgt_lang, source, target) that makes "the same pair"
one unit. Every write is a single Delta commit carrying who made it and why in the commit
metadata, so a failed or interrupted write leaves the table as it was, and every earlier
version stays readable. The change data feed is on, so a unit's history is the table's
own record of its inserts, updates and deletes.

The table may be a local folder or an object-store URI (s3://bucket/tm, gs://, az://...);
deltalake and polars take the store's settings from the environment (AWS_ENDPOINT_URL,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ALLOW_HTTP for an emulator...).

Writers that collide (threads of one server, or separate processes) get
`CommitFailedError` from deltalake; each write re-reads the table and tries again with
backoff until `COMMIT_DEADLINE`. Local writers take turns on a lock file; on an object
store the conditional put of the next log entry keeps any two commits from overwriting
each other. Use the spawn start method for multiprocessing: deltalake's runtime does not
survive fork.

The data files carry plain Arrow strings (large_string), which every Parquet reader
filters on; deltalake's own merges, updates and deletes rewrite files with Arrow string
views (deltalake 1.6), which pyarrow cannot filter, until `compact()` rewrites them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import itertools
import random
import re
import threading
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl

from tm.access import Access, Role, allowed
from tm.errors import AccessError, InputError, StoreError, out_of_space
from tm.unit import (
    LIVE_STATUSES,
    SCHEMA,
    STATUS_RANK,
    STATUSES,
    Unit,
    clean_text,
    content_key,
    pair_label_expr,
    units_frame,
)

if TYPE_CHECKING:
    from deltalake import DeltaTable

_TABLE_CONFIGURATION = {"delta.enableChangeDataFeed": "true"}

# Writers whose commit conflicts with another's try again, waiting a random while that
# grows from the first to the cap, until this many seconds have passed (see `_retrying`).
COMMIT_DEADLINE = 300.0
# Roles that users' sign-ins claim (tm.identity), by TM: laid over the TM's list in the
# checks of this process's writes, never written to it.
_CLAIMED_ROLES: dict[str, dict[str, Role]] = {}
# The least history a vacuum keeps unless forced: a day to notice and undo a wrong restore.
MIN_KEEP_DAYS = 1.0
MAX_KEEP_DAYS = 36_500.0  # a century: more is "keep everything", and overflows Delta's hours
_BACKOFF_FIRST = 0.05
_BACKOFF_CAP = 1.0
# Small files pile up with many small commits; past this many, a write compacts them.
COMPACT_AFTER_FILES = 64
# Data files are written sorted by unit_id and kept this small (~25,000 units), so that a
# change to one unit finds its file by the file statistics and rewrites only that file:
# an approve at a million units rewrites 1/40 of the table, not a third of it.
TARGET_FILE_BYTES = 12 * 1024 * 1024
_ROW_GROUP_ROWS = 8192
# Rows handed to deltalake at a time (see `_arrow`). deltalake reads a few batches ahead of
# its writers, so larger ones cost memory: at a million units, 65,536 rows a batch held
# ~190 MB more than 8,192.
_ARROW_BATCH_ROWS = _ROW_GROUP_ROWS
# Up to this many units, a merge names them in its condition (see _unit_join).
_PRUNED_MERGE_IDS = 2_000

# What a second copy of a known pair can add to it (see _merge_metadata).
_FILLED_FIELDS = ("doc_id", "seg_no", "prev_source", "next_source", "note")
_MERGED_FIELDS = (*_FILLED_FIELDS, "status", "align_score", "props")
# What a new save of a document decides for the pairs it holds (see _replaced).
_REPLACED_FIELDS = (
    "doc_id",
    "seg_no",
    "prev_source",
    "next_source",
    "status",
    "align_score",
    "origin",
)
_COMPARED_FIELDS = (*_REPLACED_FIELDS, "note", "props")

# Hidden from Delta (and from vacuum) by its leading dot.
_LOCK_FILE = ".tm-write.lock"

_UNIT_ID = re.compile(r"^[0-9a-f]{32}$")
_T = TypeVar("_T")


@dataclass(frozen=True)
class AddResult:
    added: int
    merged: int  # already in the TM; its metadata took something from the new copy
    skipped: int  # already in the TM as it is, or repeated within the batch
    version: int


@dataclass(frozen=True)
class ReplaceResult:
    """What saving a document (or a segment) again did to the units it replaces."""

    added: int  # pairs the TM did not hold
    updated: int  # pairs it held, now with this save's status, position or context
    unchanged: int  # pairs it held exactly so
    retired: int  # pairs of the earlier save that this one no longer has
    version: int

    def summary(self) -> str:
        return (
            f"{self.added} new pairs, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.retired} earlier pairs retired"
        )


@dataclass(frozen=True)
class ChangeResult:
    changed: int
    version: int


@dataclass(frozen=True)
class Scope:
    """The units one save stands for: a document's units of one language pair, of some
    origins (None: any) and, for a single segment, at some positions (None: all)."""

    doc_id: str
    src_lang: str
    tgt_lang: str
    origins: tuple[str, ...] | None = None
    seg_nos: tuple[int, ...] | None = None

    def expression(self) -> pl.Expr:
        conditions = [
            pl.col("doc_id") == self.doc_id,
            pl.col("src_lang") == self.src_lang,
            pl.col("tgt_lang") == self.tgt_lang,
        ]
        if self.origins is not None:
            conditions.append(pl.col("origin").is_in(list(self.origins)))
        if self.seg_nos is not None:
            conditions.append(pl.col("seg_no").is_in(list(self.seg_nos)))
        return pl.all_horizontal(conditions)

    def holds(self, unit: Unit) -> bool:
        return (
            unit.doc_id == self.doc_id
            and (unit.src_lang, unit.tgt_lang) == (self.src_lang, self.tgt_lang)
            and (self.origins is None or unit.origin in self.origins)
            and (self.seg_nos is None or unit.seg_no in self.seg_nos)
        )


@dataclass(frozen=True)
class TableChanges:
    """How the table's data files moved since an earlier version (see `changes_since`).

    `added` reads the rows of the new files a group at a time, each row with the `_file` it
    came from (files are named relative to the table's root, as in Delta's log, so a moved
    TM folder keeps its names); a follower drops the rows of `removed` files and takes the
    added ones.
    `rebuild` is set instead when the files alone do not tell the rows (deletion vectors,
    partitions): then it holds every row of the version, and the follower starts over.
    """

    version: int
    files: frozenset[str]
    removed: frozenset[str]
    added: Callable[[], Iterator[pl.DataFrame]]
    rebuild: pl.DataFrame | None = None


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
    role: str | None = None  # the user's role when they made it (shared TMs)
    # A vacuum's retention: the data files of versions replaced before
    # `committed_at - keep` are gone.
    keep: dt.timedelta | None = None


@dataclass(frozen=True)
class UnitVersion:
    """One state of a unit in the table's history (or its deletion)."""

    version: int
    committed_at: dt.datetime
    change: str  # insert, update, delete
    user: str | None
    operation: str | None
    values: dict[str, Any]


# Creators that are not a person (an empty TM made on first use, the demo's seeding): the
# first person to list users in such a TM becomes its admin.
MACHINE_CREATORS = frozenset({None, "system", "demo-seed"})
# Statuses that say a reviewer looked at the pair: only roles that may approve set them.
_REVIEW_STATUSES = frozenset({"approved", "rejected"})
_STATUS_OPERATIONS = {"approved": "approve", "rejected": "reject", "retired": "retire"}
IMPORTED_STATUS_PROP = "x-tm-imported-status"


def _within_role(rows: pl.DataFrame, access: Access, user: str, now: dt.datetime) -> pl.DataFrame:
    """Rows as a user of a shared TM may bring them: stamped with who and when really made
    the change, and, below an editor, with reviewers' statuses taken back to draft (the
    file's status kept in a prop) so that an import cannot forge an approval."""
    if not access.shared:
        return rows
    rows = rows.with_columns(
        pl.lit(user, dtype=SCHEMA["changed_by"]).alias("changed_by"),
        pl.lit(now, dtype=SCHEMA["changed_at"]).alias("changed_at"),
    )
    role = access.role(user)
    if role is None or allowed(role, "approve"):
        return rows
    above = pl.col("status").is_in(list(_REVIEW_STATUSES))
    provenance = pl.concat_list(
        pl.struct(pl.lit(IMPORTED_STATUS_PROP).alias("type"), pl.col("status").alias("value"))
    )
    return rows.with_columns(
        pl.when(above)
        .then(pl.col("props").list.concat(provenance))
        .otherwise(pl.col("props"))
        .alias("props"),
        pl.when(above).then(pl.lit("draft")).otherwise(pl.col("status")).alias("status"),
    )


def _keep_an_admin(roles: dict[str, Role], user: str) -> None:
    if Role.ADMIN not in roles.values():
        raise AccessError(
            "the TM would have no admin left: make someone else admin first (it keeps its "
            "last admin)",
            user=user,
            operation="manage-users",
        )


def _retention(entry: dict[str, Any]) -> dt.timedelta | None:
    if entry.get("operation") != "VACUUM START":
        return None
    millis = (entry.get("operationParameters") or {}).get("specifiedRetentionMillis")
    try:
        return dt.timedelta(milliseconds=int(str(millis)))
    except ValueError:
        return dt.timedelta(0)  # a vacuum that does not say: assume it kept nothing


def commits(table: DeltaTable) -> tuple[Commit, ...]:
    """A Delta table's versions, newest first, with the user and operation the store (or
    the termbase's door) stamped on each."""
    return tuple(
        Commit(
            version=int(entry["version"]),
            committed_at=dt.datetime.fromtimestamp(entry["timestamp"] / 1000, dt.UTC),
            user=entry.get("tm.user"),
            operation=entry.get("tm.operation") or str(entry.get("operation", "")).lower(),
            role=entry.get("tm.role"),
            keep=_retention(entry),
        )
        for entry in table.history()
        if "version" in entry
    )


def restorable(log: tuple[Commit, ...]) -> tuple[Commit, ...]:
    """The commits of a log (newest first) whose versions can still be read."""
    oldest = horizon(log)
    return tuple(commit for commit in log if commit.version >= oldest)


def horizon(log: Sequence[Commit]) -> int:
    """The oldest version a table with this log (newest first) can still be read at.

    A vacuum deletes the data files that versions replaced before its retention cutoff:
    a version is gone once the next version was written before a vacuum's cutoff (its
    files may have been replaced then). Conservative: a version whose files all outlived
    that cutoff is counted gone too, rather than offered and then found missing."""
    oldest = min((commit.version for commit in log), default=0)
    for newer, older in itertools.pairwise(log):  # newest first: (v+1, v)
        if any(
            vacuum.keep is not None
            and vacuum.version > older.version
            and newer.committed_at < vacuum.committed_at - vacuum.keep
            for vacuum in log
        ):
            return newer.version
    return oldest


def _check_user(user: str) -> None:
    if not user.strip():
        raise InputError("a user name is needed to stamp the change", field="user")
    # A name is stamped on units and printed by `log` and `users list`: no terminal escapes.
    if any(not char.isprintable() for char in user):
        raise InputError(
            f"{user!r} is not a user name (it holds a control character)", field="user"
        )


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
    rank = pl.col("status").replace_strict(STATUS_RANK, return_dtype=pl.Int8)
    rank_new = pl.col("status_new").replace_strict(STATUS_RANK, return_dtype=pl.Int8)
    return _updated_rows(
        existing,
        incoming,
        _MERGED_FIELDS,
        *(pl.coalesce(name, f"{name}_new").alias(name) for name in _FILLED_FIELDS),
        pl.when(rank_new > rank).then("status_new").otherwise("status").alias("status"),
        pl.max_horizontal("align_score", "align_score_new").alias("align_score"),
    )


def _replaced(existing: pl.DataFrame, incoming: pl.DataFrame) -> pl.DataFrame:
    """Existing units as a new save of the same pairs says they now are.

    Unlike a merge, the save decides status, position, context, score and origin (a reviewer
    who saves a document again may un-approve a pair); the unit keeps its id and creation
    stamp, a note unless the save brings one, and its props united with the save's.
    Returns only the rows that changed.
    """
    return _updated_rows(
        existing,
        incoming,
        _COMPARED_FIELDS,
        *(pl.col(f"{name}_new").alias(name) for name in _REPLACED_FIELDS),
        pl.coalesce("note_new", "note").alias("note"),
    )


def _updated_rows(
    existing: pl.DataFrame, incoming: pl.DataFrame, compared: Sequence[str], *updates: pl.Expr
) -> pl.DataFrame:
    """Existing rows joined with the incoming copies of their pairs and updated by
    `updates` (props united, stamped by the incoming copy); only those whose `compared`
    fields changed."""
    joined = existing.join(incoming, on="content_key", suffix="_new").with_columns(
        pl.col(name).alias(f"{name}_old") for name in compared
    )
    updated = joined.with_columns(
        *updates,
        pl.concat_list("props", "props_new").list.unique(maintain_order=True).alias("props"),
        pl.col("changed_by_new").alias("changed_by"),
        pl.col("changed_at_new").alias("changed_at"),
    )
    changed = pl.any_horizontal(pl.col(name).ne_missing(pl.col(f"{name}_old")) for name in compared)
    return updated.filter(changed).select(*SCHEMA)


def _checked_keys(keys: Sequence[str]) -> list[str]:
    if not all(isinstance(key, str) and _UNIT_ID.match(key) for key in keys):
        raise StoreError("a content key that is not a hex digest")  # the store made them
    return list(dict.fromkeys(keys))


def _checked_ids(unit_ids: Sequence[str]) -> list[str]:
    for unit_id in unit_ids:
        if not isinstance(unit_id, str) or not _UNIT_ID.match(unit_id):
            raise InputError(f"{unit_id!r} is not a unit id", field="unit_id")
    return list(dict.fromkeys(unit_ids))


def table_uri(uri: str | Path) -> str:
    """A table's location as the store keeps it: a path for a local table (a file:// URI
    too, so that it gets the writers' lock and the indexes beside it), else the URI."""
    from urllib.parse import unquote

    text = str(uri)
    if text.startswith("file://"):
        return unquote(text.removeprefix("file://"))
    return text


def _local(uri: str) -> bool:
    return "://" not in uri


@contextlib.contextmanager
def _local_lock(uri: str) -> Iterator[None]:
    """Writers on this machine take turns instead of failing each other's commits.

    A merge reads the whole table, so any commit that lands while it runs conflicts with
    it; with many local writers the retries alone can starve one. Writers on other machines
    (an s3:// TM) are still kept correct by Delta's conflict check and retries.
    """
    if not _local(uri):
        yield
        return
    Path(uri).mkdir(parents=True, exist_ok=True)
    with open(Path(uri) / _LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class TranslationMemory:
    """A handle on one TM table; cheap to make, it holds no data in memory."""

    def __init__(self, uri: str | Path) -> None:
        self.uri = table_uri(uri)
        # Each thread keeps its own handle on the table and brings it up to date before use
        # (reading the new commits only): opening afresh replays the log from a checkpoint.
        self._handles = threading.local()

    def __repr__(self) -> str:
        return f"TranslationMemory({self.uri!r})"

    # opening --------------------------------------------------------------------------

    @classmethod
    def create(
        cls, uri: str | Path, units: Sequence[Unit] = (), *, user: str = "system"
    ) -> TranslationMemory:
        """A new TM holding `units` from its first commit on, so a seeded TM is never half made."""
        rows = _stamped(units_frame(units), user, dt.datetime.now(dt.UTC))
        if not _create_table(table_uri(uri), rows, user):
            raise StoreError(f"{uri}: a translation memory exists there already")
        return cls(uri)

    @staticmethod
    def exists(uri: str | Path) -> bool:
        """Whether a TM table is there."""
        from deltalake import DeltaTable

        return bool(DeltaTable.is_deltatable(table_uri(uri)))

    @classmethod
    def open(
        cls, uri: str | Path, *, create: bool = False, user: str = "system"
    ) -> TranslationMemory:
        """Open an existing TM (or make an empty one when `create`, `user` its creator:
        the admin once it lists users); never rewrites it.

        Any number of processes may open the same new TM with `create` at once: one makes
        it, the others open what it made."""
        if cls.exists(uri):
            return cls(uri)
        if not create:
            raise StoreError(f"{uri}: no translation memory there (create one with --tm on import)")
        _check_user(user)
        _create_table(table_uri(uri), units_frame(()), user)
        return cls(uri)

    def _table(self, version: int | None = None) -> DeltaTable:
        """The table at its latest version (or at `version`)."""
        from deltalake import DeltaTable

        try:
            if version is not None:
                return DeltaTable(self.uri, version=version)
            table: DeltaTable | None = getattr(self._handles, "table", None)
            if table is None:
                table = self._handles.table = DeltaTable(self.uri)
            else:
                table.update_incremental()
            return table
        except Exception as err:  # deltalake raises several unrelated types here
            raise StoreError(f"{self.uri}: cannot open the translation memory: {err}") from err

    # reading --------------------------------------------------------------------------

    def version(self) -> int:
        return int(self._table().version())

    def _version_if_any(self) -> int:
        """The latest version, or -1 before the first commit made the table."""
        try:
            return self.version()
        except StoreError:
            return -1

    def units(self, *, version: int | None = None) -> pl.DataFrame:
        """The whole table at its latest version (or at an earlier one)."""
        if version is None:
            return self.scan().collect()
        table = self._table(version)
        return pl.DataFrame(table.to_pyarrow_table(), schema_overrides=SCHEMA)

    def scan(self, *, version: int | None = None) -> pl.LazyFrame:
        """Every row of the latest version (or of an earlier one), retired and rejected
        ones too, as a lazy frame (filters and projections are pushed down). Most readers
        want `live`."""
        return scan_table(self.uri, self._table(version))

    def live(self, *, statuses: Collection[str] | None = None) -> pl.LazyFrame:
        """The units lookups, concordance, exports and statistics see: live ones only
        (draft, aligned, approved), or those of the given statuses."""
        wanted = list(LIVE_STATUSES if statuses is None else statuses)
        unknown = sorted(set(wanted) - set(STATUSES))
        if unknown:
            raise InputError(
                f"unknown status {unknown[0]!r} (one of {', '.join(STATUSES)})", field="status"
            )
        return self.scan().filter(pl.col("status").is_in(wanted))

    def document_units(self, scope: Scope, *, live_only: bool = True) -> pl.DataFrame:
        """The units a save of `scope` stands for, in document order."""
        frame = self.live() if live_only else self.scan()
        return frame.filter(scope.expression()).sort("seg_no", "changed_at").collect()

    def unit(self, unit_id: str) -> dict[str, Any]:
        rows = self._with_keys(pl.Series(_checked_ids([unit_id])), column="unit_id")
        if rows.is_empty():
            raise InputError(f"no unit {unit_id} in the translation memory", field="unit_id")
        return rows.row(0, named=True)

    def stats(self, *, statuses: Collection[str] | None = None) -> TMStats:
        """Units by pair and by status: live ones unless other statuses are asked for."""
        frame = self.live(statuses=statuses).select("src_lang", "tgt_lang", "status").collect()
        by_pair = frame.group_by(pair_label_expr("src_lang", "tgt_lang").alias("pair")).len()
        by_status = frame.group_by("status").len()
        return TMStats(
            units=frame.height,
            version=self.version(),
            by_pair=dict(sorted(zip(by_pair["pair"], by_pair["len"], strict=True))),
            by_status=dict(sorted(zip(by_status["status"], by_status["len"], strict=True))),
        )

    def _with_keys(self, keys: pl.Series, column: str = "content_key") -> pl.DataFrame:
        """The rows whose content_key (or unit_id) is one of `keys`, found by the files'
        bloom filters and statistics when there are few: a point lookup that does not read
        the column of a million units. Keys and ids are checked hex digests."""
        if keys.is_empty():
            return pl.DataFrame(schema=SCHEMA)
        if len(keys) > _PRUNED_MERGE_IDS:
            return self.scan().filter(pl.col(column).is_in(keys.implode())).collect()
        from deltalake import QueryBuilder

        wanted = ", ".join(f"'{key}'" for key in _checked_keys(keys.to_list()))
        found = (
            QueryBuilder()
            .register("tm", self._table())
            .execute(f"SELECT * FROM tm WHERE {column} IN ({wanted})")
            .read_all()
        )
        return pl.DataFrame(found).select(pl.col(name).cast(kind) for name, kind in SCHEMA.items())

    def changes_since(
        self, version: int, files: Collection[str], *, columns: Sequence[str]
    ) -> TableChanges:
        """What a follower that has read `files` (the data files of `version`) must drop
        and read to be at the latest version: how the fuzzy index keeps up, reading only
        the files a commit added (an approve rewrites one file, an add appends one).

        Files are named relative to the table's root, as Delta's log names them, so that a
        follower's names still hold when the TM folder is moved or copied elsewhere."""
        table = self._table()
        latest = int(table.version())
        known = frozenset(files)
        if latest == version:
            return TableChanges(latest, known, frozenset(), lambda: iter(()))
        if table.metadata().partition_columns or "deletionVectors" in (
            table.protocol().reader_features or []
        ):
            frame = pl.scan_delta(self.uri, version=latest).select(columns).collect()
            return TableChanges(latest, frozenset(), known, lambda: iter(()), rebuild=frame)
        # The root as `_file_paths` spells it: a local table's decoded, a remote one's not.
        from urllib.parse import unquote

        # The root as `_file_paths` spells the files: decoded, a local one without file://.
        root = unquote(table.table_uri.rstrip("/") + "/")
        if root.startswith("file://"):
            root = root.removeprefix("file://")
        paths = {path.removeprefix(root): path for path in _file_paths(table)}
        live = frozenset(paths)
        groups = _file_groups(table, sorted(live - known))

        def added() -> Iterator[pl.DataFrame]:
            for group in groups:
                yield (
                    pl.scan_parquet(
                        [paths[name] for name in group],
                        glob=False,
                        include_file_paths="_file",
                        missing_columns="insert",
                        extra_columns="ignore",
                    )
                    .select(*columns, pl.col("_file").str.strip_prefix(root))
                    .collect()
                )

        return TableChanges(latest, live, known - live, added)

    def log(self, *, all_versions: bool = False) -> tuple[Commit, ...]:
        """The versions `restore` can go back to, newest first; with `all_versions`, also
        those a vacuum took the data of (their commits are still in the log)."""
        every = commits(self._table())
        return every if all_versions else restorable(every)

    def horizon(self) -> int:
        """The oldest version still readable: restore and history reach back to it (0
        until a vacuum removed older versions' data)."""
        return horizon(commits(self._table()))

    def history(self, unit_id: str) -> tuple[UnitVersion, ...]:
        """Every state the unit has had, oldest first, with who made each change.

        The change data feed is read only at the versions that touched the unit, which a
        small index beside a local table (`_history/`) remembers; it catches up with the
        versions written since it was last read."""
        import pyarrow as pa

        (unit_id,) = _checked_ids([unit_id])
        predicate = f"unit_id = '{unit_id}'"  # a checked hex id: nothing to escape
        table = self._table()
        latest = int(table.version())
        log = commits(table)
        oldest = horizon(log)
        # Before the horizon a vacuum took the data: the unit's state there is where its
        # history starts (`oldest kept`), and the versions before it are not read.
        at_oldest = next((commit for commit in log if commit.version == oldest), None)
        kept = self._state_at(at_oldest, unit_id) if oldest > 0 and at_oldest else []
        touching = self._versions_touching(table, unit_id, latest, oldest)
        versions = [v for v in touching if v > oldest] if oldest > 0 else touching
        feeds = []
        for first, last in _runs(versions):
            read = [self._local_feed(version, unit_id) for version in range(first, last + 1)]
            if all(part is not None for part in read):
                feeds += [part for part in read if part is not None]
            else:  # a version whose changes the log alone does not tell (a restore)
                cdf = table.load_cdf(
                    starting_version=first, ending_version=last, predicate=predicate
                )
                feeds.append(pl.DataFrame(pa.table(cdf.read_all())))
        columns = [*SCHEMA, "_change_type", "_commit_version", "_commit_timestamp"]
        feeds = [part.select(columns) for part in feeds if not part.is_empty()]
        if not feeds:
            return tuple(kept)
        feed = pl.concat(feeds, how="vertical_relaxed")
        infos = self._commit_infos(table, sorted(set(feed["_commit_version"].to_list())))
        states = []
        for row in feed.sort("_commit_version").iter_rows(named=True):
            change = row.pop("_change_type")
            if change == "update_preimage":
                continue
            version = int(row.pop("_commit_version"))
            committed_at = row.pop("_commit_timestamp").replace(tzinfo=dt.UTC)
            commit = infos.get(version, {})
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
        return (*kept, *states)

    def _state_at(self, commit: Commit, unit_id: str) -> list[UnitVersion]:
        """The unit as the table held it at `commit`'s version (none if it did not), as the
        first state of a history whose earlier versions are gone."""
        rows = self.scan(version=commit.version).filter(pl.col("unit_id") == unit_id)
        found = rows.collect()
        if found.is_empty():
            return []
        return [
            UnitVersion(
                version=commit.version,
                committed_at=commit.committed_at,
                change="oldest kept",
                user=commit.user,
                operation=commit.operation,
                values=found.row(0, named=True),
            )
        ]

    def _local_feed(self, version: int, unit_id: str) -> pl.DataFrame | None:
        """The unit's changes at `version`, read from the files that version's log entry
        names (its change-data files, or the files it added): no replay of the log, which
        costs a read of a table state per version. None where that does not tell the
        changes (a remote table, files removed without change data, a version vacuumed)."""
        import json
        from urllib.parse import unquote

        if not _local(self.uri):
            return None
        root = Path(self.uri)
        try:
            actions = [
                json.loads(line)
                for line in (root / "_delta_log" / f"{version:020d}.json")
                .read_text(encoding="utf-8")
                .splitlines()
                if line.strip()
            ]
        except (OSError, ValueError):
            return None
        info: dict[str, Any] = next((a["commitInfo"] for a in actions if "commitInfo" in a), {})
        changes = [root / unquote(a["cdc"]["path"]) for a in actions if "cdc" in a]
        added = [
            root / unquote(a["add"]["path"])
            for a in actions
            if "add" in a and a["add"].get("dataChange", True)
        ]
        removed = any("remove" in a and a["remove"].get("dataChange", True) for a in actions)
        if changes:
            files, change = changes, None
        elif added and not removed:
            files, change = added, "insert"
        elif not added and not removed:
            return pl.DataFrame()  # a commit that changed no rows (compaction, metadata)
        else:
            return None
        try:
            rows = (
                pl.scan_parquet(files, missing_columns="insert", extra_columns="ignore")
                .filter(pl.col("unit_id") == unit_id)
                .collect()
            )
        except (OSError, pl.exceptions.PolarsError):
            return None
        if change is not None:
            rows = rows.with_columns(pl.lit(change).alias("_change_type"))
        stamp = dt.datetime.fromtimestamp(int(info.get("timestamp", 0)) / 1000, dt.UTC)
        return rows.with_columns(
            pl.lit(version, dtype=pl.Int64).alias("_commit_version"),
            pl.lit(stamp.replace(tzinfo=None)).alias("_commit_timestamp"),
        )

    def _versions_touching(
        self, table: DeltaTable, unit_id: str, latest: int, oldest: int = 0
    ) -> list[int]:
        """The versions from `oldest` on whose changes include the unit (all versions where
        no index can be kept: a remote table)."""
        import pyarrow as pa

        if not _local(self.uri):
            return list(range(oldest, latest + 1))
        folder = Path(self.uri) / _HISTORY_FOLDER
        parts = sorted(folder.glob("v*.parquet"))
        known = max((_part_range(part)[1] for part in parts), default=-1)
        # The changes of the horizon version itself may be vacuumed: read from the next.
        first = max(known + 1, oldest + 1 if oldest else 0)
        if first <= latest:
            feed = table.load_cdf(
                starting_version=first,
                ending_version=latest,
                columns=["unit_id", "_commit_version"],
            )
            touched = (
                pl.DataFrame(pa.table(feed.read_all()))
                .select("unit_id", pl.col("_commit_version").cast(pl.Int64).alias("version"))
                .unique()
            )
            # Derived data: another process may write the same part, or the folder may be
            # read-only or its disk full; then this call simply reads the feed it has, and
            # leaves no staging file (polars reports a failed write as a ComputeError).
            staging = folder / f"tmp-{uuid.uuid4().hex}.parquet"
            try:
                folder.mkdir(exist_ok=True)
                touched.write_parquet(staging)
                staging.rename(folder / f"v{known + 1:012d}-{latest:012d}.parquet")
            except (OSError, pl.exceptions.PolarsError):
                with contextlib.suppress(OSError):
                    staging.unlink(missing_ok=True)
            else:
                if len(parts) >= _HISTORY_PARTS:
                    _merge_parts(folder, parts)
            recent = touched.filter(pl.col("unit_id") == unit_id)["version"].to_list()
        else:
            recent = []
        older = (
            pl.scan_parquet(parts).filter(pl.col("unit_id") == unit_id).select("version").collect()
            if parts
            else pl.DataFrame({"version": []}, schema={"version": pl.Int64})
        )
        return sorted({*older["version"].to_list(), *recent})

    def _commit_infos(self, table: DeltaTable, versions: Sequence[int]) -> dict[int, Any]:
        """The commit information (user, operation) of the given versions."""
        import json

        if not _local(self.uri):
            return {int(entry["version"]): entry for entry in table.history() if "version" in entry}
        infos: dict[int, Any] = {}
        for version in versions:
            log = Path(self.uri) / "_delta_log" / f"{version:020d}.json"
            with contextlib.suppress(OSError):
                for line in log.read_text(encoding="utf-8").splitlines():
                    action = json.loads(line)
                    if "commitInfo" in action:
                        infos[version] = action["commitInfo"]
        return infos

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

        now = now or dt.datetime.now(dt.UTC)
        access = self._allowed(user, "add")
        batch = _stamped(_within_role(rows, access, user, now), user, now)
        if batch.is_empty():
            return AddResult(added=0, merged=0, skipped=rows.height, version=self.version())

        def write() -> tuple[int, int]:
            existing = self._with_keys(batch["content_key"])
            fresh = (
                batch.filter(~pl.col("content_key").is_in(existing["content_key"].implode()))
                if existing.height
                else batch
            )
            changed = _merge_metadata(existing, batch)
            if changed.is_empty() and _local(self.uri):
                # Only new pairs, and local writers hold the lock while they check and write:
                # a plain append is as safe as a merge and far lighter on a large import.
                if not fresh.is_empty():
                    write_deltalake(
                        self.uri,
                        _arrow(fresh, order_by="unit_id"),
                        mode="append",
                        target_file_size=TARGET_FILE_BYTES,
                        writer_properties=_writer_properties(),
                        commit_properties=self._stamp(user, "add"),
                    )
                return fresh.height, 0
            self._merge_rows(pl.concat([fresh, changed]), user=user, operation="add")
            return fresh.height, changed.height

        added, merged = self._retrying(write)
        version = self._compact_if_fragmented(user)
        return AddResult(
            added=added, merged=merged, skipped=rows.height - added - merged, version=version
        )

    def replace(
        self,
        units: Sequence[Unit],
        scope: Scope | Sequence[Scope],
        *,
        user: str,
        operation: str = "save",
    ) -> ReplaceResult:
        """Make `units` what the TM holds for `scope` (or several scopes), in one commit.

        Pairs the TM lacks are added; pairs it holds for the scope take this save's status,
        position and context (a pair live in another document keeps its place and status,
        and only takes what it lacks, as `add` merges it); live units of the scope that
        this save no longer has are retired: never offered again, still in history and
        restorable. All units are validated first, and each must belong to a scope.
        """
        access = self._allowed(user, "retire")
        if any(unit.status in _REVIEW_STATUSES for unit in units):
            access.check(user, "approve")
        scopes = (scope,) if isinstance(scope, Scope) else tuple(scope)
        for position, unit in enumerate(units, start=1):
            if not any(one.holds(unit) for one in scopes):
                raise InputError(
                    f"the unit is not of document {scopes[0].doc_id!r} "
                    f"({unit.src_lang}-{unit.tgt_lang}, {unit.origin})",
                    source="units",
                    line=position,
                    field="doc_id",
                )
        in_scope = pl.any_horizontal(one.expression() for one in scopes)
        now = dt.datetime.now(dt.UTC)
        batch = _stamped(units_frame(units), user, now)
        keys = batch["content_key"].implode()

        def write() -> ReplaceResult:
            known = self._with_keys(batch["content_key"])
            fresh = batch.filter(~pl.col("content_key").is_in(known["content_key"].implode()))
            # A pair the scope holds (or a retired one) takes this save's word; a live pair of
            # another document or origin stays theirs, and only takes what it lacks.
            # (A unit with no doc_id, an import's, is outside every scope: not null.)
            taken = in_scope.fill_null(False) | (pl.col("status") == "retired")
            updated = pl.concat(
                [
                    _replaced(known.filter(taken), batch),
                    _merge_metadata(known.filter(~taken), batch),
                ]
            )
            retired = (
                self.live()
                .filter(in_scope, ~pl.col("content_key").is_in(keys))
                .collect()
                .with_columns(
                    pl.lit("retired").alias("status"),
                    pl.lit(user).alias("changed_by"),
                    pl.lit(now, dtype=SCHEMA["changed_at"]).alias("changed_at"),
                )
            )
            changes = pl.concat([fresh, updated, retired])
            if not changes.is_empty():
                self._merge_rows(changes, user=user, operation=operation)
            return ReplaceResult(
                added=fresh.height,
                updated=updated.height,
                unchanged=known.height - updated.height,
                retired=retired.height,
                version=-1,
            )

        result = self._retrying(write)
        return replace(result, version=self._compact_if_fragmented(user))

    def set_status(self, unit_ids: Sequence[str], status: str, *, user: str) -> ChangeResult:
        """Approve, un-approve (back to aligned or draft), reject or retire units."""
        if status not in STATUSES:
            raise InputError(
                f"unknown status {status!r} (one of {', '.join(STATUSES)})", field="status"
            )
        self._allowed(user, _STATUS_OPERATIONS.get(status, "approve"))
        ids = self._held(unit_ids)
        values = pl.DataFrame({"unit_id": ids, "status": [status] * len(ids)})
        return self._update(values, user=user, operation=status)

    def approve(self, unit_ids: Sequence[str], *, user: str) -> ChangeResult:
        return self.set_status(unit_ids, "approved", user=user)

    def reject(self, unit_ids: Sequence[str], *, user: str) -> ChangeResult:
        return self.set_status(unit_ids, "rejected", user=user)

    def unapprove(self, unit_ids: Sequence[str], *, user: str) -> ChangeResult:
        """Take approvals back: an aligned pair is aligned again, any other unit a draft."""
        self._allowed(user, "unapprove")
        ids = self._held(unit_ids)
        values = (
            self.scan()
            .filter(pl.col("unit_id").is_in(ids), pl.col("status") == "approved")
            .select(
                "unit_id",
                pl.when(pl.col("origin").is_in(["alignment", "gold"]))
                .then(pl.lit("aligned"))
                .otherwise(pl.lit("draft"))
                .alias("status"),
            )
            .collect()
        )
        return self._update(values, user=user, operation="unapprove")

    def edit(
        self,
        unit_id: str,
        *,
        user: str,
        source: str | None = None,
        target: str | None = None,
        note: str | None = None,
    ) -> ChangeResult:
        """Change a unit's text or note; it keeps its id, and the old text stays in history.

        A translator may edit the units they made while they are not approved; editors and
        admins any unit."""
        current = self.unit(unit_id)
        own = current["created_by"] == user and current["status"] != "approved"
        self._allowed(user, "edit-own" if own else "edit-any")
        # Through the same door as every new unit: no control characters, bounded length.
        new_source = current["source"] if source is None else clean_text(source, "source")
        new_target = current["target"] if target is None else clean_text(target, "target")
        for name, text in (("source", new_source), ("target", new_target)):
            if not text.strip():
                raise InputError(f"the {name} is empty", field=name)
        key = content_key(current["src_lang"], current["tgt_lang"], new_source, new_target)

        def refuse_a_second_copy() -> None:
            # Checked under the writers' lock, right before the commit: two users editing
            # two units into the same pair at once must not both find it free.
            clash = self._with_keys(pl.Series([key])).filter(pl.col("unit_id") != unit_id)
            if not clash.is_empty():
                raise InputError(
                    f"the same pair exists already as unit {clash.item(0, 0)}", field="target"
                )

        refuse_a_second_copy()  # before the lock too: the common case says so at once
        values = {
            "unit_id": [unit_id],
            "source": [new_source],
            "target": [new_target],
            "content_key": [key],
            "note": [current["note"] if note is None else clean_text(note, "note")],
        }
        return self._update(
            pl.DataFrame(values), user=user, operation="edit", check=refuse_a_second_copy
        )

    def delete(self, unit_ids: Sequence[str], *, user: str) -> ChangeResult:
        """Remove units; their earlier states stay readable through history and time travel."""
        self._allowed(user, "delete")
        ids = _checked_ids(unit_ids)
        # Checked hex ids: nothing in the predicate comes from a person's text. Many ids go
        # as a merge source instead: a literal list of ~23,500 ids crashed deltalake.
        predicate = "unit_id IN (" + ", ".join(f"'{unit_id}'" for unit_id in ids) + ")"

        def write() -> int:
            properties = self._stamp(user, "delete")
            if len(ids) <= _PRUNED_MERGE_IDS:
                metrics = self._table().delete(predicate, commit_properties=properties)
                return int(metrics.get("num_deleted_rows", 0))
            merged = (
                self._table()
                .merge(
                    source=_arrow(pl.DataFrame({"unit_id": ids}, schema={"unit_id": pl.Utf8})),
                    predicate="t.unit_id = s.unit_id",
                    source_alias="s",
                    target_alias="t",
                    commit_properties=properties,
                )
                .when_matched_delete()
                .execute()
            )
            return int(merged.get("num_target_rows_deleted", 0))

        changed = self._retrying(write) if ids else 0
        return ChangeResult(changed=changed, version=self.version())

    def restore(self, version: int, *, user: str, expect_latest: int | None = None) -> ChangeResult:
        """Make the table as it was at `version`, as a new commit (nothing is lost: restoring
        the version before it undoes it). `tm.restore.plan_restore` says first what it will
        undo; with `expect_latest` (the plan's latest version), a TM that others wrote to
        since the plan is refused rather than their work undone unseen."""
        self._allowed(user, "restore")
        latest = self.version()
        if not 0 <= version <= latest:
            raise InputError(f"no version {version} (the table has 0..{latest})", field="version")
        if expect_latest is not None and latest != expect_latest:
            raise StoreError(
                f"{self.uri}: the TM changed since the restore was planned (version "
                f"{expect_latest}, now {latest}): look at what it would undo again"
            )
        if version < (oldest := self.horizon()):
            raise StoreError(
                f"{self.uri}: version {version} can no longer be restored: a vacuum removed "
                f"its data (the oldest version kept is {oldest}; `python -m tm log` lists them)"
            )
        from deltalake.exceptions import DeltaError

        before = self.units().height
        try:
            self._retrying(
                lambda: self._table().restore(
                    version, commit_properties=self._stamp(user, f"restore {version}")
                )
            )
        except DeltaError as error:
            if "missing file" not in str(error).lower():
                raise
            raise StoreError(
                f"{self.uri}: version {version} can no longer be restored: `vacuum` removed "
                "data files it needs (versions older than the vacuum's retention are gone; "
                "`python -m tm log` shows when the last vacuum ran)"
            ) from None
        return ChangeResult(changed=abs(self.units().height - before), version=self.version())

    def restore_unit(self, unit_id: str, version: int, *, user: str) -> ChangeResult:
        """Give one unit the state it had at `version` (its text, status, note and
        context), as a new commit; the rest of the TM is untouched. A unit deleted since
        comes back (an admin's restore); one that still exists is edited back (as `edit`
        allows, and approving rights for a reviewed status)."""
        (unit_id,) = _checked_ids([unit_id])
        state = next((s for s in reversed(self.history(unit_id)) if s.version <= version), None)
        if state is None or state.change == "delete":
            raise InputError(
                f"unit {unit_id} had no state at version {version} that can be read "
                "(not yet made, deleted then, or its data vacuumed)",
                field="version",
            )
        earlier = {name: state.values[name] for name in SCHEMA}
        current = self._with_keys(pl.Series([unit_id]), column="unit_id")
        if current.is_empty():
            self._allowed(user, "restore")
        else:
            mine = current["created_by"][0] == user and current["status"][0] != "approved"
            self._allowed(user, "edit-own" if mine else "edit-any")
        if earlier["status"] in _REVIEW_STATUSES:
            self._allowed(user, "approve")
        now = dt.datetime.now(dt.UTC)
        row = pl.DataFrame([earlier], schema=SCHEMA).with_columns(
            pl.lit(user).alias("changed_by"),
            pl.lit(now, dtype=SCHEMA["changed_at"]).alias("changed_at"),
        )

        def write() -> int:
            clash = self._with_keys(row["content_key"]).filter(pl.col("unit_id") != unit_id)
            if not clash.is_empty():
                raise InputError(
                    f"the pair unit {unit_id} had at version {version} is unit "
                    f"{clash.item(0, 0)} now: restoring it would hold the pair twice",
                    field="version",
                )
            self._merge_rows(row, user=user, operation=f"restore unit to {version}")
            return 1

        changed = self._retrying(write)
        return ChangeResult(changed=changed, version=self.version())

    def compact(self, *, sort: bool = True, user: str = "system") -> int:
        """Rewrite the data files: with `sort`, the whole table in unit_id order, in files of
        about `TARGET_FILE_BYTES` (what keeps one unit's change cheap); without, only the
        small files, packed together. Returns how many files were replaced. Units, versions
        and history are unchanged (the commit changes no data)."""

        stamp = _commit_properties(user, "compact")  # housekeeping: no role is needed

        def rewrite() -> dict[str, Any]:
            optimize = self._table().optimize
            if sort:
                return dict(
                    optimize.z_order(
                        ["unit_id"],
                        target_size=TARGET_FILE_BYTES,
                        writer_properties=_writer_properties(),
                        commit_properties=stamp,
                    )
                )
            return dict(
                optimize.compact(
                    target_size=TARGET_FILE_BYTES,
                    writer_properties=_writer_properties(),
                    commit_properties=stamp,
                )
            )

        metrics = self._retrying(rewrite)
        return int(metrics.get("numFilesRemoved", 0))

    def vacuum(self, *, keep_days: float, user: str, force: bool = False) -> int:
        """Delete data files no version of the last `keep_days` days needs; returns the count.

        Less than `MIN_KEEP_DAYS` only with `force`: it makes the latest changes, a restore
        among them, impossible to undo (a restore to version 0 and a vacuum keeping no day
        empty a TM for good)."""
        self._allowed(user, "vacuum")
        if not 0 <= keep_days <= MAX_KEEP_DAYS:
            raise InputError(
                f"keep_days must be from 0 to {MAX_KEEP_DAYS:,.0f} days, not {keep_days:g}",
                field="keep_days",
            )
        if keep_days < MIN_KEEP_DAYS and not force:
            raise InputError(
                f"keeping {keep_days:g} days would leave nothing to undo the latest changes "
                f"with (a restore among them); keep at least {MIN_KEEP_DAYS:g} day, or force it",
                field="keep_days",
            )
        # Under the writers' lock, and attributed like any other change: a vacuum that runs
        # while another commits must not take files the new version needs.
        with _local_lock(self.uri):
            before = _data_files_on_disk(self.uri)
            removed = self._table().vacuum(
                retention_hours=int(keep_days * 24),
                dry_run=False,
                enforce_retention_duration=False,
                commit_properties=self._stamp(user, "vacuum"),
            )
            if before is not None:
                # deltalake lists every file the log has let go of, those an earlier vacuum
                # deleted too: count what this one took off the disk.
                return len(before - (_data_files_on_disk(self.uri) or set()))
        return len(removed)

    # --- who may write (tm.access) ---

    def access(self) -> Access:
        """The TM's users and roles (`tm.access`); single-user while it lists none."""
        from tm.store_access import read_access

        return read_access(self.uri)

    @property
    def _claimed(self) -> dict[str, Role]:
        return _CLAIMED_ROLES.setdefault(self.uri, {})

    def claim_role(self, user: str, role: Role | None) -> None:
        """Check `user`'s writes to this TM (and its termbase), in this process, with the
        role their sign-in claims over what the TM's list says (None: the list decides
        again). The list and its history stay the admins'; a claim lasts until the user's
        next sign-in."""
        if role is None:
            self._claimed.pop(user, None)
        else:
            self._claimed[user] = role

    def roles_in_force(self) -> Access:
        """The TM's list with the roles users' sign-ins claim laid over it: what writes
        are checked against."""
        from tm.identity import with_claims

        return with_claims(self.access(), self._claimed)

    def _allowed(self, user: str, operation: str) -> Access:
        _check_user(user)
        access = self.roles_in_force()
        # Remembered for this thread's commit stamp: the log says who, in which role.
        self._handles.acting = (user, access.check(user, operation))
        return access

    def _stamp(self, user: str, operation: str) -> Any:
        """The commit's metadata: user, operation, and the role `_allowed` found."""
        acting, role = getattr(self._handles, "acting", (None, None))
        return _commit_properties(user, operation, role if acting == user else None)

    def _held(self, unit_ids: Sequence[str]) -> list[str]:
        """The ids, checked, when the TM holds every one of them; otherwise an error naming
        the first missing (another user may just have deleted it), before anything is
        written."""
        ids = _checked_ids(unit_ids)
        found = set(self._with_keys(pl.Series(ids, dtype=pl.Utf8), column="unit_id")["unit_id"])
        missing = [unit_id for unit_id in ids if unit_id not in found]
        if missing:
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            raise InputError(
                f"unit {missing[0]}{more} is not in the translation memory (deleted, or "
                "another TM's id); nothing was changed",
                field="unit_id",
            )
        return ids

    def _creator(self) -> str | None:
        commits = self.log()
        return commits[-1].user if commits else None

    def set_role(self, name: str, role: Role, *, user: str) -> Access:
        """List `name` with `role` (an admin's act). The first user listed makes the TM
        shared; only its creator may do that, and is listed as its admin."""
        from tm.identity import ANONYMOUS
        from tm.store_access import write_access

        _check_user(user)
        if name.strip() == ANONYMOUS or name.strip() in MACHINE_CREATORS:
            raise InputError(
                f"{name.strip()!r} stands for the workbench itself or for a session nobody "
                "signed in to: it cannot be a user",
                field="user",
            )
        _check_user(name)
        listed = self.access()
        access = self.roles_in_force()
        if access.shared:
            access.check(user, "manage-users")
            roles = dict(listed.roles) or {user: Role.ADMIN}
        else:
            creator = self._creator()
            if creator not in MACHINE_CREATORS and user != creator:
                raise AccessError(
                    f"only {creator!r}, who created this TM, may list its first users",
                    user=user,
                    operation="manage-users",
                )
            roles = {user: Role.ADMIN}
        roles[name.strip()] = role
        _keep_an_admin(roles, user)
        return write_access(self.uri, roles, user=user, operation="set role")

    def remove_user(self, name: str, *, user: str) -> Access:
        from tm.store_access import write_access

        self._allowed(user, "manage-users")
        listed = self.access()
        if name not in listed.roles:
            raise InputError(f"{name!r} is not a user of this TM", field="user")
        roles = {other: role for other, role in listed.roles.items() if other != name}
        _keep_an_admin(roles, user)
        return write_access(self.uri, roles, user=user, operation="remove user")

    def _update(
        self,
        values: pl.DataFrame,
        *,
        user: str,
        operation: str,
        check: Callable[[], None] | None = None,
    ) -> ChangeResult:
        """Set the given columns of the units named in `values["unit_id"]`, in one commit;
        the values travel as data (a merge source), never as SQL text. `check` runs inside
        the write, on the table as this commit will find it, and may refuse it."""
        _check_user(user)
        if values.is_empty():
            return ChangeResult(changed=0, version=self.version())
        stamped = values.with_columns(
            pl.lit(user).alias("changed_by"),
            pl.lit(dt.datetime.now(dt.UTC), dtype=SCHEMA["changed_at"]).alias("changed_at"),
        ).cast({name: SCHEMA[name] for name in values.columns})

        predicate, only_the_unit = _unit_join(stamped["unit_id"]), None
        if "content_key" in stamped.columns and not _local(self.uri):
            # A new pair for a unit, with no lock shared with writers on other machines: the
            # merge also reads the rows of that pair, so that Delta's conflict check fails
            # this commit if another writer gave another unit the same pair meanwhile (and
            # `check` finds it taken on the retry).
            predicate = f"({predicate}) OR t.content_key = s.content_key"
            only_the_unit = "t.unit_id = s.unit_id"

        def write() -> int:
            if check is not None:
                check()
            metrics = (
                self._table()
                .merge(
                    source=_arrow(stamped),
                    predicate=predicate,
                    source_alias="s",
                    target_alias="t",
                    commit_properties=self._stamp(user, operation),
                )
                .when_matched_update(
                    updates={name: f"s.{name}" for name in stamped.columns if name != "unit_id"},
                    predicate=only_the_unit,
                )
                .execute()
            )
            return int(metrics.get("num_target_rows_updated", 0))

        changed = self._retrying(write)
        return ChangeResult(changed=changed, version=self.version())

    def _merge_rows(self, rows: pl.DataFrame, *, user: str, operation: str) -> None:
        """Whole rows in, in one commit: rows whose unit the table holds replace it, others
        are inserted (the caller found which are which under the lock, and retries).

        Local writers take turns on the lock, so the merge need only read the files that
        may hold the units it replaces (pruned by their unit_id statistics). Writers on
        other machines merge on the pair itself, reading the whole table, so that Delta's
        conflict check sees two of them adding the same pair at once."""
        if _local(self.uri):
            predicate = _unit_join(rows["unit_id"])
        else:
            predicate = "t.content_key = s.content_key"
        (
            self._table()
            .merge(
                source=_arrow(rows),
                predicate=predicate,
                source_alias="s",
                target_alias="t",
                commit_properties=self._stamp(user, operation),
            )
            .when_matched_update_all()
            .when_not_matched_insert_all()
            .execute()
        )

    def _retrying(self, write: Callable[[], _T]) -> _T:
        """`write` (which reads the table afresh) run until its commit lands.

        A commit fails only when another writer's commit landed after this one read the
        table: Delta's conflict check, on top of a log entry that cannot be overwritten
        (a lock file here, a conditional put on an object store). Some writer wins every
        round, so all of them get through; a loser waits a random while (the ceiling
        doubles up to `_BACKOFF_CAP`) so that losers do not collide again in step. Past
        `COMMIT_DEADLINE` it gives up: nothing of this write is in the table.

        A full disk (or quota) ends the write at once with a `StoreError`; on a local table
        the data and change-data files the failed attempt made go too (under the lock no
        other writer makes any, and no version names them)."""
        from deltalake.exceptions import CommitFailedError

        start = time.monotonic()
        attempt = 0
        while True:
            try:
                with _local_lock(self.uri):
                    before, version = _data_files_on_disk(self.uri) or set(), self._version_if_any()
                    try:
                        return write()
                    except Exception as error:
                        # deltalake reports it from Rust, as a DeltaError or an OSError
                        # without an errno, with the system's words in the message.
                        if not out_of_space(error):
                            raise
                        if self._version_if_any() > version:
                            raise StoreError(
                                f"{self.uri}: no space left on device after version "
                                f"{self.version()} was committed (free some space)"
                            ) from None
                        for made in (_data_files_on_disk(self.uri) or set()) - before:
                            with contextlib.suppress(OSError):
                                made.unlink()
                        raise StoreError(
                            f"{self.uri}: no space left on device; nothing was written "
                            "(free some space and try again)"
                        ) from None
            except CommitFailedError:
                attempt += 1
                waited = time.monotonic() - start
                if waited >= COMMIT_DEADLINE:
                    raise StoreError(
                        f"{self.uri}: other writers' commits conflicted with this one "
                        f"{attempt} times in {waited:.0f} s; it was not written (try again)"
                    ) from None
                ceiling = min(_BACKOFF_CAP, _BACKOFF_FIRST * 2 ** min(attempt, 16))
                pause = random.uniform(ceiling / 2, ceiling)
                time.sleep(min(pause, COMMIT_DEADLINE - waited))

    def _compact_if_fragmented(self, user: str = "system") -> int:
        """Pack the small files many small commits leave, once there are many of them (in
        `user`'s name: the write that left the last of them); returns the table's version
        after it."""
        table = self._table()
        sizes = pl.DataFrame(table.get_add_actions(flatten=True))["size_bytes"]
        if int((sizes < TARGET_FILE_BYTES // 4).sum()) > COMPACT_AFTER_FILES:
            # Housekeeping after a write that landed: a full disk must not make it look
            # as if the write had failed.
            with contextlib.suppress(StoreError):
                self.compact(sort=False, user=user)
            return self.version()
        return int(table.version())


def _unit_join(unit_ids: pl.Series) -> str:
    """The merge condition on unit_id; for a few units, with the literal list of their ids,
    which lets the merge skip the files whose statistics rule them out (a large batch
    touches most files anyway). Only checked hex ids go into the text."""
    join = "t.unit_id = s.unit_id"
    if len(unit_ids) > _PRUNED_MERGE_IDS:
        return join
    checked = _checked_ids(unit_ids.to_list())
    return f"{join} AND t.unit_id IN ({', '.join(repr(unit_id) for unit_id in checked)})"


def _writer_properties() -> Any:
    from deltalake import BloomFilterProperties, ColumnProperties, WriterProperties

    # Bloom filters answer "is this pair or unit in the file?" without reading the column.
    bloom = ColumnProperties(
        bloom_filter_properties=BloomFilterProperties(True, 0.01, _ROW_GROUP_ROWS)
    )
    return WriterProperties(
        max_row_group_size=_ROW_GROUP_ROWS,
        column_properties={"content_key": bloom, "unit_id": bloom},
    )


def _arrow(frame: pl.DataFrame, *, order_by: str | None = None) -> Any:
    """The frame as a stream of Arrow batches with plain strings (large_string), what every
    Parquet reader can filter on (pyarrow, Dask and Daft cannot filter string views), in
    the order of column `order_by` if given.

    Each batch is gathered into that order and its text copied out of polars' string
    views as deltalake reads the stream, so neither a sorted copy of the frame nor a
    second copy of its text is ever held: at a million units the add peaks ~0.35 GB lower
    than with the sorted views, and ~1 GB lower than with one plain table. The price:
    deltalake hands the batches of one stream to parallel writers (one per core), so the
    files of a large write hold interleaved ranges of unit ids until `compact()` sorts
    them (a write of up to `_ARROW_BATCH_ROWS` units is one batch, one sorted file)."""
    import pyarrow as pa

    order = None if order_by is None else frame[order_by].arg_sort()

    def batches() -> Iterator[Any]:
        for start in range(0, frame.height, _ARROW_BATCH_ROWS):
            if order is None:
                part = frame.slice(start, _ARROW_BATCH_ROWS)
            else:
                part = frame.select(pl.all().gather(order.slice(start, _ARROW_BATCH_ROWS)))
            yield from part.to_arrow().to_batches()

    return pa.RecordBatchReader.from_batches(frame.head(0).to_arrow().schema, batches())


def _commit_properties(user: str, operation: str, role: Role | None = None) -> Any:
    from deltalake import CommitProperties

    stamp = {"tm.user": user, "tm.operation": operation}
    if role is not None:
        stamp["tm.role"] = role.value
    return CommitProperties(custom_metadata=stamp)


def _create_table(uri: str, rows: pl.DataFrame, user: str) -> bool:
    """Make the table with `rows` in its first commit; False when one exists there already
    (made by another process in the meantime: local ones take turns on the lock, and the
    conditional put of an object store refuses the second first commit)."""
    from deltalake import DeltaTable, write_deltalake

    with _local_lock(uri):
        if DeltaTable.is_deltatable(uri):
            return False
        try:
            write_deltalake(
                uri,
                _arrow(rows, order_by="unit_id"),
                mode="error",
                target_file_size=TARGET_FILE_BYTES,
                writer_properties=_writer_properties(),
                configuration=_TABLE_CONFIGURATION,
                commit_properties=_commit_properties(user, "create"),
            )
        except Exception:  # deltalake raises several unrelated types for "exists"
            if DeltaTable.is_deltatable(uri):
                return False
            raise
    return True


# Rows read at a time when a follower reads added files (see `changes_since`).
_READ_ROWS = 200_000


def _data_files_on_disk(uri: str) -> set[Path] | None:
    """A local table's data and change-data files (None for a remote table)."""
    if not _local(uri):
        return None
    root = Path(uri)
    return {*root.glob("*.parquet"), *root.glob("_change_data/*.parquet")}


def _file_paths(table: DeltaTable) -> list[str]:
    """The data files of the table's version, as paths a reader opens: deltalake gives them
    percent-encoded (a folder "my tm" as "my%20tm"), which a reader then looks for as such
    (on a disk) or encodes again (in an object store)."""
    from urllib.parse import unquote

    return [unquote(uri) for uri in table.file_uris()]


def scan_table(uri: str, table: DeltaTable) -> pl.LazyFrame:
    """`table` (a version of the Delta table at `uri`) as a lazy frame. Polars reads the
    table itself, except one whose path deltalake percent-encodes (a space, a non-ASCII
    letter): that one is read from its files, decoded."""
    files = _file_paths(table)
    if files == table.file_uris():
        return pl.scan_delta(uri, version=table.version())
    if not files:
        import pyarrow as pa

        return pl.LazyFrame(pa.schema(table.schema().to_arrow()).empty_table())
    return pl.scan_parquet(files, glob=False, missing_columns="insert", extra_columns="ignore")


def _file_groups(table: DeltaTable, files: list[str]) -> list[list[str]]:
    """The files (named relative to the table's root) in groups of about `_READ_ROWS`
    rows, read one group at a time."""
    from urllib.parse import unquote

    actions = pl.DataFrame(table.get_add_actions(flatten=True)).select("path", "num_records")
    records = {unquote(path): count for path, count in actions.iter_rows()}
    groups: list[list[str]] = []
    rows = _READ_ROWS
    for name in files:
        count = records.get(name) or _READ_ROWS
        if rows + count > _READ_ROWS:
            groups.append([])
            rows = 0
        groups[-1].append(name)
        rows += count
    return groups


# Beside a local table: which versions touched which unit (see `history`).
_HISTORY_FOLDER = "_history"
# Parts of that index before they are merged into one.
_HISTORY_PARTS = 32


def _part_range(part: Path) -> tuple[int, int]:
    first, _, last = part.stem.removeprefix("v").partition("-")
    return int(first), int(last)


def _merge_parts(folder: Path, parts: list[Path]) -> None:
    """One part instead of many: written whole before the parts it replaces go."""
    first, last = _part_range(parts[0])[0], max(_part_range(part)[1] for part in parts)
    staging = folder / f"tmp-{uuid.uuid4().hex}.parquet"
    try:
        pl.scan_parquet(parts).sink_parquet(staging)
        staging.rename(folder / f"v{first:012d}-{last:012d}.parquet")
    except (OSError, pl.exceptions.PolarsError):  # derived data: the parts still answer
        with contextlib.suppress(OSError):
            staging.unlink(missing_ok=True)
        return
    for part in parts:
        if _part_range(part) != (first, last):
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)


def _runs(versions: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive versions as (first, last) runs: one feed read a run."""
    runs: list[tuple[int, int]] = []
    for version in versions:
        if runs and version == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], version)
        else:
            runs.append((version, version))
    return runs


# The status changes a person makes to units, by name: one registry behind the Memory page
# and `python -m tm unit` (the Align page approves and un-approves through its save).
UNIT_ACTIONS: dict[str, Callable[[TranslationMemory, Sequence[str], str], ChangeResult]] = {
    "approve": lambda memory, ids, user: memory.approve(ids, user=user),
    "unapprove": lambda memory, ids, user: memory.unapprove(ids, user=user),
    "reject": lambda memory, ids, user: memory.reject(ids, user=user),
    "delete": lambda memory, ids, user: memory.delete(ids, user=user),
}
