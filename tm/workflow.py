"""The operations a person starts, each one call: what the app's pages and the CLI use.

Each function here reads nothing from disk and renders nothing; it ties segmentation,
alignment and the store together for one step of the work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from tm.align import Bead, Lexicon, align_paragraphs
from tm.lang import normalize_language
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


def pairs_frame(aligned: AlignedDocument) -> pl.DataFrame:
    """The pairs as a table, one row per bead, for review: source, target, type, confidence."""
    pairs = aligned.pairs()
    return pl.DataFrame(
        {
            "source": [pair.source for pair in pairs],
            "target": [pair.target for pair in pairs],
            "kind": [pair.kind for pair in pairs],
            "score": [round(pair.score, 3) for pair in pairs],
            "src": [", ".join(map(str, pair.src)) for pair in pairs],
            "tgt": [", ".join(map(str, pair.tgt)) for pair in pairs],
        },
        schema={
            "source": pl.Utf8,
            "target": pl.Utf8,
            "kind": pl.Utf8,
            "score": pl.Float64,
            "src": pl.Utf8,
            "tgt": pl.Utf8,
        },
    )


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
) -> AlignedDocument:
    """Segment an article and its translation (unless one sentence a line already), align them."""
    src_code = normalize_language(src_lang, field="src_lang")
    tgt_code = normalize_language(tgt_lang, field="tgt_lang")
    source = _document(src_text, src_code, presegmented_lines=presegmented_lines, source=src_name)
    target = _document(tgt_text, tgt_code, presegmented_lines=presegmented_lines, source=tgt_name)
    beads = align_paragraphs(
        source.paragraphs, target.paragraphs, src_code, tgt_code, lexicon=lexicon
    )
    return AlignedDocument(source=source, target=target, beads=beads)


def alignment_units(
    aligned: AlignedDocument,
    *,
    doc_id: str,
    status: str = "aligned",
    origin: str = "alignment",
) -> list[Unit]:
    """TM units for the beads that pair text on both sides (0-1 and 1-0 beads hold no pair).

    seg_no is the bead's first source sentence, so the kk-en and kk-ru units of the same
    Kazakh sentence share it, which is how multilingual units are joined back (DESIGN.md).
    """
    pairs = [pair for pair in aligned.pairs() if pair.src and pair.tgt]
    units = []
    for position, pair in enumerate(pairs):
        previous = pairs[position - 1].source if position > 0 else None
        following = pairs[position + 1].source if position + 1 < len(pairs) else None
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
                status=status,
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
) -> AddResult:
    """Store the pairs of an alignment in the TM, in one commit."""
    return memory.add(alignment_units(aligned, doc_id=doc_id, status=status), user=user)
