from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

from tm.errors import InputError
from tm.store import TranslationMemory
from tm.translate import (
    best_matches,
    check_segment,
    confirm_segment,
    draft_segment,
    pretranslate,
    segment_grid,
    start_translation,
    translated_docx,
    translated_text,
)
from tm.unit import Unit

ARTICLE = "date 2025-11-18 Тақырып\nБірінші сөйлем. Екінші сөйлем 2025 ж.\nҮшінші сөйлем.\n"


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    return TranslationMemory.create(tmp_path / "tm")


def test_confirmed_segments_enter_the_tm_with_their_context(memory: TranslationMemory) -> None:
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    assert job.segments == ("Тақырып", "Бірінші сөйлем.", "Екінші сөйлем 2025 ж.", "Үшінші сөйлем.")
    assert job.paragraph_of == (-1, 0, 0, 1)
    confirmed = confirm_segment(memory, job, 2, "The second sentence, 2025.", user="aida")
    assert confirmed.job.done == 1
    assert confirmed.saved.added == 1
    assert confirmed.warnings == ()
    row = memory.units().row(0, named=True)
    assert (row["seg_no"], row["prev_source"], row["next_source"], row["origin"]) == (
        1,
        "Бірінші сөйлем.",
        "Үшінші сөйлем.",
        "translation",
    )
    assert row["created_by"] == "aida"


def test_qa_warnings_come_back_with_the_confirmation(memory: TranslationMemory) -> None:
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    confirmed = confirm_segment(memory, job, 2, "The second sentence.", user="aida")
    assert "numbers" in {w.check for w in confirmed.warnings}


def test_a_job_picks_up_what_was_confirmed_before(memory: TranslationMemory) -> None:
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    confirm_segment(memory, job, 1, "The first sentence.", user="aida")
    confirm_segment(memory, job, 0, "Headline", user="aida")
    again = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    assert again.targets == ("Headline", "The first sentence.", None, None)
    assert again.states == ("confirmed", "confirmed", "new", "new")
    assert again.next_open() == 2
    title = memory.live().filter(pl.col("target") == "Headline").collect()
    assert title["seg_no"].to_list() == [-1]
    assert start_translation(memory, ARTICLE, doc_id="d2", tgt_lang="en").done == 0


def test_downloads_keep_paragraphs_and_fall_back_to_the_source(memory: TranslationMemory) -> None:
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="ru")
    job = confirm_segment(memory, job, 0, "Заголовок", user="a").job
    job = confirm_segment(memory, job, 1, "Первое предложение.", user="a").job
    job = confirm_segment(memory, job, 3, "Третье предложение.", user="a").job
    assert translated_text(job) == (
        "date 2025-11-18 Заголовок\n"
        "Первое предложение. Екінші сөйлем 2025 ж.\nТретье предложение.\n"
    )
    import docx

    paragraphs = [p.text for p in docx.Document(io.BytesIO(translated_docx(job))).paragraphs]
    assert paragraphs == [
        "Заголовок",
        "Первое предложение. Екінші сөйлем 2025 ж.",
        "Третье предложение.",
    ]


@pytest.mark.parametrize(
    ("index", "target", "message"), [(5, "x", "no segment 6"), (1, "  ", "empty")]
)
def test_bad_confirmations_write_nothing(
    memory: TranslationMemory, index: int, target: str, message: str
) -> None:
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    with pytest.raises(InputError, match=message):
        confirm_segment(memory, job, index, target, user="a")
    assert memory.units().is_empty()


def test_drafts_survive_moving_between_segments_and_only_confirming_stores(
    memory: TranslationMemory,
) -> None:
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    job = draft_segment(job, 2, "Typed, not confirmed")
    assert job.states == ("new", "new", "draft", "new")
    assert job.targets[2] == "Typed, not confirmed"
    assert memory.units().is_empty()
    job = confirm_segment(memory, job, 2, "The second sentence, 2025.", user="a").job
    job = draft_segment(job, 2, "Changed after confirming")
    assert job.states[2] == "draft"
    assert draft_segment(job, 2, "").states[2] == "new"


def test_qa_runs_before_confirming(memory: TranslationMemory) -> None:
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    assert "numbers" in {w.check for w in check_segment(job, 2, "The second sentence.")}
    assert check_segment(job, 2, "The second sentence, 2025.") == ()
    assert memory.units().is_empty()


def test_pretranslation_fills_drafts_and_confirms_exact_matches_on_request(
    memory: TranslationMemory,
) -> None:
    memory.add(
        [
            Unit("kk", "en", "Бірінші сөйлем.", "The first sentence.", status="approved",
                 origin="import:tsv"),
            Unit("kk", "en", "Үшінші сөйлем болды.", "There was a third sentence.",
                 status="approved", origin="import:tsv"),
        ],
        user="seed",
    )  # fmt: skip
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    best = best_matches(memory, job)
    grid = segment_grid(job, best)
    assert grid["status"].to_list()[1] == "100"
    assert grid["status"].to_list()[3] == "fuzzy"
    drafts = pretranslate(memory, job, min_score=60, user="t")
    assert (drafts.filled, drafts.confirmed) == (2, 0)
    assert drafts.job.states == ("new", "draft", "new", "draft")
    assert memory.stats().units == 2
    exact = pretranslate(memory, job, min_score=60, confirm_exact=True, user="t")
    assert (exact.filled, exact.confirmed) == (2, 1)
    assert exact.job.states == ("new", "confirmed", "new", "draft")
    # The confirmed pair is the imported unit itself (one unit a pair), now placed in d1.
    confirmed = memory.live().filter(pl.col("doc_id") == "d1").collect()
    assert confirmed["seg_no"].to_list() == [0]
    assert start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en").states[1] == "confirmed"
    high = pretranslate(memory, job, min_score=95, user="t")
    assert high.filled == 1
