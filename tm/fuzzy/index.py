"""The candidate index: which TM units share enough stems with a query to be worth scoring.

An inverted index from stem keys (see `tm.fuzzy.text`) to the rows holding them narrows a
million units to a thousand, ranked by the inverse-document-frequency weight of the stems
they share with the query; rapidfuzz then scores those (`tm.fuzzy.score`) in one
`process.cdist` call, because every row keeps its word keys encoded one character a key.
Only the best few are then scored in full (near-match kinds, context, diff, numbers).

Rows are keyed by `unit_id`. The index remembers the table version it has caught up to
and the data files that version is made of, and follows the store through
`TranslationMemory.changes_since`: the rows of files removed since are dropped, those of
files added since are read (an approve, edit or delete rewrites a file: its unchanged
rows come back from the new file and are revived, not re-indexed). Retired units are
never indexed, and the rows that edits leave dead are dropped once they pile up.

On a local TM the index is saved under `<tm>/_fuzzy/`: the table ignores paths that begin
with "_", and its vacuum (even `full=True`) leaves them alone. It names the data files as
the table's log does, relative to the TM folder, so that a folder moved or copied elsewhere
(a backup restored, a drive mounted at another path) keeps its index and is followed from
where it is, reading only the files added since the save.
A save goes to a fresh folder that the file `CURRENT` then points to, so a reader never
sees half an index. The saved index only spares the next process a rebuild: a save that
fails (a full disk, a read-only folder) removes what it wrote, and a lookup goes on with
the index in memory; a save's folder that a killed process left is removed by a later save.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import threading
import time
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import polars as pl

from tm.errors import StoreError
from tm.fuzzy.score import (
    CONTEXT_SCORE,
    EXACT_SCORE,
    DiffOp,
    fuzzy_similarities,
    match_percent,
    substitute_numbers,
    word_diff,
)
from tm.fuzzy.text import KEY_TOKEN, NUMBER_KEY, keys, stem_key, surface_key
from tm.lang import normalize_language, tags_match
from tm.unit import LIVE_STATUSES

if TYPE_CHECKING:
    from tm.store import TableChanges, TranslationMemory

INDEX_FOLDER = "_fuzzy"
# 2: changed_at kept per row, retired rows left out; 3: number and entity keys; 4: rows keep
# the full language tags (kk-KZ), pairs and stems go by the primary language; 5: data files
# named relative to the TM folder, not by absolute path.
_FORMAT = 5
# Format 4 differs only in its file names (see `_relative_file_names`): it is read, not rebuilt.
_READABLE_FORMATS = (4, _FORMAT)
COLUMNS = (
    "unit_id",
    "src_lang",
    "tgt_lang",
    "source",
    "target",
    "prev_source",
    "next_source",
    "doc_id",
    "status",
    "changed_at",
)
# Statuses offered as matches unless the caller asks otherwise: live units only.
MATCHABLE_STATUSES = LIVE_STATUSES
# Between equal scores: approved before aligned before draft, then the newest.
_STATUS_RANK = {"approved": 0, "aligned": 1, "draft": 2, "rejected": 3}
# Rows the index never holds: a retired unit is never offered, whatever is asked.
_NOT_INDEXED = "retired"
# Rows of units that changed or went stay in the arrays, dead, until there are this many
# (or a tenth of the index): then the arrays are rebuilt from the live rows alone.
_DEAD_ROWS_LIMIT = 1_000
# How many candidates rapidfuzz scores: the brute force's top-5 at 1M synthetic units were
# all among the best 1,000 by shared stems, and only 58% among the best 300.
CANDIDATES = 1_000
# Postings a query walks to weigh candidates, the rarest stems first (common words such as
# және add little), and the share of them whose rows become candidates.
RARE_BUDGET = 60_000
POSTINGS_BUDGET = 200_000
# Rows scored in full (diff, numbers, near-match kinds) beyond `top`, in case of ties.
_SCORED_IN_FULL = 20
# Rows read from the table at a time, and encoded at a time, when the index is built:
# polars' exploded tokens take some 5 kB a row while a slice is encoded.
_ENCODE_SLICE = 50_000
# Rows changed since the last save (or a twentieth of the index) before it is saved again.
_RESAVE_AFTER = 1_000
# A save's staging folder untouched this long belongs to a process that died while saving
# (a save writes its few files within seconds).
_ABANDONED_AFTER_SECONDS = 3_600
# Postings added since the last rebuild of the compact arrays, before they are merged in.
_EXTRA_POSTINGS_LIMIT = 200_000

Ints = npt.NDArray[np.int64]
# Row numbers and stem ids in the postings: half the memory of int64 at a million units.
Rows = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Match:
    """A TM unit offered for a query: the % and diff a translator reads, and the suggestion."""

    score: int
    source: str
    target: str  # the suggestion: the TM's target with the query's numbers put in
    diff: tuple[DiffOp, ...]
    unit_id: str
    tm_target: str  # the target exactly as the TM holds it
    src_lang: str
    tgt_lang: str
    doc_id: str | None
    status: str


def _code(key_id: int) -> str:
    """One character for a key id, skipping the surrogates that UTF-8 cannot hold."""
    return chr(key_id + 0x100 if key_id < 0xD700 else key_id + 0x900)


def _key_id(code: str) -> int:
    """The key id of a one-character code (`_code`'s inverse)."""
    return ord(code) - (0x100 if ord(code) < 0xD800 else 0x900)


class _Vocabulary:
    """Keys to ids (and their one-character codes), growing as new words come in."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.ids: dict[str, int] = {}
        for word in words:
            self.id(word)

    def id(self, word: str) -> int:
        found = self.ids.get(word)
        if found is None:
            found = self.ids[word] = len(self.ids)
            if _code(found) > "\U0010ffff":
                raise StoreError("the fuzzy index has run out of key codes")
        return found

    def words(self) -> list[str]:
        return list(self.ids)


class _Growing:
    """A numpy array that appends in amortised constant time."""

    def __init__(self, values: npt.NDArray[Any]) -> None:
        self._data = values.copy()
        self.size = len(values)

    @property
    def values(self) -> npt.NDArray[Any]:
        return self._data[: self.size]

    def extend(self, values: npt.NDArray[Any]) -> None:
        needed = self.size + len(values)
        if needed > len(self._data):
            grown = np.zeros(max(needed, 2 * len(self._data), 16), dtype=self._data.dtype)
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : needed] = values
        self.size = needed

    def put(self, rows: Ints, value: Any) -> None:
        self._data[rows] = value


@dataclass(frozen=True)
class _Encoded:
    rows: pl.DataFrame  # COLUMNS + stem_codes, surface_codes, words
    postings: tuple[Rows, Rows]  # (row, stem id) pairs, rows counted from 0 in `rows`


def _encode(frame: pl.DataFrame, stems: _Vocabulary, surfaces: _Vocabulary) -> _Encoded:
    """Word keys of every source, in polars; only the distinct words go through Python."""
    tokens = (
        frame.select(
            pl.int_range(pl.len(), dtype=pl.Int64).alias("row"),
            pl.col("_src_primary").alias("src_lang"),
            pl.col("source").str.extract_all(KEY_TOKEN).alias("token"),
        )
        .explode("token")
        .drop_nulls("token")
        .filter(~pl.col("token").str.starts_with("&"))  # entities: marks, not words
    )
    distinct = tokens.select("token", "src_lang").unique(maintain_order=True)
    stem_ids, stem_codes, surface_codes = [], [], []
    for token, lang in distinct.iter_rows():
        stem_id = stems.id(stem_key(token, lang))
        stem_ids.append(stem_id)
        stem_codes.append(_code(stem_id))
        surface_codes.append(_code(surfaces.id(surface_key(token))))
    lookup = distinct.with_columns(
        pl.Series("stem_id", stem_ids, dtype=pl.Int64),
        pl.Series("stem_code", stem_codes, dtype=pl.Utf8),
        pl.Series("surface_code", surface_codes, dtype=pl.Utf8),
    )
    coded = tokens.join(lookup, on=["token", "src_lang"], how="left", maintain_order="left")
    joined = coded.group_by("row", maintain_order=True).agg(
        pl.col("stem_code").str.join("").alias("stem_codes"),
        pl.col("surface_code").str.join("").alias("surface_codes"),
    )
    rows = (
        frame.with_row_index("row")
        .with_columns(pl.col("row").cast(pl.Int64))
        .join(joined, on="row", how="left", maintain_order="left")
        .select(
            *COLUMNS,
            pl.col("stem_codes").fill_null(""),
            pl.col("surface_codes").fill_null(""),
        )
        .with_columns(pl.col("stem_codes").str.len_chars().cast(pl.Int32).alias("words"))
    )
    number_id = stems.id(NUMBER_KEY)
    pairs = coded.filter(pl.col("stem_id") != number_id).select("row", "stem_id").unique()
    return _Encoded(
        rows=rows,
        postings=(
            pairs["row"].to_numpy().astype(np.int32),
            pairs["stem_id"].to_numpy().astype(np.int32),
        ),
    )


def _compact_postings(rows: Rows, stem_ids: Rows, vocabulary: int) -> tuple[Ints, Rows]:
    """CSR form: the rows of stem `s` are `ids[indptr[s]:indptr[s + 1]]`."""
    order = np.argsort(stem_ids, kind="stable")
    counts = np.bincount(stem_ids, minlength=vocabulary)
    indptr = np.zeros(vocabulary + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    ids: Rows = rows[order]
    return indptr, ids


def _distinct(rows: Rows) -> Ints:
    """The distinct rows, sorted: np.unique hashes, and is some 30 times slower here."""
    ordered = np.sort(rows).astype(np.int64)
    if not len(ordered):
        return ordered
    first: Ints = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
    return first


def _is_local(uri: str) -> bool:
    return "://" not in uri or uri.startswith("file://")


def _relative_file_names(
    codes: dict[str, int], live_files: list[str]
) -> tuple[dict[str, int], list[str]] | None:
    """Format 4's absolute file names as format 5 names them (None if they cannot be).

    The files that format 4 followed one by one all sat at the table's root (a table with
    partitions is read whole, never by file), so a name's last part is its name in the log.
    """
    renamed = {name.rsplit("/", 1)[-1]: code for name, code in codes.items()}
    if len(renamed) != len(codes):  # two folders' names for one file: start over instead
        return None
    return renamed, [name.rsplit("/", 1)[-1] for name in live_files]


def _remove_old_saves(folder: Path, *, keep: Path) -> None:
    """Earlier saves go, and what saves that died left (staging folders, pointer files);
    another process's save in progress stays."""
    abandoned_before = time.time() - _ABANDONED_AFTER_SECONDS
    for old in folder.iterdir():
        try:
            if old.name.startswith("v") and old.is_dir() and old != keep:
                shutil.rmtree(old, ignore_errors=True)
            elif old.name.startswith(("tmp-", "CURRENT.")) and (
                old.stat().st_mtime < abandoned_before
            ):
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)
        except OSError:
            continue  # gone already: another save cleaned it


