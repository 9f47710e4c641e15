"""Aligning a news archive: many article pairs at once, serially or on a Dask cluster.

The unit of work is one document and one target language (`AlignTask`); `align_task`
reads the two files, aligns them, filters the pairs for corpus use and returns the units
(never raising: a failure is part of its result). The same function runs in this process
(`engine="local"`) or on Dask workers (`engine="dask"`, an optional extra: see
requirements-scale.txt). Only the driver writes: `batch_align` collects the results and
saves each batch of documents through the store in one commit, stamped with the user.

A rerun skips what the TM holds already (the document's aligned units for that language
pair), so an interrupted archive run is resumed by running it again.

This module reads files (on the workers) and so sits beside `tm.workflow`, not in it.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tm.errors import InputError, TMError
from tm.lang import canonical_tag, tags_match

if TYPE_CHECKING:
    from tm.store import TranslationMemory
    from tm.unit import Unit

# --- the manifest ----------------------------------------------------------------------


@dataclass(frozen=True)
class ManifestRow:
    """One story of the archive: its id and its file in each language (absolute paths)."""

    doc_id: str
    files: tuple[tuple[str, Path], ...]  # (canonical language tag, path)

    def file(self, lang: str) -> Path | None:
        for tag, path in self.files:
            if tags_match(tag, lang):
                return path
        return None


def read_manifest(path: Path) -> tuple[ManifestRow, ...]:
    """The rows of a manifest CSV: a `doc_id` column, then one column per language whose
    header is its tag (`doc_id,kk,en,ru`); paths are relative to the manifest's folder, and
    an empty cell means the story has no file in that language."""
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or header[0].strip() != "doc_id" or len(header) < 3:
        raise InputError(
            "the manifest's header must be doc_id and two or more languages (doc_id,kk,en,ru)",
            source=str(path),
            line=1,
        )
    langs = [canonical_tag(name, field=f"column {n}") for n, name in enumerate(header[1:], 2)]
    rows, seen = [], set()
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise InputError(
                f"{len(cells)} cells, the header has {len(header)}", source=str(path), line=line
            )
        doc_id = cells[0].strip()
        if not doc_id or doc_id in seen:
            problem = "an empty doc_id" if not doc_id else f"doc_id {doc_id!r} a second time"
            raise InputError(problem, source=str(path), line=line, field="doc_id")
        seen.add(doc_id)
        files = tuple(
            (lang, (path.parent / cell.strip()).resolve())
            for lang, cell in zip(langs, cells[1:], strict=True)
            if cell.strip()
        )
        rows.append(ManifestRow(doc_id, files))
    return tuple(rows)


def write_manifest(rows: Sequence[ManifestRow], langs: Sequence[str], path: Path) -> None:
    """A manifest CSV for `rows` (paths relative to its folder where they can be)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["doc_id", *langs])
    for row in rows:
        cells = []
        for lang in langs:
            found = row.file(lang)
            cells.append("" if found is None else _relative(found, path.parent))
        writer.writerow([row.doc_id, *cells])
    from tm.formats.registry import replacing

    # Written beside it and renamed into place: a failed write (a full disk) leaves the
    # manifest that was there, never half of one.
    try:
        with replacing(path) as stream:
            stream.write(out.getvalue().encode("utf-8"))
    except OSError as error:
        if error.filename in (None, str(path)):
            raise
        # The temporary's or the folder's name would mislead: say the file asked for.
        raise OSError(error.errno, error.strerror, str(path)) from None


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.resolve().relative_to(folder.resolve()))
    except ValueError:
        return str(path.resolve())


@dataclass(frozen=True)
class FoundPair:
    """A story found in two languages by document alignment, with how sure the match is."""

    doc_id: str
    tgt_lang: str
    source: Path
    target: Path
    score: float


