"""The TM holds exactly what reviewers and translators decided: an editor's and a
translator's scripted runs, lookups offering only the latest state, guard rails."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tm.errors import InputError
from tm.formats.transfer import ExportFilter, export_stream
from tm.fuzzy import lookup
from tm.review import merge_with_next, move_target_up, unpair
from tm.store import Scope, TranslationMemory
from tm.translate import confirm_segment, start_translation
from tm.unit import Unit
from tm.workflow import (
    align_texts,
    approve_confident,
    qa_clean,
    review_alignment,
    save_alignment,
    save_review,
)

KK = (
    "Үкімет отырысында жаңа бағдарлама талқыланды. "
    "Оны Премьер-Министр Олжас Бектенов жүргізді. "
    "Бағдарламаға 2,5 трлн теңге бөлінеді."
)
# The English edition merges the first two Kazakh sentences into one.
EN_MERGED = (
    "A new programme was discussed at a government meeting chaired by Prime Minister "
    "Olzhas Bektenov. The programme will receive 2.5 trillion tenge."
)
EN_SEPARATE = (
    "A new programme was discussed at a government meeting. "
    "It was chaired by Prime Minister Olzhas Bektenov. "
    "The programme will receive 2.5 trillion tenge."
)
RU_SEPARATE = (
    "На заседании правительства обсудили новую программу. "
    "Заседание провёл премьер-министр страны Олжас Бектенов. "
    "На программу выделят 2,5 трлн тенге."
)
DOC = "government-meeting"


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    return TranslationMemory.create(tmp_path / "tm")


def live_pairs(memory: TranslationMemory, doc_id: str = DOC) -> list[tuple[str, str, str]]:
    frame = memory.document_units(Scope(doc_id, "kk", "en")).sort("seg_no")
    return list(frame.select("source", "target", "status").iter_rows())


def statuses(memory: TranslationMemory) -> dict[str, int]:
    frame = memory.scan().group_by("status").len().collect()
    return dict(zip(frame["status"], frame["len"], strict=True))


def test_an_editors_run_ends_with_exactly_the_latest_alignment(
    memory: TranslationMemory,
) -> None:
    # A draft that pairs one to one: the aligner makes three 1-1 beads of it.
    aligned = align_texts(KK, EN_SEPARATE, "kk", "en")
    assert [b.kind for b in aligned.beads] == ["1-1", "1-1", "1-1"]
    first = save_alignment(memory, aligned, doc_id=DOC, user="editor")
    assert (first.added, first.retired) == (3, 0)

    # The reviewer decides the first two belong together: merge, approve, save.
    review = merge_with_next(review_alignment(aligned), 0)
    review = approve_confident(aligned, review, 0.0).review
    second = save_review(memory, aligned, review, doc_id=DOC, user="editor")
    assert (second.added, second.retired) == (1, 2)
    live = live_pairs(memory)
    assert [status for _, _, status in live] == ["approved", "approved"]
    assert live[0][0].startswith("Үкімет отырысында")
    assert "Бектенов" in live[0][0]
    # The stale 1-1 pairs are retired, not gone: history and restore still have them.
    assert statuses(memory) == {"approved": 2, "retired": 2}

    # And back: split again, save; the merged unit is retired in its turn.
    reopened = review_alignment(aligned, memory=memory, doc_id=DOC)
    assert reopened.approved == {2}  # the third pair, approved and unchanged
    third = save_review(memory, aligned, reopened, doc_id=DOC, user="editor")
    assert third.retired == 1
    assert len(live_pairs(memory)) == 3
    assert memory.stats().units == 3


def test_retired_units_are_never_offered_and_stay_in_history(memory: TranslationMemory) -> None:
    aligned = align_texts(KK, EN_SEPARATE, "kk", "en")
    save_alignment(memory, aligned, doc_id=DOC, user="editor")
    stale = memory.live().filter(pl.col("target").str.starts_with("It was chaired")).collect()
    save_review(memory, aligned, unpair(review_alignment(aligned), 1), doc_id=DOC, user="editor")

    query = "Оны Премьер-Министр Олжас Бектенов жүргізді."
    assert lookup(memory, query, "kk", "en") == []
    history = memory.history(stale["unit_id"].item())
    assert [state.values["status"] for state in history] == ["aligned", "retired"]
    assert history[-1].user == "editor"
    # Exports leave it out unless asked for the whole table.
    import io

    assert export_stream(memory, io.BytesIO(), fmt="tsv").units == 2
    everything = ExportFilter(include_retired=True)
    assert export_stream(memory, io.BytesIO(), fmt="tsv", chosen=everything).units == 3


def test_a_save_keeps_approvals_the_reviewer_did_not_take_back(
    memory: TranslationMemory,
) -> None:
    aligned = align_texts(KK, EN_SEPARATE, "kk", "en")
    review = approve_confident(aligned, review_alignment(aligned), 0.0).review
    save_review(memory, aligned, review, doc_id=DOC, user="editor")
    again = review_alignment(aligned, memory=memory, doc_id=DOC)
    assert again.approved == {0, 1, 2}
    result = save_review(memory, aligned, again, doc_id=DOC, user="editor")
    assert (result.added, result.updated, result.unchanged, result.retired) == (0, 0, 3, 0)


def test_a_translators_run_keeps_only_the_latest_confirmation(
    memory: TranslationMemory,
) -> None:
    job = start_translation(memory, KK, doc_id="translated", tgt_lang="en")
    job = confirm_segment(memory, job, 0, "A new programme was discussed.", user="t1").job
    job = confirm_segment(
        memory, job, 0, "The government discussed a new programme.", user="t1"
    ).job
    assert statuses(memory) == {"draft": 1, "retired": 1}
    matches = lookup(memory, job.segments[0], "kk", "en")
    assert [m.tm_target for m in matches] == ["The government discussed a new programme."]
    # Picked up again, the job shows the latest translation.
    again = start_translation(memory, KK, doc_id="translated", tgt_lang="en")
    assert again.targets[0] == "The government discussed a new programme."


def test_equal_scores_rank_approved_first_then_the_newest(memory: TranslationMemory) -> None:
    source = "Бағдарламаға 2,5 трлн теңге бөлінеді."
    memory.add([Unit("kk", "en", source, "Older draft.", status="aligned")], user="a")
    memory.add([Unit("kk", "en", source, "Newer draft.", status="aligned")], user="a")
    assert [m.tm_target for m in lookup(memory, source, "kk", "en")] == [
        "Newer draft.",
        "Older draft.",
    ]
    memory.add([Unit("kk", "en", source, "Approved one.", status="approved")], user="a")
    memory.add([Unit("kk", "en", source, "Newest draft.", status="draft")], user="a")
    assert [m.tm_target for m in lookup(memory, source, "kk", "en")] == [
        "Approved one.",
        "Newer draft.",
        "Older draft.",
        "Newest draft.",
    ]


def test_an_edited_bead_gets_a_real_confidence() -> None:
    aligned = align_texts(KK, EN_SEPARATE, "kk", "en")
    review = review_alignment(aligned)
    assert all(bead.score > 0.9 for bead in review.beads)
    # The first English sentence moved up onto nothing: the second bead now holds two
    # English sentences for its one Kazakh sentence, a wrong pair.
    moved = move_target_up(review, 2)
    assert moved.beads[1].tgt == (1, 2)
    assert moved.beads[1].score < 0.2
    assert approve_confident(aligned, moved, 0.9).review.approved == {0}
    # A merge the text supports keeps a high confidence.
    merged_aligned = align_texts(KK, EN_MERGED, "kk", "en")
    merged_review = review_alignment(merged_aligned)
    if merged_review.beads[0].kind != "2-1":
        merged_review = merge_with_next(merged_review, 0)
    assert merged_review.beads[0].score > 0.5


def test_approve_all_skips_pairs_with_a_qa_error_and_counts_them() -> None:
    aligned = align_texts(KK, RU_SEPARATE, "kk", "en")  # a Russian draft read as English
    approval = approve_confident(aligned, review_alignment(aligned), 0.0)
    assert approval.approved == 0
    assert approval.skipped == 3


def test_saving_wrong_language_targets_needs_the_count_confirmed(
    memory: TranslationMemory,
) -> None:
    aligned = align_texts(KK, RU_SEPARATE, "kk", "en")
    with pytest.raises(InputError, match="3 of 3 pairs have a target that reads as another"):
        save_alignment(memory, aligned, doc_id=DOC, user="editor")
    assert memory.stats().units == 0
    with pytest.raises(InputError):
        save_alignment(memory, aligned, doc_id=DOC, user="editor", wrong_language_confirmed=2)
    saved = save_alignment(memory, aligned, doc_id=DOC, user="editor", wrong_language_confirmed=3)
    assert saved.added == 3
    # QA-clean exports leave them out.
    import io

    clean = ExportFilter(qa_clean=qa_clean)
    assert export_stream(memory, io.BytesIO(), fmt="tsv", chosen=clean).units == 0


def test_aligned_and_translated_units_share_one_definition_of_context(
    memory: TranslationMemory,
) -> None:
    aligned = align_texts(KK, EN_SEPARATE, "kk", "en")
    save_alignment(memory, aligned, doc_id=DOC, user="editor")
    job = start_translation(memory, KK, doc_id="another-copy", tgt_lang="en")
    before, after = job.neighbours(1)
    matches = lookup(memory, job.segments[1], "kk", "en", prev_source=before, next_source=after)
    assert matches[0].score == 101


def test_a_save_refuses_units_of_another_document(memory: TranslationMemory) -> None:
    unit = Unit("kk", "en", "Бір.", "One.", doc_id="other", origin="alignment")
    with pytest.raises(InputError, match="line 1"):
        memory.replace([unit], Scope(DOC, "kk", "en"), user="editor")
    assert memory.version() == 0


def test_a_save_under_another_document_leaves_a_shared_pair_where_it_is(
    memory: TranslationMemory,
) -> None:
    aligned = align_texts(KK, EN_SEPARATE, "kk", "en")
    review = approve_confident(aligned, review_alignment(aligned), 0.0).review
    save_review(memory, aligned, review, doc_id=DOC, user="editor")
    other = save_alignment(memory, aligned, doc_id="a-copy", user="editor")
    assert (other.added, other.updated, other.unchanged) == (0, 0, 3)
    assert [status for _, _, status in live_pairs(memory)] == ["approved"] * 3
