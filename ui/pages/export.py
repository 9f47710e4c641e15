"""Export (coming): parallel corpora out of the TM."""

from ui.components import coming

coming.show(
    "Export",
    [
        "export pairs as TMX, TSV/CSV, Moses, JSONL or Parquet;",
        "filter by language pair, status, alignment score, date and document; dedupe;",
        "see corpus statistics for what you export.",
    ],
)
