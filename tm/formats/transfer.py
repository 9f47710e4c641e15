"""Files in and out of the translation memory: one import is one transaction, an export
is a filtered, ordered stream of units written by a format of the registry.

An import reads and checks the whole file before it touches the TM and then adds every unit
in one `TranslationMemory.add` (one commit), so a file that fails half way writes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

import polars as pl

from tm.errors import FormatError, InputError
from tm.formats._fields import Notice, Skip
from tm.formats.registry import (
    BOM_FORMATS,
    ReadOptions,
    WriteOptions,
    get_format,
    guess_format,
)
from tm.lang import pair_label
from tm.limits import MAX_IMPORT_ROWS
from tm.unit import STATUSES, Unit, frame_units, units_frame

if TYPE_CHECKING:
    import polars as pl

    from tm.store import TranslationMemory

# (bytes or units done, total) -> None; called now and then, never for every record.
Progress = Callable[[int, int], None]
_PROGRESS_EVERY = 5_000
REPEATED = "repeated in the file"
_READ_DEFAULTS = ReadOptions()
_WRITE_DEFAULTS = WriteOptions()


@dataclass(frozen=True)
class Example:
    """One record behind a count: where it is and what was wrong or done."""

    reason: str
    source: str
    line: int | None
    detail: str | None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}, line {self.line}"
        return f"{where}: {self.detail or self.reason}"


# How many records of each reason are named (with their file and line) in a result.
EXAMPLES_PER_REASON = 3


@dataclass(frozen=True)
class ReadResult:
    rows: pl.DataFrame  # each unit once, in file order, as TM rows (see tm.store.units_frame)
    records: int  # units and skipped records of the file
    skipped: dict[str, int]  # why -> how many
    # What a reader chose or repaired in units it imported (tm.formats._fields.Notice).
    notices: dict[str, int] = field(default_factory=dict)
    # The first few skipped or noticed records of each reason, with file and line.
    examples: tuple[Example, ...] = ()

    @property
    def units(self) -> list[Unit]:
        return frame_units(self.rows)


UNCHANGED = "already in the TM, nothing new"


@dataclass(frozen=True)
class ImportResult:
    source: str
    records: int  # units and skipped records of the file
    added: int
    merged: int  # already in the TM; the new copy added metadata to it
    skipped: dict[str, int]  # why -> how many
    version: int
    notices: dict[str, int] = field(default_factory=dict)  # see ReadResult
    examples: tuple[Example, ...] = ()

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


@dataclass(frozen=True)
class Selection:
    """Which units of a file an import takes: those whose two languages are among `langs`,
    or whose pair is one of `pairs` (source, target); tags match leniently ("kk" takes
    kk-KZ, see `tm.lang.tags_match`), or exactly. Empty: every unit."""

    langs: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    exact: bool = False

    def __post_init__(self) -> None:
        from tm.lang import canonical_tag

        for tag in (*self.langs, *(tag for pair in self.pairs for tag in pair)):
            canonical_tag(tag, field="langs" if tag in self.langs else "pairs")

    def takes(self, unit: Unit) -> bool:
        if self.langs and not (
            any(_match(unit.src_lang, lang, self.exact) for lang in self.langs)
            and any(_match(unit.tgt_lang, lang, self.exact) for lang in self.langs)
        ):
            return False
        return not self.pairs or any(
            _match(unit.src_lang, src, self.exact) and _match(unit.tgt_lang, tgt, self.exact)
            for src, tgt in self.pairs
        )

    def reason(self) -> str:
        if self.pairs:
            return "not one of the pairs asked for"
        return "in a language not asked for"


EVERYTHING = Selection()


@functools.lru_cache(maxsize=4096)
def _match(stored: str, wanted: str, exact: bool) -> bool:
    from tm.lang import tags_match

    return tags_match(stored, wanted, exact=exact)


class _Tally:
    """Counts of skipped and noticed records by reason, and the first few of each."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.skipped: Counter[str] = Counter()
        self.notices: Counter[str] = Counter()
        self.examples: list[Example] = []

    def count(self, record: Skip, *, strict: bool) -> None:
        if strict and record.problem:
            raise FormatError(
                record.detail or record.reason,
                source=self.source,
                line=record.line,
                field=record.field,
            )
        counts = self.notices if isinstance(record, Notice) else self.skipped
        counts[record.reason] += 1
        if record.line is not None and counts[record.reason] <= EXAMPLES_PER_REASON:
            self.examples.append(Example(record.reason, self.source, record.line, record.detail))


