"""Sentence alignment: which source sentences translate which target sentences.

    align_sentences(src, tgt, "kk", "en") -> (Bead, ...)
    align_paragraphs(src_paragraphs, tgt_paragraphs, "kk", "ru") -> (Bead, ...)

A monotone dynamic programme over beads 0-1, 1-0, 1-1, 1-2, 2-1, 2-2, 1-3 and 3-1 inside a
band, scored by a length model (Gale & Church 1993, on log length ratios) plus lexical
anchors (numbers, Latin tokens, transliterated names, shared stems, punctuation, and a
`Lexicon` learned from the TM, the way hunalign adds a dictionary to length). Each bead
carries its posterior probability under the same model as its confidence.

Also here: `tm.align.evaluate` scores an alignment against gold beads as vecalign does;
`tm.align.pivot.pivot_disagreements` finds where a Kazakh article's English and Russian
alignments disagree through the shared Kazakh side.
"""

from __future__ import annotations

from tm.align._aligner import align_paragraphs, align_sentences
from tm.align._beads import Bead, format_bead, parse_beads
from tm.align._features import skeleton
from tm.align._rescore import BeadScorer, bead_scorer
from tm.align.lexicon import Lexicon

__all__ = [
    "Bead",
    "BeadScorer",
    "Lexicon",
    "align_paragraphs",
    "align_sentences",
    "bead_scorer",
    "format_bead",
    "parse_beads",
    "skeleton",
]
