"""The operations a person starts, each one call: what the app's pages and the CLI use.

Each function here reads nothing from disk and renders nothing; it ties segmentation,
alignment and the store together for one step of the work.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

import polars as pl

from tm.align import Bead, Lexicon, align_paragraphs
from tm.align.pivot import Disagreement, pivot_disagreements
from tm.errors import InputError
from tm.formats.transfer import ExportFilter, ImportResult
from tm.lang import normalize_language
from tm.review import Review
from tm.segment import Document, presegmented, segment_text
from tm.store import AddResult, TranslationMemory, Unit


@dataclass(frozen=True)
class AlignedPair:
    """One bead with its text, as a reviewer sees it."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    source: str
    target: str
    score: float
    kind: str


@dataclass(frozen=True)
class AlignedDocument:
    source: Document
    target: Document
    beads: tuple[Bead, ...]

    @classmethod
    def from_gold(
        cls,
        source: Document,
        target: Document,
        beads: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    ) -> AlignedDocument:
        """An alignment a person made (a gold file): every bead is certain."""
        return cls(source, target, tuple(Bead(src, tgt, 1.0) for src, tgt in beads))

    def pairs(self) -> tuple[AlignedPair, ...]:
        src, tgt = self.source.sentences, self.target.sentences
        return tuple(
            AlignedPair(
                src=bead.src,
                tgt=bead.tgt,
                source=" ".join(src[i] for i in bead.src),
                target=" ".join(tgt[j] for j in bead.tgt),
                score=bead.score,
                kind=bead.kind,
            )
            for bead in self.beads
        )


def pairs_frame(
    aligned: AlignedDocument, review: Review | None = None, *, low_confidence_first: bool = False
) -> pl.DataFrame:
    """The pairs as a table, one row per bead: position, text, type, confidence, QA, approval.

    With a review, its beads and approvals are shown instead of the aligner's. QA runs on
    the beads that pair text on both sides, as a translator's confirmation would.
    """
    from tm.quality import check_pair

    beads = review.beads if review is not None else aligned.beads
    pairs = replace(aligned, beads=beads).pairs()
    approved = review.approved if review is not None else frozenset()
    src_lang, tgt_lang = aligned.source.lang, aligned.target.lang
    qa = [
        "; ".join(
            f"{w.severity}: {w.message}" for w in check_pair(p.source, p.target, src_lang, tgt_lang)
        )
        if p.source and p.target
        else ""
        for p in pairs
    ]
    frame = pl.DataFrame(
        {
            "bead": list(range(len(pairs))),
            "source": [pair.source for pair in pairs],
            "target": [pair.target for pair in pairs],
            "kind": [pair.kind for pair in pairs],
            "score": [round(pair.score, 3) for pair in pairs],
            "qa": qa,
            "approved": [position in approved for position in range(len(pairs))],
        },
        schema={
            "bead": pl.Int64,
            "source": pl.Utf8,
            "target": pl.Utf8,
            "kind": pl.Utf8,
            "score": pl.Float64,
            "qa": pl.Utf8,
            "approved": pl.Boolean,
        },
    )
    return frame.sort("score", "bead") if low_confidence_first else frame


def _document(text: str, lang: str, *, presegmented_lines: bool, source: str) -> Document:
    if presegmented_lines:
        return presegmented(text.splitlines(), lang)
    return segment_text(text, lang, source=source)


