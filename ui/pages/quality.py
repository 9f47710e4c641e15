"""Quality (coming): scores and QA counts per document and per translator."""

from ui.components import coming

coming.show(
    "Quality",
    [
        "compare a draft with a reference: chrF (default), chrF++, BLEU and TER with signatures;",
        "see scores per document and per translator, and QA warning counts;",
        "follow score histograms and a timeline.",
    ],
)
