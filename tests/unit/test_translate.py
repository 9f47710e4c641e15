from __future__ import annotations

import io
from pathlib import Path

import pytest

from tm.errors import InputError
from tm.store import TranslationMemory
from tm.translate import (
    confirm_segment,
    start_translation,
    translated_docx,
    translated_text,
)

ARTICLE = "date 2025-11-18 Тақырып\nБірінші сөйлем. Екінші сөйлем 2025 ж.\nҮшінші сөйлем.\n"


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    return TranslationMemory.create(tmp_path / "tm")


def test_confirmed_segments_enter_the_tm_with_their_context(memory: TranslationMemory) -> None:
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    assert job.segments == ("Бірінші сөйлем.", "Екінші сөйлем 2025 ж.", "Үшінші сөйлем.")
    assert job.paragraph_of == (0, 0, 1)
    confirmed = confirm_segment(memory, job, 1, "The second sentence, 2025.", user="aida")
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
    confirmed = confirm_segment(memory, job, 1, "The second sentence.", user="aida")
    assert "numbers" in {w.check for w in confirmed.warnings}


def test_a_job_picks_up_what_was_confirmed_before(memory: TranslationMemory) -> None:
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    confirm_segment(memory, job, 0, "The first sentence.", user="aida")
    again = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    assert again.targets == ("The first sentence.", None, None)
    assert again.next_open() == 1
    assert start_translation(memory, ARTICLE, doc_id="d2", tgt_lang="en").done == 0


def test_downloads_keep_paragraphs_and_fall_back_to_the_source(memory: TranslationMemory) -> None:
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="ru")
    job = confirm_segment(memory, job, 0, "Первое предложение.", user="a").job
    job = confirm_segment(memory, job, 2, "Третье предложение.", user="a").job
    assert (
        translated_text(job) == "Первое предложение. Екінші сөйлем 2025 ж.\nТретье предложение.\n"
    )
    import docx

    paragraphs = [p.text for p in docx.Document(io.BytesIO(translated_docx(job))).paragraphs]
    assert paragraphs == ["Первое предложение. Екінші сөйлем 2025 ж.", "Третье предложение."]


@pytest.mark.parametrize(
    ("index", "target", "message"), [(5, "x", "no segment 6"), (0, "  ", "empty")]
)
def test_bad_confirmations_write_nothing(
    memory: TranslationMemory, index: int, target: str, message: str
) -> None:
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    with pytest.raises(InputError, match=message):
        confirm_segment(memory, job, index, target, user="a")
    assert memory.units().is_empty()