def match_archive(
    folder: Path, src_lang: str, tgt_langs: Sequence[str]
) -> tuple[tuple[ManifestRow, ...], tuple[FoundPair, ...]]:
    """An archive without a manifest: `folder/<lang>/*.txt`, one article a file, the same
    stories under unrelated names. Each source article is matched with its edition in each
    target language (`tm.workflow.docmatch`: date, names, numbers, title); the rows are
    the source articles (doc_id = file name without .txt) with the files found for them."""
    from tm.formats.article import decode_text
    from tm.workflow.docmatch import ArticleText, match_documents

    def articles(lang: str) -> list[ArticleText]:
        files = sorted((folder / lang).glob("*.txt"))
        return [ArticleText(str(f), decode_text(f.read_bytes(), source=str(f))) for f in files]

    src = canonical_tag(src_lang, field="src_lang")
    sources = articles(src)
    if not sources:
        raise InputError(f"no {src} articles (*.txt) in {folder / src}", field="src_lang")
    found: list[FoundPair] = []
    for tgt in (canonical_tag(lang, field="tgt_lang") for lang in tgt_langs):
        for match in match_documents(sources, articles(tgt), src_lang=src, tgt_lang=tgt):
            source = Path(match.source_name)
            found.append(FoundPair(source.stem, tgt, source, Path(match.target_name), match.score))
    targets: dict[Path, list[tuple[str, Path]]] = {}
    for pair in found:
        targets.setdefault(pair.source, []).append((pair.tgt_lang, pair.target))
    rows = tuple(
        ManifestRow(path.stem, ((src, path), *targets.get(path, [])))
        for path in (Path(article.name) for article in sources)
    )
    return rows, tuple(found)


# --- filters for corpora ---------------------------------------------------------------


@dataclass(frozen=True)
class CorpusFilters:
    """Which aligned pairs a corpus keeps; None / False means no such filter."""

    min_score: float | None = None  # the aligner's confidence, 0..1
    qa_clean: bool = False  # no QA error (numbers, empty side, wrong language...)
    max_length_ratio: float | None = None  # longer side / shorter side, in characters
    language_identity: bool = False  # both sides read as their languages
    dedupe: bool = False  # a pair once per document

    def apply(self, units: Sequence[Unit]) -> tuple[list[Unit], Counter[str]]:
        """The units kept, and how many each filter removed (the first filter that
        refuses a unit counts it)."""
        removed: Counter[str] = Counter()
        kept, seen = [], set()
        for unit in units:
            refusal = next((name for name, test in _FILTERS if not test(self, unit)), None)
            if refusal is None and self.dedupe:
                key = (unit.source, unit.target)
                refusal = "dedupe" if key in seen else None
                seen.add(key)
            if refusal is None:
                kept.append(unit)
            else:
                removed[refusal] += 1
        return kept, removed


def _score_ok(chosen: CorpusFilters, unit: Unit) -> bool:
    return chosen.min_score is None or (unit.align_score or 0.0) >= chosen.min_score


def _ratio_ok(chosen: CorpusFilters, unit: Unit) -> bool:
    if chosen.max_length_ratio is None:
        return True
    short, long = sorted((len(unit.source), len(unit.target)))
    return long <= chosen.max_length_ratio * max(short, 1)


def _warnings(unit: Unit) -> tuple[tuple[str, str], ...]:
    from tm.quality import pair_warnings

    found = pair_warnings(unit.source, unit.target, unit.src_lang, unit.tgt_lang)
    return tuple((warning.check, str(warning.severity)) for warning in found)


def _qa_ok(chosen: CorpusFilters, unit: Unit) -> bool:
    return not chosen.qa_clean or all(severity != "error" for _, severity in _warnings(unit))


def _language_ok(chosen: CorpusFilters, unit: Unit) -> bool:
    return not chosen.language_identity or all(
        check not in _LANGUAGE_CHECKS for check, _ in _warnings(unit)
    )


_LANGUAGE_CHECKS = frozenset({"wrong-language", "untranslated"})
_FILTERS: tuple[tuple[str, Callable[[CorpusFilters, Unit], bool]], ...] = (
    ("min-score", _score_ok),
    ("length-ratio", _ratio_ok),
    ("language-identity", _language_ok),
    ("qa-clean", _qa_ok),
)


# --- one document, anywhere ------------------------------------------------------------


