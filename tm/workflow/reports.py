"""What the Quality page shows: summaries, QA warnings and chart data over the TM."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from tm.store import TranslationMemory


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
        documents=document_summary(units, warnings, edits=edits),
        translators=translator_summary(units, warnings, edits=edits),
        warnings=warnings_frame(warnings).join(texts, on="key", how="left"),
        confidence=confidence,
        timeline=timeline,
    )