class FuzzyIndex:
    """Candidate index and row store for one TM; safe to share between threads."""

    def __init__(self, memory: TranslationMemory) -> None:
        self.memory = memory
        self.version = -1
        self._lock = threading.RLock()
        self._reset()

    def _reset(self) -> None:
        self._rows = pl.DataFrame(
            schema={
                **dict.fromkeys(COLUMNS, pl.Utf8),
                "stem_codes": pl.Utf8,
                "surface_codes": pl.Utf8,
                "words": pl.Int32,
            }
        )
        self._stems = _Vocabulary()
        self._surfaces = _Vocabulary()
        self._alive = _Growing(np.zeros(0, dtype=bool))
        self._pair = _Growing(np.zeros(0, dtype=np.int32))
        self._status = _Growing(np.zeros(0, dtype=np.int32))
        self._words = _Growing(np.zeros(0, dtype=np.int32))
        self._file_no = _Growing(np.zeros(0, dtype=np.int32))
        self._codes: dict[str, dict[str, int]] = {"pair": {}, "status": {}, "file": {}}
        self._live_files: set[str] = set()
        self._unit_row: dict[str, int] = {}
        self._indptr: Ints = np.zeros(1, dtype=np.int64)
        self._ids: Rows = np.zeros(0, dtype=np.int32)
        self._pending: list[tuple[Rows, Rows]] = []
        self._extra: dict[int, list[int]] = {}
        self._extra_count = 0
        self.changed_since_save = 0

    # -- opening, saving -------------------------------------------------------------

    @classmethod
    def open(cls, memory: TranslationMemory, *, persist: bool = True) -> FuzzyIndex:
        """The saved index of `memory` caught up to its latest version (built if need be)."""
        index = cls(memory)
        with index._lock:
            if not (persist and index._load()):
                index.rebuild()
                if persist:
                    # Saving only spares the next process a rebuild: a read-only TM is fine.
                    index._try_save()
            else:
                index.refresh()
                if persist:
                    index.save_if_behind()
        return index

    @property
    def folder(self) -> Path | None:
        uri = self.memory.uri.removeprefix("file://")
        return Path(uri) / INDEX_FOLDER if _is_local(self.memory.uri) else None

    def rebuild(self) -> None:
        """Index the whole table afresh (the first time, or when the table cannot be followed)."""
        with self._lock:
            self._reset()
            self._catch_up(self.memory.changes_since(-1, (), columns=COLUMNS))

    def save(self) -> None:
        """Write the index beside a local table; a StoreError when it cannot be written,
        after removing what this save wrote."""
        folder = self.folder
        if folder is None:
            return
        with self._lock:
            self._merge_extra()
            staging = folder / f"tmp-{uuid.uuid4().hex}"
            final = folder / f"v{self.version}-{uuid.uuid4().hex[:8]}"
            pointer = folder / f"CURRENT.{uuid.uuid4().hex}"
            try:
                folder.mkdir(exist_ok=True)
                staging.mkdir()
                self._write_files(staging)
                staging.rename(final)
                pointer.write_text(final.name, encoding="utf-8")
                os.replace(pointer, folder / "CURRENT")
            # polars reports a failed write (ENOSPC among them) as a ComputeError.
            except (OSError, pl.exceptions.PolarsError) as error:
                for written in (staging, final):
                    shutil.rmtree(written, ignore_errors=True)
                with contextlib.suppress(OSError):
                    pointer.unlink(missing_ok=True)
                reason = str(error).splitlines()[0] if str(error) else type(error).__name__
                raise StoreError(f"{folder}: the fuzzy index was not saved: {reason}") from error
            self.changed_since_save = 0
            _remove_old_saves(folder, keep=final)

    def _write_files(self, staging: Path) -> None:
        self._rows.write_parquet(staging / "rows.parquet")
        pl.DataFrame({"key": self._stems.words()}).write_parquet(staging / "stems.parquet")
        pl.DataFrame({"key": self._surfaces.words()}).write_parquet(staging / "surfaces.parquet")
        np.savez(
            staging / "arrays.npz",
            alive=self._alive.values,
            pair=self._pair.values,
            status=self._status.values,
            words=self._words.values,
            file_no=self._file_no.values,
            indptr=self._indptr,
            ids=self._ids,
        )
        meta = {
            "format": _FORMAT,
            "version": self.version,
            "codes": self._codes,
            "live_files": sorted(self._live_files),
        }
        (staging / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

    def save_if_behind(self) -> None:
        """Save when many rows changed since the last save, so the next open has less to read."""
        if self.changed_since_save > max(_RESAVE_AFTER, self.size // 20):
            self._try_save()

    def _try_save(self) -> None:
        try:
            self.save()
        except StoreError:
            # Try again only after as many changes again: a full disk would otherwise cost
            # every lookup a whole save that fails.
            self.changed_since_save = 0

    def _load(self) -> bool:
        folder = self.folder
        if folder is None or not (folder / "CURRENT").is_file():
            return False
        try:
            saved = folder / (folder / "CURRENT").read_text(encoding="utf-8").strip()
            meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
            if meta.get("format") not in _READABLE_FORMATS:
                return False
            codes, live_files = meta["codes"], meta["live_files"]
            if meta["format"] == 4:
                relative = _relative_file_names(codes["file"], live_files)
                if relative is None:
                    return False
                codes["file"], live_files = relative
            rows = pl.read_parquet(saved / "rows.parquet")
            stems = pl.read_parquet(saved / "stems.parquet")["key"].to_list()
            surfaces = pl.read_parquet(saved / "surfaces.parquet")["key"].to_list()
            with np.load(saved / "arrays.npz", allow_pickle=False) as arrays:
                loaded = {name: arrays[name] for name in arrays.files}
        except (OSError, ValueError, KeyError, pl.exceptions.PolarsError):
            return False  # a save being replaced under us, or damaged: rebuild instead
        self._rows = rows
        self._stems = _Vocabulary(stems)
        self._surfaces = _Vocabulary(surfaces)
        for name in ("alive", "pair", "status", "words", "file_no"):
            setattr(self, f"_{name}", _Growing(loaded[name]))
        self._indptr, self._ids = loaded["indptr"], loaded["ids"].astype(np.int32)
        self._codes = codes
        self._live_files = set(live_files)
        alive = np.flatnonzero(self._alive.values)
        unit_ids = rows["unit_id"].gather(alive).to_list()
        self._unit_row = dict(zip(unit_ids, alive.tolist(), strict=True))
        self.version = int(meta["version"])
        return True

    # -- following the table ---------------------------------------------------------

    def refresh(self) -> int:
        """Catch up with the table's latest version; the number of rows that changed."""
        with self._lock:
            changes = self.memory.changes_since(self.version, self._live_files, columns=COLUMNS)
            if changes.version == self.version:
                return 0
            return self._catch_up(changes)

    def _catch_up(self, changes: TableChanges) -> int:
        if changes.rebuild is not None:
            # Rows that the data files alone do not tell: the store read them as Delta does.
            self._reset()
            frame = changes.rebuild.select(pl.col(c).cast(pl.Utf8) for c in COLUMNS)
            changed = self._append(frame.with_columns(pl.lit("").alias("_file")))
            self._merge_extra()  # a fresh index: its postings all came in bulk
            self.version = changes.version
            return changed
        removed = self._drop_files(changes.removed)
        # Rows of removed files that an added file brings back unchanged are revived.
        old = (
            self._rows.select(COLUMNS)
            .gather(removed)
            .with_columns(pl.Series("_row", removed, dtype=pl.Int64))
        )
        appended = revived = 0
        for added in changes.added():
            frame = added.select(*(pl.col(c).cast(pl.Utf8) for c in COLUMNS), "_file")
            if not old.is_empty():
                frame = frame.join(old, on=list(COLUMNS), how="left", nulls_equal=True)
                revived += self._revive(frame.filter(pl.col("_row").is_not_null()))
                frame = frame.filter(pl.col("_row").is_null()).drop("_row")
            appended += self._append(frame.filter(pl.col("status").ne_missing(_NOT_INDEXED)))
        if self._pending:  # postings that came in bulk (a build, a compaction)
            self._merge_extra()
        self._live_files = set(changes.files)
        self.version = changes.version
        changed = appended + len(removed) - revived
        self.changed_since_save += changed
        if self._rows.height - self.size > max(_DEAD_ROWS_LIMIT, self.size // 10):
            self._drop_dead_rows()
        return changed

    def _drop_dead_rows(self) -> None:
        """Rebuild the arrays from the live rows, so that the index does not grow with edits
        (each one leaves the unit's earlier row dead)."""
        self._merge_extra()
        alive = np.flatnonzero(self._alive.values)
        renumbered = np.full(self._rows.height, -1, dtype=np.int64)
        renumbered[alive] = np.arange(len(alive))
        stem_ids = np.repeat(
            np.arange(len(self._indptr) - 1, dtype=np.int32), np.diff(self._indptr)
        )
        rows = renumbered[self._ids]
        kept = rows >= 0
        self._indptr, self._ids = _compact_postings(
            rows[kept].astype(np.int32), stem_ids[kept], len(self._stems.ids)
        )
        self._rows = self._rows.gather(alive).rechunk()
        for name in ("alive", "pair", "status", "words", "file_no"):
            growing: _Growing = getattr(self, f"_{name}")
            setattr(self, f"_{name}", _Growing(growing.values[alive]))
        unit_ids = self._rows["unit_id"].to_list()
        self._unit_row = dict(zip(unit_ids, range(len(unit_ids)), strict=True))

    def _drop_files(self, removed: Collection[str]) -> Ints:
        """Takes the rows of the removed files out of the lookup; returns them."""
        numbers = [self._codes["file"][name] for name in removed if name in self._codes["file"]]
        rows = np.flatnonzero(np.isin(self._file_no.values, numbers) & self._alive.values)
        self._alive.put(rows, False)
        for unit_id in self._rows["unit_id"].gather(rows).to_list():
            self._unit_row.pop(unit_id, None)
        return rows

    def _revive(self, back: pl.DataFrame) -> int:
        rows = back["_row"].to_numpy().astype(np.int64)
        self._alive.put(rows, True)
        self._file_no.put(rows, self._file_numbers(back["_file"]))
        self._unit_row.update(zip(back["unit_id"].to_list(), rows.tolist(), strict=True))
        return len(rows)

    def _file_numbers(self, files: pl.Series) -> Ints:
        codes = self._codes["file"]
        for name in files.unique(maintain_order=True).to_list():
            codes.setdefault(name, len(codes))
        return files.replace_strict(codes, return_dtype=pl.Int64).to_numpy()

    def _append(self, frame: pl.DataFrame) -> int:
        if frame.is_empty():
            return 0
        # Rows keep the unit's tags (kk-KZ, en-GB); candidates of a pair and word stems go
        # by the primary language, and `lookup` tells subtags apart.
        codes = pl.concat([frame["src_lang"], frame["tgt_lang"]]).unique().to_list()
        known = {code: normalize_language(code) for code in codes}
        frame = frame.with_columns(
            pl.col("src_lang").replace_strict(known, return_dtype=pl.Utf8).alias("_src_primary"),
            pl.col("tgt_lang").replace_strict(known, return_dtype=pl.Utf8).alias("_tgt_primary"),
        )
        # A unit that reappears (a duplicate file, or an edit kept under its id) replaces
        # the row it had.
        stale = [self._unit_row[u] for u in frame["unit_id"].to_list() if u in self._unit_row]
        self._alive.put(np.array(stale, dtype=np.int64), False)
        first = self._rows.height
        # In slices, so that the exploded tokens of a million rows are never all in memory.
        posting_rows, posting_stems = [], []
        for offset in range(0, frame.height, _ENCODE_SLICE):
            encoded = _encode(
                frame.slice(offset, _ENCODE_SLICE).drop("_file"), self._stems, self._surfaces
            )
            self._rows = pl.concat([self._rows, encoded.rows], how="vertical", rechunk=False)
            posting_rows.append(encoded.postings[0] + first + offset)
            posting_stems.append(encoded.postings[1])
        if self._rows.n_chunks() > 64:
            self._rows = self._rows.rechunk()
        self._alive.extend(np.ones(frame.height, dtype=bool))
        self._pair.extend(
            self._numbered("pair", pl.format("{}-{}", "_src_primary", "_tgt_primary"), frame)
        )
        self._status.extend(self._numbered("status", pl.col("status").fill_null(""), frame))
        self._words.extend(self._rows["words"].slice(first).to_numpy())
        self._file_no.extend(self._file_numbers(frame["_file"]))
        ids = range(first, first + frame.height)
        self._unit_row.update(zip(frame["unit_id"].to_list(), ids, strict=True))
        self._add_postings(np.concatenate(posting_rows), np.concatenate(posting_stems))
        return frame.height

    def _numbered(self, kind: str, value: pl.Expr, frame: pl.DataFrame) -> Ints:
        """Small integer codes for a column with few distinct values (pairs, statuses)."""
        codes = self._codes[kind]
        values = frame.select(value.alias("value"))["value"]
        for distinct in values.unique(maintain_order=True).to_list():
            codes.setdefault(distinct, len(codes))
        return values.replace_strict(codes, return_dtype=pl.Int64).to_numpy()

    def _add_postings(self, rows: Rows, stem_ids: Rows) -> None:
        """A few postings wait in a dict; many (a build, a compaction) are compacted in bulk."""
        if len(rows) > _EXTRA_POSTINGS_LIMIT // 10 or (len(self._ids) == 0 and not self._extra):
            self._pending.append((rows, stem_ids))
            return
        for row, stem_id in zip(rows.tolist(), stem_ids.tolist(), strict=True):
            self._extra.setdefault(stem_id, []).append(row)
        self._extra_count += len(rows)
        if self._extra_count > _EXTRA_POSTINGS_LIMIT:
            self._merge_extra()

    def _merge_extra(self) -> None:
        """Rebuild the compact arrays with the postings waiting in the dict and in bulk."""
        if not self._extra and not self._pending:
            return
        rows = [self._ids, *(found for found, _ in self._pending)]
        stems = [
            np.repeat(np.arange(len(self._indptr) - 1, dtype=np.int32), np.diff(self._indptr)),
            *(stem_ids for _, stem_ids in self._pending),
        ]
        if self._extra:
            rows.append(np.array([r for found in self._extra.values() for r in found], np.int32))
            stems.append(np.array([s for s, found in self._extra.items() for _ in found], np.int32))
        self._pending, self._extra, self._extra_count = [], {}, 0
        self._indptr, self._ids = _compact_postings(
            np.concatenate(rows), np.concatenate(stems), len(self._stems.ids)
        )

    def _postings(self, stem_id: int) -> Rows:
        base = (
            self._ids[self._indptr[stem_id] : self._indptr[stem_id + 1]]
            if stem_id + 1 < len(self._indptr)
            else self._ids[:0]
        )
        extra = self._extra.get(stem_id)
        return np.concatenate([base, np.array(extra, dtype=np.int32)]) if extra else base

    # -- looking up ------------------------------------------------------------------

    @property
    def size(self) -> int:
        """Units the index offers (all statuses and pairs)."""
        return len(self._unit_row)

    def _query_codes(self, text: str, lang: str) -> tuple[str, str, list[int]]:
        query = keys(text, lang)
        unknown: dict[str, int] = {}

        def code(vocabulary: _Vocabulary, key: str) -> str:
            known = vocabulary.ids.get(key)
            if known is None:  # a word no unit has: a code no unit uses
                known = unknown.setdefault(key, len(vocabulary.ids) + len(unknown))
            return _code(known)

        stem_ids = sorted(
            {self._stems.ids[s] for s in query.stems if s != NUMBER_KEY and s in self._stems.ids}
        )
        return (
            "".join(code(self._surfaces, s) for s in query.surface),
            "".join(code(self._stems, s) for s in query.stems),
            stem_ids,
        )

    def candidates(
        self,
        stem_ids: list[int],
        words: int,
        *,
        pair: str,
        statuses: Collection[str],
        min_score: float,
        limit: int = CANDIDATES,
    ) -> Ints:
        """Rows sharing the most (idf-weighted) stems with the query, best first."""
        pair_no = self._codes["pair"].get(pair)
        status_nos = [self._codes["status"][s] for s in statuses if s in self._codes["status"]]
        if pair_no is None or not status_nos or not stem_ids:
            return np.zeros(0, dtype=np.int64)
        postings = sorted((self._postings(s) for s in stem_ids), key=len)
        total = max(self.size, 1)
        scores = np.zeros(self._rows.height, dtype=np.float32)
        walked = 0
        rare: list[Rows] = []
        for stems_walked, rows in enumerate(postings):
            if stems_walked >= 3 and walked + len(rows) > POSTINGS_BUDGET:
                break
            scores[rows] += math.log(1.0 + total / max(len(rows), 1))
            walked += len(rows)
            if len(rare) < 3 or walked <= RARE_BUDGET:
                rare.append(rows)
        # Candidates hold one of the query's rarest stems at least: a row that shares only
        # its common words is no match worth showing, and the union stays small.
        found = _distinct(np.concatenate(rare)) if rare else np.zeros(0, np.int64)
        keep = self._alive.values[found] & (self._pair.values[found] == pair_no)
        keep &= np.isin(self._status.values[found], status_nos)
        if min_score > 0 and words > 0:
            # A row can reach min_score only if its length leaves room: each extra or
            # missing word costs at least one edit.
            share = min(min_score, 100.0) / 100.0
            lengths = self._words.values[found]
            keep &= (lengths >= math.ceil(share * words - 1e-9)) & (
                lengths <= math.floor(words / share + 1e-9)
            )
        found = found[keep]
        # Shared stems, weighted, and nothing else: a penalty for length differences was
        # tried and lost recall (the brute force's top-5 at 1M: 0.98 with it, 1.0 without).
        ranking = scores[found]
        if len(found) > limit:
            best = np.argpartition(-ranking, limit)[:limit]
            found, ranking = found[best], ranking[best]
        best_first: Ints = found[np.argsort(-ranking, kind="stable")]
        return best_first

    def _candidate_rows(
        self,
        query: str,
        src_lang: str,
        tgt_lang: str,
        *,
        statuses: Collection[str],
        min_score: float,
        limit: int,
    ) -> tuple[str, str, Ints]:
        """The query's surface and stem codes, and the rows worth scoring against them."""
        src = normalize_language(src_lang, field="src_lang")
        tgt = normalize_language(tgt_lang, field="tgt_lang")
        with self._lock:
            surface, stems, stem_ids = self._query_codes(query, src)
            rows = self.candidates(
                stem_ids,
                len(surface),
                pair=f"{src}-{tgt}",
                statuses=statuses,
                min_score=min_score,
                limit=limit,
            )
            return surface, stems, rows

    def candidate_sources(
        self, query: str, src_lang: str, tgt_lang: str, *, min_score: float = 50
    ) -> list[str]:
        """The sources that `lookup` would score for `query` (to measure the index's recall)."""
        _, _, rows = self._candidate_rows(
            query,
            src_lang,
            tgt_lang,
            statuses=MATCHABLE_STATUSES,
            min_score=min_score,
            limit=CANDIDATES,
        )
        with self._lock:
            return self._rows["source"].gather(rows).to_list()

    def fragment_candidates(
        self,
        query: str,
        src_lang: str,
        tgt_lang: str,
        *,
        statuses: Collection[str] = MATCHABLE_STATUSES,
        limit: int = CANDIDATES,
    ) -> tuple[str, pl.DataFrame]:
        """The query's stem codes and the rows sharing its rarest stems, whatever their
        length (for fragment matches): COLUMNS and `stem_codes`, best candidates first."""
        _, stems, rows = self._candidate_rows(
            query, src_lang, tgt_lang, statuses=statuses, min_score=0, limit=limit
        )
        with self._lock:
            return stems, self._rows.select(*COLUMNS, "stem_codes").gather(rows)

    def stem_frequencies(self, codes: str) -> list[int]:
        """How many rows hold each stem code of `codes` (0 for a stem no row has)."""
        with self._lock:
            found = []
            for code in codes:
                key_id = _key_id(code)
                known = 0 <= key_id < len(self._stems.ids)
                found.append(len(self._postings(key_id)) if known else 0)
            return found

    def lookup(
        self,
        query: str,
        src_lang: str,
        tgt_lang: str,
        *,
        top: int = 5,
        min_score: float = 50,
        prev_source: str | None = None,
        next_source: str | None = None,
        statuses: Collection[str] = MATCHABLE_STATUSES,
        limit: int = CANDIDATES,
        exact_langs: bool = False,
    ) -> list[Match]:
        """The `top` best matches scoring at least `min_score`, best first.

        Languages match as `tm.lang.tags_match` says: a kk → en request finds kk-KZ → en-GB
        units, a kk-Cyrl one does not find kk-Latn; `exact_langs` asks for the same tags."""
        surface, stems, rows = self._candidate_rows(
            query, src_lang, tgt_lang, statuses=statuses, min_score=min_score, limit=limit
        )
        with self._lock:
            surfaces = self._rows["surface_codes"].gather(rows).to_list()
            stem_codes = self._rows["stem_codes"].gather(rows).to_list()
        similarities = fuzzy_similarities(
            surface, stems, surfaces, stem_codes, floor=min_score, best=top
        )
        order = np.argsort(-similarities, kind="stable")
        order = order[similarities[order] >= min_score]
        # Rows equal in words may still differ in score (punctuation, context): all of those.
        in_full = max(top + _SCORED_IN_FULL, int(np.count_nonzero(similarities >= 100)))
        order = order[:in_full]
        with self._lock:
            found = self._rows.gather(rows[order])
        scored = []
        for row, similarity in zip(found.iter_rows(named=True), similarities[order], strict=True):
            if not (
                tags_match(row["src_lang"], src_lang, exact=exact_langs)
                and tags_match(row["tgt_lang"], tgt_lang, exact=exact_langs)
            ):
                continue
            score = match_percent(query, row["source"], similarity, row["src_lang"])
            if score == EXACT_SCORE and _same_context(row, prev_source, next_source):
                score = CONTEXT_SCORE
            if score >= min_score:
                scored.append((score, row))
        # Equal scores: the more reviewed first, then the newest; the id only settles rows
        # changed in the same instant, so the order never depends on chance.
        scored.sort(
            key=lambda item: (item[1]["changed_at"] or "", item[1]["unit_id"]), reverse=True
        )
        scored.sort(key=lambda item: (-item[0], _STATUS_RANK.get(item[1]["status"], 9)))
        return [_match(query, score, row) for score, row in scored[:top]]


def _same_context(row: dict[str, Any], prev_source: str | None, next_source: str | None) -> bool:
    given = [(prev_source, row["prev_source"]), (next_source, row["next_source"])]
    given = [(mine, theirs) for mine, theirs in given if mine is not None]
    return bool(given) and all(mine == theirs for mine, theirs in given)


def _match(query: str, score: int, row: dict[str, Any]) -> Match:
    return Match(
        score=score,
        source=row["source"],
        target=substitute_numbers(
            query, row["source"], row["target"], row["src_lang"], row["tgt_lang"]
        ),
        diff=word_diff(query, row["source"]),
        unit_id=row["unit_id"],
        tm_target=row["target"],
        src_lang=row["src_lang"],
        tgt_lang=row["tgt_lang"],
        doc_id=row["doc_id"],
        status=row["status"],
    )


_OPEN: dict[str, FuzzyIndex] = {}
_OPEN_LOCK = threading.Lock()


def index_for(memory: TranslationMemory) -> FuzzyIndex:
    """The process's index of `memory`, opened once and caught up on every call."""
    with _OPEN_LOCK:
        index = _OPEN.get(memory.uri)
        if index is None:
            index = _OPEN[memory.uri] = FuzzyIndex.open(memory)
            return index
    index.refresh()
    index.save_if_behind()
    return index