@dataclass(frozen=True)
class AlignTask:
    doc_id: str
    src_lang: str
    tgt_lang: str
    src_path: Path
    tgt_path: Path
    presegmented: bool = False
    filters: CorpusFilters = field(default_factory=CorpusFilters)


@dataclass(frozen=True)
class DocumentResult:
    doc_id: str
    tgt_lang: str
    units: tuple[Unit, ...] = ()
    removed: tuple[tuple[str, int], ...] = ()  # filter name, pairs it removed
    error: str | None = None


def align_task(task: AlignTask) -> DocumentResult:
    """Align one document pair and filter its pairs; a failure is returned, not raised,
    so that one bad file never stops an archive."""
    from tm.formats.article import decode_text
    from tm.workflow.alignment import align_texts, alignment_units

    try:
        texts = [decode_text(p.read_bytes(), source=str(p)) for p in (task.src_path, task.tgt_path)]
        aligned = align_texts(
            texts[0],
            texts[1],
            task.src_lang,
            task.tgt_lang,
            presegmented_lines=task.presegmented,
            src_name=str(task.src_path),
            tgt_name=str(task.tgt_path),
        )
        units, removed = task.filters.apply(alignment_units(aligned, doc_id=task.doc_id))
    except (TMError, OSError, UnicodeError, ValueError) as error:
        return DocumentResult(task.doc_id, task.tgt_lang, error=f"{type(error).__name__}: {error}")
    return DocumentResult(task.doc_id, task.tgt_lang, tuple(units), tuple(sorted(removed.items())))


def align_tasks(tasks: Sequence[AlignTask]) -> tuple[DocumentResult, ...]:
    """`align_task` over a chunk of documents (what one Dask task carries)."""
    return tuple(align_task(task) for task in tasks)


_MAX_CHUNK = 50
_CHUNKS_PER_WORKER = 8


# --- engines ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineOptions:
    workers: int = 2
    scheduler: str | None = None  # "tcp://host:8786": an existing Dask cluster


Engine = Callable[[Sequence[AlignTask], EngineOptions], Iterator[DocumentResult]]


def _run_local(tasks: Sequence[AlignTask], options: EngineOptions) -> Iterator[DocumentResult]:
    return map(align_task, tasks)


