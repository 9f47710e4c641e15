from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import CORPORA
from tm.errors import FormatError
from tm.formats.article import decode_text, parse_article
from tm.segment import format_document, presegmented, segment_text, sentence_spans, split_sentences


@pytest.mark.parametrize("lang", ["kk", "en", "ru"])
def test_demo_article_segments_exactly_as_the_gold_file(lang: str) -> None:
    text = (CORPORA / "karis" / f"{lang}.txt").read_text(encoding="utf-8")
    gold = (CORPORA / "karis" / f"{lang}.sents").read_text(encoding="utf-8")
    assert format_document(segment_text(text, lang)) == gold


TRICKY = [
    # Kazakh
    (
        "kk",
        "АСТАНА. KAZINFORM — Президент келді. Кездесу өтті.",
        ["АСТАНА. KAZINFORM — Президент келді.", "Кездесу өтті."],
    ),
    (
        "kk",
        "Жоба 2025 ж. қаңтарда басталды. Ол т.б. салаларды қамтиды.",
        ["Жоба 2025 ж. қаңтарда басталды.", "Ол т.б. салаларды қамтиды."],
    ),
    (
        "kk",
        "Көлемі 1,2 млрд. теңге болды. Бұл рекорд.",
        ["Көлемі 1,2 млрд. теңге болды.", "Бұл рекорд."],
    ),
    (
        "kk",
        "Мемлекет басшысы Қ. Тоқаев сөз сөйледі. Ол БҰҰ. мінберінде болды.",
        ["Мемлекет басшысы Қ. Тоқаев сөз сөйледі.", "Ол БҰҰ. мінберінде болды."],
    ),
    ("kk", "- Қалайсыз? - Жақсы, рақмет!", ["- Қалайсыз?", "- Жақсы, рақмет!"]),
    (
        "kk",
        "Ол: «Біз келдік. Жұмыс басталды», - деді. Кейін кетті.",
        ["Ол: «Біз келдік. Жұмыс басталды», - деді.", "Кейін кетті."],
    ),
    ("kk", "«Қалай?» деп сұрады ол. Жауап болмады.", ["«Қалай?» деп сұрады ол.", "Жауап болмады."]),
    (
        "kk",
        "Digital Kazakhstan 2.0 бағдарламасы бар. Ол маңызды.",
        ["Digital Kazakhstan 2.0 бағдарламасы бар.", "Ол маңызды."],
    ),
    # Russian
    (
        "ru",
        "АСТАНА. KAZINFORM — Визит начался. Переговоры прошли успешно.",
        ["АСТАНА. KAZINFORM — Визит начался.", "Переговоры прошли успешно."],
    ),
    (
        "ru",
        "В 2011 г. он был здесь, т.е. давно. Это так.",
        ["В 2011 г. он был здесь, т.е. давно.", "Это так."],
    ),
    (
        "ru",
        "Объём составил 50 млн. евро и т.д. Новые проекты ждут.",
        ["Объём составил 50 млн. евро и т.д. Новые проекты ждут."],
    ),
    (
        "ru",
        "Президент К. Токаев встретился с гостем. Итоги подвели.",
        ["Президент К. Токаев встретился с гостем.", "Итоги подвели."],
    ),
    ("ru", "— Как дела? — Хорошо!", ["— Как дела?", "— Хорошо!"]),
    # English
    (
        "en",
        "ASTANA, Nov. 18 (Kazinform) – The visit began. Talks followed.",
        ["ASTANA, Nov. 18 (Kazinform) – The visit began.", "Talks followed."],
    ),
    (
        "en",
        "Mr. Karis met Dr. Smith at 10 a.m. on Monday. They spoke.",
        ["Mr. Karis met Dr. Smith at 10 a.m. on Monday.", "They spoke."],
    ),
    (
        "en",
        "The U.S. and the EU agreed. It took years.",
        ["The U.S. and the EU agreed.", "It took years."],
    ),
    (
        "en",
        "Trade is worth €50 million. That is small.",
        ["Trade is worth €50 million.", "That is small."],
    ),
    (
        "en",
        '"Is it possible?" he asked. Nobody knew.',
        ['"Is it possible?" he asked.', "Nobody knew."],
    ),
]


@pytest.mark.parametrize(("lang", "paragraph", "expected"), TRICKY)
def test_tricky_sentences(lang: str, paragraph: str, expected: list[str]) -> None:
    assert list(split_sentences(paragraph, lang)) == expected


def test_metadata_line_is_read_and_kept_out_of_the_body() -> None:
    article = parse_article(" date 2025-11-18 Бас тақырып\nБірінші абзац.\n\nЕкінші абзац.")
    assert article.date == dt.date(2025, 11, 18)
    assert article.title == "Бас тақырып"
    assert article.paragraphs == ("Бірінші абзац.", "Екінші абзац.")


def test_text_without_metadata_is_all_body() -> None:
    article = parse_article("dated text. Not metadata.\n")
    assert article.title is None
    assert article.date is None
    assert article.paragraphs == ("dated text. Not metadata.",)


def test_bad_metadata_date_names_the_line() -> None:
    with pytest.raises(FormatError, match=r"x\.txt, line 1: bad date"):
        parse_article("date 2025-13-40 Title\nBody.", source="x.txt")


def test_undecodable_bytes_name_file_and_line() -> None:
    with pytest.raises(FormatError, match=r"a\.txt, line 2: not valid UTF-8"):
        decode_text("бір\nекі \xff".encode("latin-1", errors="ignore") + b"\n\xff", source="a.txt")


def test_utf16_with_bom_is_read() -> None:
    assert decode_text("Сәлем".encode("utf-16"), source="x") == "Сәлем"


def test_presegmented_lines_keep_paragraphs() -> None:
    document = presegmented(["Бір.", "Екі.", "", "", "Үш."], "kk")
    assert document.paragraphs == (("Бір.", "Екі."), ("Үш.",))


_PIECES = [*"абвқңәАБҚZz.!?«»—-\u00a0,:;1 \t", "ж.", "Mr.", "АСТАНА. ", " — ", "2.0"]


@given(st.lists(st.sampled_from(_PIECES), max_size=80), st.sampled_from(["kk", "ru", "en"]))
def test_segmentation_loses_no_character(pieces: list[str], lang: str) -> None:
    paragraph = "".join(pieces)
    spans = sentence_spans(paragraph, lang)
    position = 0
    for start, end in spans:
        assert position <= start < end
        assert not paragraph[position:start].strip()
        position = end
    assert not paragraph[position:].strip()