def align_texts(
    src_text: str,
    tgt_text: str,
    src_lang: str,
    tgt_lang: str,
    *,
    presegmented_lines: bool = False,
    src_name: str = "<source>",
    tgt_name: str = "<target>",
    lexicon: Lexicon | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> AlignedDocument:
    """Segment an article and its translation (unless one sentence a line already), align them.

    `progress(stage, share_done)` hears each stage start, for a progress bar."""
    report = progress or (lambda stage, share: None)
    src_code = normalize_language(src_lang, field="src_lang")
    tgt_code = normalize_language(tgt_lang, field="tgt_lang")
    report("segmenting the article", 0.0)
    source = _document(src_text, src_code, presegmented_lines=presegmented_lines, source=src_name)
    report("segmenting the translation", 0.2)
    target = _document(tgt_text, tgt_code, presegmented_lines=presegmented_lines, source=tgt_name)
    report(f"aligning {len(source.sentences)} x {len(target.sentences)} sentences", 0.4)
    beads = align_paragraphs(
        source.paragraphs, target.paragraphs, src_code, tgt_code, lexicon=lexicon
    )
    report("aligned", 1.0)
    return AlignedDocument(source=source, target=target, beads=beads)


def alignment_units(
    aligned: AlignedDocument,
    *,
    doc_id: str,
    status: str = "aligned",
    origin: str = "alignment",
    approved: Collection[int] = (),
) -> list[Unit]:
    """TM units for the beads that pair text on both sides (0-1 and 1-0 beads hold no pair).

    Beads at the positions in `approved` are stored as approved, the others with `status`.
    seg_no is the bead's first source sentence, so the kk-en and kk-ru units of the same
    Kazakh sentence share it, which is how multilingual units are joined back (DESIGN.md).
    prev_source / next_source are the neighbouring source segments of the document, for
    context (101%) matches.
    """
    with_source = [(position, pair) for position, pair in enumerate(aligned.pairs()) if pair.src]
    units = []
    for index, (position, pair) in enumerate(with_source):
        if not pair.tgt:
            continue
        previous = with_source[index - 1][1].source if index > 0 else None
        following = with_source[index + 1][1].source if index + 1 < len(with_source) else None
        units.append(
            Unit(
                src_lang=aligned.source.lang,
                tgt_lang=aligned.target.lang,
                source=pair.source,
                target=pair.target,
                doc_id=doc_id,
                seg_no=pair.src[0],
                prev_source=previous,
                next_source=following,
                status="approved" if position in approved else status,
                align_score=round(min(max(pair.score, 0.0), 1.0), 4),
                origin=origin,
            )
        )
    return units


def save_alignment(
    memory: TranslationMemory,
    aligned: AlignedDocument,
    *,
    doc_id: str,
    user: str,
    status: str = "aligned",
    approved: Collection[int] = (),
) -> AddResult:
    """Store the pairs of an alignment in the TM, in one commit."""
    units = alignment_units(aligned, doc_id=doc_id, status=status, approved=approved)
    return memory.add(units, user=user)


def save_review(
    memory: TranslationMemory, aligned: AlignedDocument, review: Review, *, doc_id: str, user: str
) -> AddResult:
    """Store a reviewed alignment: the reviewer's beads, approved ones as approved."""
    corrected = replace(aligned, beads=review.beads)
    return save_alignment(memory, corrected, doc_id=doc_id, user=user, approved=review.approved)


@dataclass(frozen=True)
class UnitQuery:
    """What a person filters the TM by; empty fields do not filter."""

    pair: str | None = None  # "kk-en"
    statuses: tuple[str, ...] = ()
    doc_id: str | None = None
    contains: str | None = None  # in source or target, case-insensitive, literal
    limit: int = 500


BROWSE_COLUMNS = ("unit_id", "source", "target", "status", "doc_id", "align_score", "changed_by")


def find_units(memory: TranslationMemory, query: UnitQuery) -> pl.DataFrame:
    """Units matching the query, newest change first, at most `limit` of them."""
    frame = memory.scan()
    if query.pair:
        src_lang, _, tgt_lang = query.pair.partition("-")
        frame = frame.filter(pl.col("src_lang") == src_lang, pl.col("tgt_lang") == tgt_lang)
    if query.statuses:
        frame = frame.filter(pl.col("status").is_in(list(query.statuses)))
    if query.doc_id:
        frame = frame.filter(pl.col("doc_id") == query.doc_id)
    if query.contains:
        needle = query.contains.lower()
        frame = frame.filter(
            pl.col("source").str.to_lowercase().str.contains(needle, literal=True)
            | pl.col("target").str.to_lowercase().str.contains(needle, literal=True)
        )
    return (
        frame.sort("changed_at", descending=True)
        .head(query.limit)
        .select(*BROWSE_COLUMNS, "changed_at")
        .collect()
    )


def history_frame(memory: TranslationMemory, unit_id: str) -> pl.DataFrame:
    """A unit's history as a table: version, when, who, what, and the text at that point."""
    states = memory.history(unit_id)
    return pl.DataFrame(
        {
            "version": [s.version for s in states],
            "when": [s.committed_at for s in states],
            "change": [s.change for s in states],
            "user": [s.user for s in states],
            "operation": [s.operation for s in states],
            "status": [s.values.get("status") for s in states],
            "source": [s.values.get("source") for s in states],
            "target": [s.values.get("target") for s in states],
        },
        schema={
            "version": pl.Int64,
            "when": pl.Datetime("us", "UTC"),
            "change": pl.Utf8,
            "user": pl.Utf8,
            "operation": pl.Utf8,
            "status": pl.Utf8,
            "source": pl.Utf8,
            "target": pl.Utf8,
        },
    )


@dataclass(frozen=True)
class QualityOverview:
    """What the Quality page shows for a TM (or one document of it)."""

    documents: pl.DataFrame  # tm.quality.document_summary
    translators: pl.DataFrame  # tm.quality.translator_summary
    warnings: pl.DataFrame  # one row per QA warning, with the unit's text
    confidence: pl.DataFrame  # histogram of alignment confidence: bin, units
    timeline: pl.DataFrame  # units changed per day and status


def quality_overview(
    memory: TranslationMemory, *, doc_id: str | None = None, limit: int = 20_000
) -> QualityOverview:
    """Summaries, QA warnings and charts' data over the TM's latest `limit` changed units."""
    from tm.quality import check_frame, document_summary, translator_summary, warnings_frame

    frame = memory.scan()
    if doc_id:
        frame = frame.filter(pl.col("doc_id") == doc_id)
    units = frame.sort("changed_at", descending=True).head(limit).collect()
    warnings = check_frame(units)
    texts = units.select(pl.col("unit_id").alias("key"), "src_lang", "tgt_lang", "source", "target")
    confidence = (
        units.filter(pl.col("align_score").is_not_null())
        .select((pl.col("align_score") * 10).floor().clip(0, 9).truediv(10).alias("bin"))
        .group_by("bin")
        .len("units")
        .sort("bin")
    )
    timeline = (
        units.group_by(pl.col("changed_at").dt.date().alias("day"), "status")
        .len("units")
        .sort("day", "status")
    )
    return QualityOverview(
        documents=document_summary(units, warnings),
        translators=translator_summary(units, warnings),
        warnings=warnings_frame(warnings).join(texts, on="key", how="left"),
        confidence=confidence,
        timeline=timeline,
    )


def concordance_frame(
    memory: TranslationMemory, term: str, lang: str, *, other_lang: str | None = None
) -> pl.DataFrame:
    """Concordance hits as a table: context left, the hit, context right, the translation."""
    from tm.fuzzy import concordance

    hits = concordance(memory, term, lang, other_lang=other_lang)
    return pl.DataFrame(
        {
            "left": [hit.left for hit in hits],
            "hit": [hit.hit for hit in hits],
            "right": [hit.right for hit in hits],
            "translation": [hit.other for hit in hits],
            "pair": [f"{hit.src_lang}-{hit.tgt_lang}" for hit in hits],
            "status": [hit.status for hit in hits],
            "doc_id": [hit.doc_id for hit in hits],
        },
        schema={
            "left": pl.Utf8,
            "hit": pl.Utf8,
            "right": pl.Utf8,
            "translation": pl.Utf8,
            "pair": pl.Utf8,
            "status": pl.Utf8,
            "doc_id": pl.Utf8,
        },
    )


@dataclass(frozen=True)
class TrilingualAlignment:
    """A source article aligned with two translations, and where the two disagree."""

    pairs: tuple[AlignedDocument, ...]  # one per target language, in the order given
    disagreements: tuple[Disagreement, ...]


def align_trilingual(
    src_text: str,
    tgt_texts: Sequence[tuple[str, str]],
    src_lang: str,
    *,
    presegmented_lines: bool = False,
    src_name: str = "<source>",
) -> TrilingualAlignment:
    """Align a source with two translations ((lang, text) each) and check them via the pivot.

    The two translations are also aligned with each other directly; an English sentence
    whose Russian partners through the source differ from its direct partners is reported,
    as is a source sentence left out in one translation only.
    """
    if len(tgt_texts) != 2:
        raise InputError("give exactly two translations for a pivot check", field="tgt_lang")
    pairs = tuple(
        align_texts(
            src_text,
            text,
            src_lang,
            lang,
            presegmented_lines=presegmented_lines,
            src_name=src_name,
            tgt_name=f"<{lang}>",
        )
        for lang, text in tgt_texts
    )
    first, second = pairs
    direct = align_paragraphs(
        first.target.paragraphs, second.target.paragraphs, first.target.lang, second.target.lang
    )
    return TrilingualAlignment(
        pairs=pairs,
        disagreements=pivot_disagreements(first.beads, second.beads, direct),
    )


@dataclass(frozen=True)
class Download:
    """An export ready to hand to a browser: the bytes, a file name, corpus statistics."""

    data: bytes
    file_name: str
    stats: list[str]


def qa_clean(unit: Unit) -> bool:
    """No error-level QA warning on the pair (the export filter "QA-clean only")."""
    from tm.quality import Severity, check_pair

    warnings = check_pair(unit.source, unit.target, unit.src_lang, unit.tgt_lang)
    return not any(warning.severity == Severity.ERROR for warning in warnings)


def export_download(
    memory: TranslationMemory,
    fmt: str,
    chosen: ExportFilter,
    *,
    name: str = "corpus",
    progress: Callable[[int, int], None] | None = None,
) -> Download:
    """The chosen units in one file of `fmt`; Moses's two files come zipped together.

    `progress(done, total)` hears how many of the selected units have been written."""
    import io
    import tempfile
    import zipfile
    from pathlib import Path

    from tm.formats.registry import get_format
    from tm.formats.transfer import export_file, export_stream

    target = get_format(fmt)
    if target.write_stream is not None:
        buffer = io.BytesIO()
        stats = export_stream(memory, buffer, fmt=fmt, chosen=chosen, progress=progress)
        return Download(buffer.getvalue(), f"{name}{target.extensions[0]}", stats.lines())
    with tempfile.TemporaryDirectory() as folder:
        result = export_file(memory, Path(folder) / name, fmt=fmt, chosen=chosen, progress=progress)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in result.paths:
                archive.write(path, path.name)
    return Download(buffer.getvalue(), f"{name}.{fmt}.zip", result.stats.lines())


def import_upload(
    memory: TranslationMemory,
    data: bytes,
    *,
    name: str,
    user: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """An uploaded TM file (format from its name) added in one commit; a bad record writes
    nothing. `progress(done, total)` hears how many bytes have been read."""
    import io

    from tm.formats.registry import ReadOptions
    from tm.formats.transfer import add_read, read_stream

    read = read_stream(
        io.BytesIO(data),
        name=name,
        options=ReadOptions(src_lang=src_lang, tgt_lang=tgt_lang),
        progress=progress,
        total=len(data),
    )
    return add_read(memory, read, user=user, source=name)