def _run_dask(tasks: Sequence[AlignTask], options: EngineOptions) -> Iterator[DocumentResult]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as error:
        raise InputError(
            "the dask engine needs the scale extra: pip install -r requirements-scale.txt",
            field="engine",
        ) from error
    if options.scheduler:
        client = Client(options.scheduler)
        cluster = None
    else:
        # Processes, one thread each: alignment is Python code that holds the GIL.
        cluster = LocalCluster(
            n_workers=options.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    # A news item aligns in milliseconds, about what a task's round trip costs: send
    # documents in chunks, a few chunks per worker so that all finish together.
    workers = max(1, len(client.scheduler_info().get("workers", {})) or options.workers)
    size = min(_MAX_CHUNK, max(1, len(tasks) // (workers * _CHUNKS_PER_WORKER)))
    chunks = [tuple(tasks[start : start + size]) for start in range(0, len(tasks), size)]
    try:
        futures = client.map(align_tasks, chunks, pure=False)
        for future in as_completed(futures):
            results: tuple[DocumentResult, ...] = future.result()
            future.release()
            yield from results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


ENGINES: Mapping[str, Engine] = {"local": _run_local, "dask": _run_dask}


# --- the driver ------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchResult:
    tasks: int  # document × target language pairs asked for
    aligned: int  # of them aligned and saved in this run
    already_done: int  # skipped: the TM holds their alignment (a rerun)
    missing: int  # skipped: the story has no file in that language
    failed: tuple[tuple[str, str, str], ...]  # (doc_id, tgt_lang, message)
    units: int  # pairs handed to the store
    added: int  # of them new to the TM
    commits: int
    removed: tuple[tuple[str, int], ...]  # what each corpus filter removed

    def summary(self) -> str:
        filters = ", ".join(f"{name} {count}" for name, count in self.removed) or "none"
        return (
            f"{self.aligned} of {self.tasks} document pairs aligned ({self.already_done} done "
            f"before, {self.missing} without a file, {len(self.failed)} failed); "
            f"{self.units} pairs saved, {self.added} new, in {self.commits} commits; "
            f"removed by filters: {filters}"
        )


def aligned_documents(memory: TranslationMemory, src_lang: str, tgt_lang: str) -> set[str]:
    """The documents whose alignment for this pair the TM holds (live units)."""
    import polars as pl

    from tm.unit import language_is
    from tm.workflow.alignment import ALIGNMENT_ORIGINS

    frame = (
        memory.live()
        .filter(
            language_is("src_lang", src_lang, exact=True),
            language_is("tgt_lang", tgt_lang, exact=True),
            pl.col("origin").is_in(list(ALIGNMENT_ORIGINS)),
        )
        .select("doc_id")
        .unique()
        .collect()
    )
    return {doc_id for doc_id in frame["doc_id"].to_list() if doc_id}


def plan_tasks(
    rows: Iterable[ManifestRow],
    src_lang: str,
    tgt_langs: Sequence[str],
    done: Mapping[str, set[str]],
    *,
    presegmented: bool = False,
    filters: CorpusFilters | None = None,
) -> tuple[list[AlignTask], int, int]:
    """The tasks still to do, and how many were skipped as done or without a file."""
    tasks, already, missing = [], 0, 0
    for row in rows:
        source = row.file(src_lang)
        for tgt in tgt_langs:
            target = row.file(tgt)
            if source is None or target is None:
                missing += 1
            elif row.doc_id in done.get(tgt, set()):
                already += 1
            else:
                tasks.append(
                    AlignTask(
                        row.doc_id,
                        src_lang,
                        tgt,
                        source,
                        target,
                        presegmented,
                        filters or CorpusFilters(),
                    )
                )
    return tasks, already, missing


def batch_align(
    memory: TranslationMemory,
    rows: Sequence[ManifestRow],
    *,
    src_lang: str,
    tgt_langs: Sequence[str],
    user: str,
    engine: str = "local",
    options: EngineOptions | None = None,
    presegmented: bool = False,
    filters: CorpusFilters | None = None,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> BatchResult:
    """Align every story of `rows` from `src_lang` into each of `tgt_langs` and save the
    pairs as `aligned` units, `batch_size` documents to a commit."""
    from tm.store import Scope
    from tm.workflow.alignment import ALIGNMENT_ORIGINS

    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r} (one of {', '.join(ENGINES)})", field="engine")
    if batch_size < 1:
        raise InputError("the batch size must be at least 1", field="batch_size")
    src = canonical_tag(src_lang, field="src_lang")
    tgts = [canonical_tag(lang, field="tgt_lang") for lang in tgt_langs]
    done = {tgt: aligned_documents(memory, src, tgt) for tgt in tgts}
    tasks, already, missing = plan_tasks(
        rows, src, tgts, done, presegmented=presegmented, filters=filters
    )
    failed: list[tuple[str, str, str]] = []
    removed: Counter[str] = Counter()
    pending: list[DocumentResult] = []
    totals = Counter[str]()

    def save() -> None:
        units = [unit for result in pending for unit in result.units]
        scopes = [Scope(r.doc_id, src, r.tgt_lang, origins=ALIGNMENT_ORIGINS) for r in pending]
        if units:
            saved = memory.replace(units, scopes, user=user, operation="batch align")
            totals.update(units=len(units), added=saved.added, commits=1)
        totals.update(aligned=len(pending))
        pending.clear()

    for finished, result in enumerate(ENGINES[engine](tasks, options or EngineOptions()), 1):
        if result.error is not None:
            failed.append((result.doc_id, result.tgt_lang, result.error))
        else:
            removed.update(dict(result.removed))
            pending.append(result)
            if len(pending) >= batch_size:
                save()
        if progress is not None:
            progress(finished, len(tasks))
    if pending:
        save()
    return BatchResult(
        tasks=len(tasks) + already + missing,
        aligned=totals["aligned"],
        already_done=already,
        missing=missing,
        failed=tuple(sorted(failed)),
        units=totals["units"],
        added=totals["added"],
        commits=totals["commits"],
        removed=tuple(sorted(removed.items())),
    )
