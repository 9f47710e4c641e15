"""The operations a person starts, each one call: what the app's pages and the CLI use.

Each function here reads nothing from disk and renders nothing; it ties segmentation,
alignment, the store, quality and formats together for one step of the work.
"""

from __future__ import annotations

from tm.workflow.alignment import (
    AlignedDocument,
    AlignedPair,
    Approval,
    LearnedLexicon,
    PairFilter,
    TrilingualAlignment,
    align_texts,
    align_trilingual,
    alignment_units,
    approve_confident,
    approved_positions,
    learned_lexicon,
    pairs_frame,
    review_alignment,
    review_key,
    save_alignment,
    save_review,
    save_trilingual,
    tm_lexicon,
    trilingual_frame,
    wrong_language_pairs,
)
from tm.workflow.browse import (
    BROWSE_COLUMNS,
    UnitQuery,
    concordance_frame,
    find_units,
    history_frame,
)
from tm.workflow.exchange import (
    Download,
    chrf_against_approved,
    export_download,
    import_upload,
    qa_clean,
)
from tm.workflow.reports import (
    QualityOverview,
    quality_overview,
)

__all__ = [
    "BROWSE_COLUMNS",
    "AlignedDocument",
    "AlignedPair",
    "Approval",
    "Download",
    "LearnedLexicon",
    "PairFilter",
    "QualityOverview",
    "TrilingualAlignment",
    "UnitQuery",
    "align_texts",
    "align_trilingual",
    "alignment_units",
    "approve_confident",
    "approved_positions",
    "chrf_against_approved",
    "concordance_frame",
    "export_download",
    "find_units",
    "history_frame",
    "import_upload",
    "learned_lexicon",
    "pairs_frame",
    "qa_clean",
    "quality_overview",
    "review_alignment",
    "review_key",
    "save_alignment",
    "save_review",
    "save_trilingual",
    "tm_lexicon",
    "trilingual_frame",
    "wrong_language_pairs",
]