def read_stream(
    stream: IO[bytes],
    *,
    name: str | Path,
    fmt: str | None = None,
    options: ReadOptions = _READ_DEFAULTS,
    progress: Progress | None = None,
    total: int = 0,
    selection: Selection = EVERYTHING,
    strict: bool = False,
) -> ReadResult:
    """Every unit of a byte stream (an upload, a file) checked, without repeats. `name`
    names it in errors and gives the format when `fmt` is None; `total` is its size in
    bytes, for progress.

    Units `selection` does not take, and records that cannot be used (a bad date, no source)
    are skipped and counted by reason, the first few named with their line; with `strict`,
    the first record that cannot be used raises instead (all or nothing). A file that is
    not its format raises in both modes."""
    path = Path(name)
    reader = get_format(fmt or guess_format(path)).read
    # Units become columns as the file is read, so a million-unit file never sits in memory
    # as a million objects; repeats are dropped from the columns afterwards.
    tally = _Tally(str(name))
    counter = [0]
    filtered = selection != EVERYTHING

    def units() -> Iterator[Unit]:
        records = 0
        for record in reader(stream, path, options):
            if isinstance(record, Unit):
                records += 1
                if records > MAX_IMPORT_ROWS:
                    # Every format, not only Parquet: a TSV of short lines can hold tens
                    # of millions of records in the size one upload may have.
                    raise FormatError(
                        f"more than {MAX_IMPORT_ROWS:,} units, the most one import takes "
                        "(split the file)",
                        source=str(name),
                    )
                if not filtered or selection.takes(record):
                    yield record
                else:
                    tally.skipped[selection.reason()] += 1
            else:
                records += not isinstance(record, Notice)
                tally.count(record, strict=strict)
            if progress is not None and records % _PROGRESS_EVERY == 0:
                progress(stream.tell(), total)
        counter[0] = records

    rows = units_frame(units())
    repeated = rows.height - rows["content_key"].n_unique()
    if repeated:
        tally.skipped[REPEATED] += repeated
        rows = rows.unique("content_key", keep="first", maintain_order=True)
    if progress is not None:
        progress(total, total)
    return ReadResult(
        rows, counter[0], dict(tally.skipped), dict(tally.notices), tuple(tally.examples)
    )


def read_file(
    path: str | Path,
    *,
    fmt: str | None = None,
    options: ReadOptions = _READ_DEFAULTS,
    progress: Progress | None = None,
    selection: Selection = EVERYTHING,
    strict: bool = False,
) -> ReadResult:
    """Every unit of a file, checked, without repeats (see `read_stream`)."""
    path = Path(path)
    with path.open("rb") as stream:
        return read_stream(
            stream,
            name=path,
            fmt=fmt,
            options=options,
            progress=progress,
            total=path.stat().st_size,
            selection=selection,
            strict=strict,
        )


def import_file(
    memory: TranslationMemory,
    path: str | Path,
    *,
    user: str,
    fmt: str | None = None,
    options: ReadOptions = _READ_DEFAULTS,
    progress: Progress | None = None,
    selection: Selection = EVERYTHING,
    strict: bool = False,
) -> ImportResult:
    """Read and check the whole file, then add its units in one commit: what cannot be used
    is skipped and counted (see `read_stream`), or with `strict` fails the whole file; a
    file that fails writes nothing."""
    read = read_file(
        path, fmt=fmt, options=options, progress=progress, selection=selection, strict=strict
    )
    return add_read(memory, read, user=user, source=str(path))


