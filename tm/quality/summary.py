"""Per-document and per-translator summaries of a TM, given as a frame with the store's columns.

    edits_frame(tm_frame) -> one row per draft that a reviewer changed, with its HTER and chrF
    document_summary(tm_frame, warnings) -> one row per (doc_id, src_lang, tgt_lang)
    translator_summary(tm_frame, warnings) -> one row per created_by

A draft and its approved version are two units of the same segment (same doc_id, seg_no and
languages) when both were saved as pairs, e.g. a translator's draft aligned and saved, then the
edited translation of the same article aligned and approved. That is what lets the scores
below be computed from the TM alone: each draft (status draft or aligned) is
scored against the approved target of its segment, at document level (sacrebleu's corpus
statistics over the group's edited segments, not a mean of sentence scores).

Pure functions: frames in, frames out; reading the TM is the caller's business.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from tm.quality._base import QAWarning
from tm.quality.scores import post_edit, score_corpus

_SEGMENT = ["doc_id", "seg_no", "src_lang", "tgt_lang"]
_DRAFT_STATUSES = ("draft", "aligned")
# Below this alignment confidence a reviewer should look at the pair first.
LOW_CONFIDENCE = 0.5


def edits_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Drafts next to the approved target of the same segment, with post-edit figures."""
    located = frame.filter(pl.col("doc_id").is_not_null() & pl.col("seg_no").is_not_null())
    drafts = located.filter(pl.col("status").is_in(_DRAFT_STATUSES)).select(
        *_SEGMENT,
        "source",
        pl.col("target").alias("draft"),
        pl.col("created_by").alias("translator"),
    )
    finals = (
        located.filter(pl.col("status") == "approved")
        .select(
            *_SEGMENT,
            pl.col("target").alias("final"),
            pl.col("changed_by").alias("reviewer"),
        )
        .unique(_SEGMENT, keep="last", maintain_order=True)
    )
    joined = drafts.join(finals, on=_SEGMENT, how="inner").filter(
        pl.col("draft") != pl.col("final")
    )
    figures = [
        post_edit(draft, final)
        for draft, final in zip(joined["draft"], joined["final"], strict=True)
    ]
    return joined.with_columns(
        pl.Series("hter", [f.hter for f in figures], dtype=pl.Float64),
        pl.Series("chrf", [f.chrf for f in figures], dtype=pl.Float64),
        pl.Series("edits", [f.edits for f in figures], dtype=pl.Int64),
    )


def _warning_counts(warnings: Iterable[QAWarning]) -> pl.DataFrame:
    rows = [{"unit_id": str(w.key), "severity": str(w.severity)} for w in warnings]
    counts = pl.DataFrame(rows, schema={"unit_id": pl.Utf8(), "severity": pl.Utf8()})
    return counts.group_by("unit_id").agg(
        (pl.col("severity") == "error").sum().cast(pl.Int64).alias("qa_errors"),
        (pl.col("severity") == "warning").sum().cast(pl.Int64).alias("qa_warnings"),
    )


def _document_scores(edits: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    rows = []
    for key_values, group in edits.group_by(keys, maintain_order=True):
        drafts, finals = group["draft"].to_list(), group["final"].to_list()
        rows.append(
            {
                **dict(zip(keys, key_values, strict=True)),
                "edited": group.height,
                "chrf": score_corpus(drafts, finals, metric="chrf").value,
                "hter": score_corpus(drafts, finals, metric="ter").value,
            }
        )
    schema = {key: edits.schema[key] for key in keys} | {
        "edited": pl.Int64(),
        "chrf": pl.Float64(),
        "hter": pl.Float64(),
    }
    return pl.DataFrame(rows, schema=schema)


def _summary(
    frame: pl.DataFrame,
    keys: list[str],
    edit_keys: list[str],
    warnings: Iterable[QAWarning],
    edits: pl.DataFrame | None,
) -> pl.DataFrame:
    counted = frame.join(_warning_counts(warnings), on="unit_id", how="left").with_columns(
        pl.col("qa_errors", "qa_warnings").fill_null(0)
    )
    base = counted.group_by(keys, maintain_order=True).agg(
        pl.len().cast(pl.Int64).alias("units"),
        *[
            (pl.col("status") == status).sum().cast(pl.Int64).alias(status)
            for status in ("approved", "draft", "aligned", "rejected")
        ],
        pl.col("align_score").mean().alias("mean_align_score"),
        (pl.col("align_score") < LOW_CONFIDENCE).sum().cast(pl.Int64).alias("low_confidence"),
        pl.col("source").str.count_matches(r"\S+").sum().cast(pl.Int64).alias("source_words"),
        pl.col("target").str.count_matches(r"\S+").sum().cast(pl.Int64).alias("target_words"),
        pl.col("qa_errors").sum().cast(pl.Int64),
        pl.col("qa_warnings").sum().cast(pl.Int64),
    )
    edited = edits_frame(frame) if edits is None else edits
    scores = _document_scores(edited.rename(dict(zip(edit_keys, keys, strict=True))), keys)
    return (
        base.join(scores, on=keys, how="left", nulls_equal=True)
        .with_columns(pl.col("edited").fill_null(0))
        .sort(keys, nulls_last=True)
    )


def document_summary(
    frame: pl.DataFrame,
    warnings: Iterable[QAWarning] = (),
    *,
    edits: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per document and language pair: units by status, alignment confidence, size,
    QA counts (from `warnings` keyed by unit_id, e.g. `check_frame`'s) and post-edit scores.
    `edits` is `edits_frame(frame)` when the caller has it already (it is costly)."""
    keys = ["doc_id", "src_lang", "tgt_lang"]
    return _summary(frame, keys, keys, warnings, edits)


def translator_summary(
    frame: pl.DataFrame,
    warnings: Iterable[QAWarning] = (),
    *,
    edits: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per translator (the unit's `created_by`): what they made, how much of it was
    approved or rejected, its QA counts, and how much reviewers changed their drafts.
    `edits` is `edits_frame(frame)` when the caller has it already (it is costly)."""
    return _summary(frame, ["created_by"], ["translator"], warnings, edits)
