"""What the Quality page shows: summaries, QA warnings and chart data over the TM."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from tm.store import TranslationMemory

# The alignment-confidence histogram: ten bins of 0.1, labelled as a reader writes them.
_BINS = 10
_BIN_LABELS = tuple(f"{n / _BINS:.1f}–{(n + 1) / _BINS:.1f}" for n in range(_BINS))


def _confidence_histogram(scores: pl.Series) -> pl.DataFrame:
    """Units per alignment-confidence bin, every bin listed (empty ones with 0), in order:
    `bin` reads "0.3–0.4" (a score of 1.0 falls in the last bin), `units` is a count."""
    index = (scores.drop_nulls() * _BINS).floor().clip(0, _BINS - 1).cast(pl.Int64)
    counts = index.alias("index").to_frame().group_by("index").len("units")
    bins = pl.DataFrame({"index": range(_BINS), "bin": _BIN_LABELS})
    return (
        bins.join(counts, on="index", how="left")
        .sort("index")
        .select("bin", pl.col("units").fill_null(0).cast(pl.Int64))
    )


@dataclass(frozen=True)
class QualityOverview:
    """What the Quality page shows for a TM (or one document of it)."""

    documents: pl.DataFrame  # tm.quality.document_summary
    translators: pl.DataFrame  # tm.quality.translator_summary
    warnings: pl.DataFrame  # one row per QA warning, with the unit's text
    confidence: pl.DataFrame  # histogram of alignment confidence: bin ("0.3–0.4"), units
    timeline: pl.DataFrame  # units changed per day and status


def quality_overview(
    memory: TranslationMemory, *, doc_id: str | None = None, limit: int = 20_000
) -> QualityOverview:
    """Summaries, QA warnings and charts' data over the TM's latest `limit` changed units."""
    from tm.quality import (
        check_frame,
        document_summary,
        edits_frame,
        translator_summary,
        warnings_frame,
    )

    frame = memory.live(statuses=("draft", "aligned", "approved", "rejected"))
    if doc_id:
        frame = frame.filter(pl.col("doc_id") == doc_id)
    units = frame.sort("changed_at", descending=True).head(limit).collect()
    warnings = check_frame(units)
    edits = edits_frame(units)  # post-edit scores: computed once for both summaries
    texts = units.select(pl.col("unit_id").alias("key"), "src_lang", "tgt_lang", "source", "target")
    timeline = (
        units.group_by(pl.col("changed_at").dt.date().alias("day"), "status")
        .len("units")
        .sort("day", "status")
    )
    return QualityOverview(
        documents=document_summary(units, warnings, edits=edits),
        translators=translator_summary(units, warnings, edits=edits),
        warnings=warnings_frame(warnings).join(texts, on="key", how="left"),
        confidence=_confidence_histogram(units["align_score"]),
        timeline=timeline,
    )