def add_read(
    memory: TranslationMemory, read: ReadResult, *, user: str, source: str
) -> ImportResult:
    """Add what `read_file` read, in one commit."""
    result = memory.add_frame(read.rows, user=user)
    skipped = dict(read.skipped)
    if result.skipped:
        skipped[UNCHANGED] = result.skipped
    return ImportResult(
        source=source,
        records=read.records,
        added=result.added,
        merged=result.merged,
        skipped=skipped,
        version=result.version,
        notices=dict(read.notices),
        examples=read.examples,
    )


# --- export --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFilter:
    """Which units an export takes. Empty tuples and None mean "no condition".

    `pairs` match leniently (kk-en takes kk-KZ -> en-GB units, kk-Cyrl does not take kk-Latn,
    see `tm.lang.tags_match`), or exactly as written with `exact_langs`.

    `chrf` and `qa_clean` are hooks for tm.quality: a scorer giving a unit's chrF (0..100)
    used with `min_chrf`, and a predicate true for a unit without QA warnings.
    """

    pairs: tuple[tuple[str, str], ...] = ()
    exact_langs: bool = False
    statuses: tuple[str, ...] = ()
    min_align_score: float | None = None
    changed_since: dt.datetime | None = None  # inclusive
    changed_before: dt.datetime | None = None  # exclusive
    doc_ids: tuple[str, ...] = ()
    dedupe: bool = False
    min_chrf: float | None = None
    chrf: Callable[[Unit], float] | None = None
    qa_clean: Callable[[Unit], bool] | None = None
    # Rejected and retired units too (with no `statuses`): a full dump, not a corpus.
    include_retired: bool = False

    def table_statuses(self) -> tuple[str, ...] | None:
        """The statuses to read from the TM: those asked for, else live ones (or all)."""
        if self.statuses:
            return self.statuses
        return STATUSES if self.include_retired else None


_EVERYTHING = ExportFilter()


def _conditions(chosen: ExportFilter) -> list[pl.Expr]:
    import polars as pl

    conditions = []
    if chosen.pairs:
        from tm.unit import language_is

        exact = chosen.exact_langs
        conditions.append(
            pl.any_horizontal(
                language_is("src_lang", src, exact=exact)
                & language_is("tgt_lang", tgt, exact=exact)
                for src, tgt in chosen.pairs
            )
        )
    if chosen.statuses:
        conditions.append(pl.col("status").is_in(list(chosen.statuses)))
    if chosen.min_align_score is not None:
        conditions.append(pl.col("align_score") >= chosen.min_align_score)
    if chosen.changed_since is not None:
        conditions.append(pl.col("changed_at") >= chosen.changed_since)
    if chosen.changed_before is not None:
        conditions.append(pl.col("changed_at") < chosen.changed_before)
    if chosen.doc_ids:
        conditions.append(pl.col("doc_id").is_in(list(chosen.doc_ids)))
    return conditions


_SPACE = re.compile(r"\s+")


def _dedupe_key(unit: Unit) -> tuple[str, str, str, str]:
    """Pairs that differ only in case or spacing count as one for a corpus."""

    def norm(text: str) -> str:
        return _SPACE.sub(" ", text).strip().casefold()

    return (unit.src_lang, unit.tgt_lang, norm(unit.source), norm(unit.target))


def _unit_checks(chosen: ExportFilter) -> list[Callable[[Unit], bool]]:
    checks: list[Callable[[Unit], bool]] = []
    if chosen.min_chrf is not None:
        scorer = chosen.chrf
        if scorer is None:
            raise InputError("a minimum chrF needs a chrF scorer (tm.quality)", field="min_chrf")
        threshold = chosen.min_chrf
        checks.append(lambda unit: scorer(unit) >= threshold)
    if chosen.qa_clean is not None:
        checks.append(chosen.qa_clean)
    if chosen.dedupe:
        seen: set[tuple[str, str, str, str]] = set()

        def first_time(unit: Unit) -> bool:
            key = _dedupe_key(unit)
            if key in seen:
                return False
            seen.add(key)
            return True

        checks.append(first_time)
    return checks


# Units of one segment next to each other, so TMX can join them into one <tu>.
EXPORT_ORDER = ("doc_id", "seg_no", "src_lang", "source", "tgt_lang", "target")


