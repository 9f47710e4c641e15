"""sacrebleu scores with signatures, post-edit distance, and summaries over a TM frame."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tm.errors import InputError
from tm.quality import (
    METRICS,
    QAWarning,
    Severity,
    check_frame,
    document_report,
    document_summary,
    edits_frame,
    post_edit,
    score_corpus,
    score_pair,
    score_sentence,
    translator_summary,
)
from tm.unit import SCHEMA

REF = "The Estonian leader shared his views on expanding cooperation."


@pytest.mark.parametrize("metric", list(METRICS))
def test_a_perfect_hypothesis_scores_best(metric: str) -> None:
    score = score_sentence(REF, REF, metric)
    assert score.value == pytest.approx(100.0 if score.higher_is_better else 0.0)
    assert score.level == "sentence"
    assert "nrefs:1" in score.signature
    assert METRICS[metric].name in str(score)


@pytest.mark.parametrize(
    ("metric", "sentence_part", "document_part"),
    [
        ("chrf", "nw:0", "nw:0"),
        ("chrf++", "nw:2", "nw:2"),
        ("bleu", "eff:yes", "eff:no"),  # effective order only where sentences are short
        ("ter", "tok:tercom", "tok:tercom"),
    ],
)
def test_signatures_say_how_the_score_was_computed(
    metric: str, sentence_part: str, document_part: str
) -> None:
    assert sentence_part in score_sentence("a b c", "a b d", metric).signature
    assert document_part in score_corpus(["a b c"], ["a b d"], metric=metric).signature


def test_chrf_credits_a_right_stem_with_another_ending_where_bleu_does_not() -> None:
    hyp, ref = "Президентін қарсы алды", "Президентті қарсы алған"
    assert score_sentence(hyp, ref, "chrf").value > 2 * score_sentence(hyp, ref, "bleu").value


def test_document_level_pools_statistics_rather_than_averaging() -> None:
    hyps = ["a", "the cat sat on the mat today"]
    refs = ["b", "the cat sat on the mat today"]
    document = score_corpus(hyps, refs, metric="chrf").value
    mean = sum(score_sentence(h, r).value for h, r in zip(hyps, refs, strict=True)) / 2
    assert document > mean


def test_a_second_reference_can_only_help() -> None:
    hyps = ["Welcome to Kazakhstan!"]
    one = score_corpus(hyps, ["You are welcome in Kazakhstan!"], metric="bleu")
    two = score_corpus(hyps, ["You are welcome in Kazakhstan!"], hyps, metric="bleu")
    assert two.value > one.value
    assert "nrefs:2" in two.signature


def test_score_pair_gives_every_metric() -> None:
    assert [score.metric for score in score_pair("a b", "a c")] == list(METRICS)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: score_sentence("a", "a", "meteor"), "unknown metric"),
        (lambda: score_sentence("a", []), "reference"),
        (lambda: score_corpus(["a", "b"], ["a"]), "1 segments"),
        (lambda: score_corpus(["a"]), "reference"),
    ],
)
def test_bad_calls_are_input_errors(call: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        call()  # type: ignore[operator]


def test_post_edit_distance() -> None:
    same = post_edit(REF, REF)
    assert (same.hter, same.chrf, same.edits, same.changed) == (0.0, 100.0, 0, False)
    edited = post_edit("Tokaev met Karis in Astana.", "Tokayev met Karis in Astana.")
    assert edited.changed
    assert edited.edits == 1
    # sacrebleu's TER does not split off punctuation unless asked: five words here.
    assert edited.hter == pytest.approx(100 / 5)
    assert 0 < edited.chrf < 100


def test_document_report_ranks_the_weakest_segment_first() -> None:
    hyps = ["Welcome to Kazakhstan!", "Something else entirely.", REF]
    refs = ["Welcome to Kazakhstan!", "Thank you very much.", REF]
    report = document_report(hyps, refs)
    assert [score.metric for score in report.scores] == list(METRICS)
    assert {score.level for score in report.scores} == {"document"}
    assert report.worst(1)[0][0] == 1
    assert len(report.segments) == 3


# --- summaries over a TM frame ------------------------------------------------------------

NOW = dt.datetime(2025, 11, 18, tzinfo=dt.UTC)


def row(
    unit_id: str,
    doc: str,
    seg: int,
    target: str,
    status: str,
    by: str,
    changed_by: str | None = None,
    score: float | None = 0.9,
) -> dict[str, object]:
    return {
        "unit_id": unit_id,
        "src_lang": "kk",
        "tgt_lang": "en",
        "source": f"Қазақша сөйлем {doc} {seg}.",
        "target": target,
        "doc_id": doc,
        "seg_no": seg,
        "prev_source": None,
        "next_source": None,
        "status": status,
        "align_score": score,
        "origin": "translation",
        "created_by": by,
        "created_at": NOW,
        "changed_by": changed_by or by,
        "changed_at": NOW,
        "note": None,
        "props": [],
    }


def tm_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [
            row("u1", "d1", 1, "President Tokaev met Karis.", "draft", "anna"),
            row("u2", "d1", 1, "President Tokayev met Karis.", "approved", "anna", "rita"),
            row("u3", "d1", 2, "The talks went well.", "approved", "anna", "rita", score=0.3),
            row("u4", "d1", 3, "Bad one.", "rejected", "bob", "rita"),
            row("u5", "d2", 1, "A welcome ceremony.", "aligned", "bob"),
            row("u6", "d2", 1, "An official welcome ceremony.", "approved", "bob", "rita"),
        ],
        schema=SCHEMA,
    )


def test_edits_pair_each_draft_with_the_approved_target_of_its_segment() -> None:
    edits = edits_frame(tm_frame())
    assert edits.select("doc_id", "seg_no", "translator", "reviewer").rows() == [
        ("d1", 1, "anna", "rita"),
        ("d2", 1, "bob", "rita"),
    ]
    first = post_edit("President Tokaev met Karis.", "President Tokayev met Karis.")
    assert edits["hter"][0] == pytest.approx(first.hter)
    assert edits["edits"][0] == first.edits


def test_document_summary_counts_statuses_confidence_qa_and_post_editing() -> None:
    warnings = [
        QAWarning("u3", "numbers", Severity.ERROR, "m", "source", 0, 1),
        QAWarning("u3", "names", Severity.WARNING, "m", "target", 0, 1),
    ]
    summary = document_summary(tm_frame(), warnings)
    d1 = summary.filter(pl.col("doc_id") == "d1").to_dicts()[0]
    assert (d1["units"], d1["approved"], d1["draft"], d1["rejected"]) == (4, 2, 1, 1)
    assert d1["low_confidence"] == 1
    assert (d1["qa_errors"], d1["qa_warnings"]) == (1, 1)
    assert d1["edited"] == 1
    assert d1["hter"] == pytest.approx(
        post_edit("President Tokaev met Karis.", "President Tokayev met Karis.").hter
    )
    d2 = summary.filter(pl.col("doc_id") == "d2").to_dicts()[0]
    assert (d2["qa_errors"], d2["edited"]) == (0, 1)


def test_translator_summary_is_by_who_made_the_units() -> None:
    summary = translator_summary(tm_frame())
    by = {r["created_by"]: r for r in summary.to_dicts()}
    assert set(by) == {"anna", "bob"}
    assert (by["anna"]["units"], by["anna"]["approved"], by["anna"]["edited"]) == (3, 2, 1)
    assert (by["bob"]["rejected"], by["bob"]["edited"]) == (1, 1)
    assert 0 < by["bob"]["chrf"] < 100


def test_a_translator_without_edited_drafts_has_no_scores() -> None:
    frame = tm_frame().filter(pl.col("unit_id") != "u5")
    by = {r["created_by"]: r for r in translator_summary(frame).to_dicts()}
    assert by["bob"]["edited"] == 0
    assert by["bob"]["chrf"] is None


def test_check_frame_keys_warnings_by_unit_and_skips_rejected_units() -> None:
    frame = tm_frame().with_columns(
        pl.when(pl.col("unit_id") == "u4")
        .then(pl.lit("the the"))
        .otherwise(pl.col("target"))
        .alias("target")
    )
    keys = {w.key for w in check_frame(frame, checks=["doubled-words", "names"])}
    assert "u4" not in keys
    assert "u1" in keys  # Tokaev against the approved Tokayev


def test_warnings_frame_feeds_the_summaries() -> None:
    from tm.quality import warnings_frame

    warnings = check_frame(tm_frame())
    table = warnings_frame(warnings)
    assert table.height == len(warnings)
    assert set(table["key"]) <= set(tm_frame()["unit_id"])
    summary = document_summary(tm_frame(), warnings)
    assert (
        summary["qa_warnings"].sum() + summary["qa_errors"].sum()
        == table.filter(pl.col("severity") != "info").height
    )