def selected_frame(scan: pl.LazyFrame, chosen: ExportFilter) -> pl.DataFrame:
    """The rows the filter's column conditions keep, in export order."""
    conditions = _conditions(chosen)
    if conditions:
        scan = scan.filter(*conditions)
    return scan.sort(list(EXPORT_ORDER), nulls_last=True).collect()


def select_units(
    scan: pl.LazyFrame, chosen: ExportFilter, *, progress: Progress | None = None
) -> Iterator[Unit]:
    """The units an export takes, in export order, one at a time."""
    from tm.formats.parquet import frame_units

    frame = selected_frame(scan, chosen)
    checks = _unit_checks(chosen)
    for done, unit in enumerate(frame_units(frame), start=1):
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(done, frame.height)
        if all(check(unit) for check in checks):
            yield unit
    if progress is not None:
        progress(frame.height, frame.height)


@dataclass
class CorpusStats:
    """Counts over the exported units; a unit's words count for both of its languages.
    `changed`: how many units a writer had to change to fit its format, by what it did."""

    units: int = 0
    by_pair: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)

    def note(self, change: str) -> None:
        """Count one unit changed to fit the format (`WriteOptions.changed`)."""
        self.changed[change] += 1

    def counted(self, units: Iterable[Unit]) -> Iterator[Unit]:
        for unit in units:
            self.units += 1
            self.by_pair[pair_label(unit.src_lang, unit.tgt_lang)] += 1
            self.by_status[unit.status] += 1
            self.words[unit.src_lang] += len(unit.source.split())
            self.words[unit.tgt_lang] += len(unit.target.split())
            yield unit

    def lines(self) -> list[str]:
        lines = [f"units: {self.units}"]
        for label, counts in (
            ("language pair", self.by_pair),
            ("status", self.by_status),
            ("words", self.words),
        ):
            lines.extend(f"  {label} {key}: {count}" for key, count in sorted(counts.items()))
        lines.extend(f"  {change}: {count} units" for change, count in sorted(self.changed.items()))
        return lines


@dataclass(frozen=True)
class ExportResult:
    paths: list[Path]
    stats: CorpusStats


def _write_options(fmt: str, options: WriteOptions, stats: CorpusStats) -> WriteOptions:
    """The options with the writer's changes counted in `stats` (and told to the caller's
    `changed` too); a byte-order mark for a format that takes none is refused."""
    if options.bom and fmt not in BOM_FORMATS:
        raise InputError(
            f"a byte-order mark is for {' and '.join(sorted(BOM_FORMATS))}, not {fmt}",
            field="bom",
        )
    told = options.changed

    def changed(change: str) -> None:
        stats.note(change)
        if told is not None:
            told(change)

    return replace(options, changed=changed)


def export_stream(
    memory: TranslationMemory,
    stream: IO[bytes],
    *,
    fmt: str,
    chosen: ExportFilter = _EVERYTHING,
    options: WriteOptions = _WRITE_DEFAULTS,
    progress: Progress | None = None,
) -> CorpusStats:
    """Write the chosen units to one byte stream (a download); not for Moses's two files."""
    write = get_format(fmt).write_stream
    if write is None:
        raise InputError(f"{fmt} writes more than one file; export it to a path", field="format")
    stats = CorpusStats()
    options = _write_options(fmt, options, stats)
    write(
        stats.counted(
            select_units(memory.live(statuses=chosen.table_statuses()), chosen, progress=progress)
        ),
        stream,
        options,
    )
    return stats


def export_file(
    memory: TranslationMemory,
    path: str | Path,
    *,
    fmt: str | None = None,
    chosen: ExportFilter = _EVERYTHING,
    options: WriteOptions = _WRITE_DEFAULTS,
    progress: Progress | None = None,
) -> ExportResult:
    path = Path(path)
    fmt = fmt or guess_format(path)
    writer = get_format(fmt).write
    stats = CorpusStats()
    options = _write_options(fmt, options, stats)
    units = stats.counted(
        select_units(memory.live(statuses=chosen.table_statuses()), chosen, progress=progress)
    )
    return ExportResult(writer(units, path, options), stats)
