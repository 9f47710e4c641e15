from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import CORPORA
from tm.errors import FormatError
from tm.formats.article import decode_text, parse_article
from tm.lang import LANGUAGES
from tm.segment import format_document, presegmented, segment_text, sentence_spans, split_sentences

LANGS = ["kk", "en", "ru"]


def _news_folders() -> list[str]:
    # halves.tsv is the corpus's manifest: a folder it names that is missing on disk, or a
    # file missing in a folder, fails below instead of quietly shrinking the parametrization.
    lines = (CORPORA / "news" / "halves.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines[1:] if line.strip()]


NEWS = _news_folders()
GOLD_FOLDERS = [CORPORA / "karis", *(CORPORA / "news" / name for name in NEWS)]


def test_news_manifest_names_every_folder_on_disk() -> None:
    on_disk = sorted(path.name for path in (CORPORA / "news").iterdir() if path.is_dir())
    assert NEWS
    assert sorted(NEWS) == on_disk


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("folder", GOLD_FOLDERS, ids=lambda path: path.name)
def test_gold_corpora_segment_exactly_as_their_sents_file(folder: Path, lang: str) -> None:
    text = (folder / f"{lang}.txt").read_text(encoding="utf-8")
    gold = (folder / f"{lang}.sents").read_text(encoding="utf-8")
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
        ["Ол: «Біз келдік.", "Жұмыс басталды», - деді.", "Кейін кетті."],
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
        ["Объём составил 50 млн. евро и т.д.", "Новые проекты ждут."],
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


# Each phenomenon of the gold rules (corpora/news/README.md), must-split and must-not-split.
# (lang, paragraph, expected sentences); the sentences are invented.
QUOTATIONS = [
    # A sentence ends inside a quotation too; the last quoted sentence keeps its attribution.
    (
        "kk",
        "«Су деңгейі көтерілді. Тұрғындар көшірілді», – деді әкім. Жұмыс жалғасады.",
        ["«Су деңгейі көтерілді.", "Тұрғындар көшірілді», – деді әкім.", "Жұмыс жалғасады."],
    ),
    (
        "ru",
        "Он сказал: «Мы готовы. План утверждён. Начинаем завтра».",
        ["Он сказал: «Мы готовы.", "План утверждён.", "Начинаем завтра»."],
    ),
    (
        "en",
        "“Prices rose. Demand fell,” the report said.",
        ["“Prices rose.", "Demand fell,” the report said."],
    ),
    (
        "en",
        '"We are ready. The plan is final," she said.',
        ['"We are ready.', 'The plan is final," she said.'],
    ),
    # A sentence end just inside the closing quote, then a new capitalised sentence.
    ("kk", "Ол: «Біз жеңдік!» Зал қол шапалақтады.", ["Ол: «Біз жеңдік!»", "Зал қол шапалақтады."]),
    ("en", "She wrote “It works.” Then she left.", ["She wrote “It works.”", "Then she left."]),
    # ... but not when the attribution goes on in lower case.
    (
        "ru",
        "«Почему?» — спросил он. Никто не ответил.",
        ["«Почему?» — спросил он.", "Никто не ответил."],
    ),
    (
        "kk",
        "«Бәрін жоспарладық!» – деді ол. Кейін кетті.",
        ["«Бәрін жоспарладық!» – деді ол.", "Кейін кетті."],
    ),
    ("en", "“Ready?” she asked.", ["“Ready?” she asked."]),
    # A name in quotation marks is not a sentence.
    (
        "kk",
        "«Астана Опера» театры ашылды. Көрермен көп.",
        ["«Астана Опера» театры ашылды.", "Көрермен көп."],
    ),
    # "…" ends a sentence before a capital, not before lower case.
    ("kk", "Біз күттік… Ешкім келмеді.", ["Біз күттік…", "Ешкім келмеді."]),
    ("ru", "Яблоки, груши… и многое другое.", ["Яблоки, груши… и многое другое."]),
]

DATELINES = [
    # CITY, AGENCY.  (the agency has the shape of an acronym or a web address)
    (
        "kk",
        "Нұр-Сұлтан, BAQ.KZ. Жаңа көпір ашылды. Ұзындығы 300 метр.",
        ["Нұр-Сұлтан, BAQ.KZ. Жаңа көпір ашылды.", "Ұзындығы 300 метр."],
    ),
    (
        "ru",
        "Шымкент, Zakon.kz. В городе открыли парк. Вход свободный.",
        ["Шымкент, Zakon.kz. В городе открыли парк.", "Вход свободный."],
    ),
    (
        "en",
        "Aktau, BAQ.KZ. A new port opened. It cost $1 billion.",
        ["Aktau, BAQ.KZ. A new port opened.", "It cost $1 billion."],
    ),
    # CITY, Date, AGENCY.
    (
        "kk",
        "Семей, 3 мамыр, BAQ.KZ. Өрт сөндірілді. Зардап шеккен жоқ.",
        ["Семей, 3 мамыр, BAQ.KZ. Өрт сөндірілді.", "Зардап шеккен жоқ."],
    ),
    # CITY. Date. AGENCY —
    (
        "kk",
        "Ақтөбе. 7 қазан. Tengrinews — Қар жауды. Жолдар жабылды.",
        ["Ақтөбе. 7 қазан. Tengrinews — Қар жауды.", "Жолдар жабылды."],
    ),
    (
        "ru",
        "Алматы. 5 апреля. Tengrinews — Прошли дожди. Реки разлились.",
        ["Алматы. 5 апреля. Tengrinews — Прошли дожди.", "Реки разлились."],
    ),
    (
        "en",
        "ATYRAU. June 2. Tengrinews – Oil output grew. Prices held.",
        ["ATYRAU. June 2. Tengrinews – Oil output grew.", "Prices held."],
    ),
    # CITY, Date (AGENCY) –  and  CITY. AGENCY —, the city in capitals or not.
    (
        "en",
        "Kostanay, Aug. 9 (Kazinform) – Harvest began. Yields are high.",
        ["Kostanay, Aug. 9 (Kazinform) – Harvest began.", "Yields are high."],
    ),
    (
        "ru",
        "Павлодар. KAZINFORM — Завод запущен. Работают 500 человек.",
        ["Павлодар. KAZINFORM — Завод запущен.", "Работают 500 человек."],
    ),
    (
        "kk",
        "ТАРАЗ. KAZINFORM — Мектеп салынды. Оқушылар қуанышты.",
        ["ТАРАЗ. KAZINFORM — Мектеп салынды.", "Оқушылар қуанышты."],
    ),
    # Not datelines: a full clause, a one-word answer before a dash, a name after a comma.
    (
        "kk",
        "Ақорда баспасөз қызметі хабарлайды. Президент қонақты қабылдады.",
        ["Ақорда баспасөз қызметі хабарлайды.", "Президент қонақты қабылдады."],
    ),
    ("kk", "Иә. Бұл – маңызды қадам.", ["Иә.", "Бұл – маңызды қадам."]),
    ("ru", "Спасибо, Ерлан. Следующий вопрос.", ["Спасибо, Ерлан.", "Следующий вопрос."]),
    ("en", "Thank you, Tom. Next question.", ["Thank you, Tom.", "Next question."]),
]

ABBREVIATIONS = [
    # An abbreviation that closes a list ends a sentence when a capitalised one follows ...
    (
        "kk",
        "Базарда алма, алмұрт т.б. сатылады. Бағасы арзан.",
        ["Базарда алма, алмұрт т.б. сатылады.", "Бағасы арзан."],
    ),
    (
        "kk",
        "Базарда алма, алмұрт, өрік т.б. Бағасы арзан.",
        ["Базарда алма, алмұрт, өрік т.б.", "Бағасы арзан."],
    ),
    (
        "ru",
        "Привезли яблоки, груши и т.д. Цены упали.",
        ["Привезли яблоки, груши и т.д.", "Цены упали."],
    ),
    (
        "ru",
        "Привезли яблоки, груши и т. д. Цены упали.",
        ["Привезли яблоки, груши и т. д.", "Цены упали."],
    ),
    (
        "ru",
        "Пришли министры, депутаты и др. «Итоги» подвели вечером.",
        [
            "Пришли министры, депутаты и др.",
            "«Итоги» подвели вечером.",
        ],
    ),
    (
        "en",
        "They sell apples, pears, etc. Prices fell.",
        ["They sell apples, pears, etc.", "Prices fell."],
    ),
    # ... and not before a lower-case word or a number.
    ("kk", "Алма, алмұрт т.б. жемістер арзандады.", ["Алма, алмұрт т.б. жемістер арзандады."]),
    ("kk", "Алма, алмұрт т.б. 15 түрлі жеміс бар.", ["Алма, алмұрт т.б. 15 түрлі жеміс бар."]),
    ("ru", "Яблоки, груши и т.д. продаются дёшево.", ["Яблоки, груши и т.д. продаются дёшево."]),
    ("ru", "Министры и др. 12 человек пришли.", ["Министры и др. 12 человек пришли."]),
    ("en", "Apples, pears, etc. are cheap.", ["Apples, pears, etc. are cheap."]),
    # An acronym or a unit takes no period of its own: one before a capital is the sentence's.
    (
        "ru",
        "Аренда стоит 115 млн долларов США. Кроме того, растут налоги.",
        [
            "Аренда стоит 115 млн долларов США.",
            "Кроме того, растут налоги.",
        ],
    ),
    (
        "ru",
        "Длина участка 836 км. Об этом сообщили в компании.",
        [
            "Длина участка 836 км.",
            "Об этом сообщили в компании.",
        ],
    ),
    (
        "kk",
        "Жолдың ұзындығы 40 км. Ол биыл салынады.",
        ["Жолдың ұзындығы 40 км.", "Ол биыл салынады."],
    ),
    ("kk", "Ол БҰҰ. мінберінде сөйледі.", ["Ол БҰҰ. мінберінде сөйледі."]),
    # Abbreviations that stand before a number or a name never end a sentence.
    (
        "ru",
        "Собрали ок. 50 млн тенге. Деньги пойдут на ремонт.",
        [
            "Собрали ок. 50 млн тенге.",
            "Деньги пойдут на ремонт.",
        ],
    ),
    ("ru", "Цена упала (ок. 15 тыс. руб.) за тонну.", ["Цена упала (ок. 15 тыс. руб.) за тонну."]),
    ("ru", "Театр им. Абая открылся в г. Алматы.", ["Театр им. Абая открылся в г. Алматы."]),
    ("ru", "Кафе на пр. Абая закрыто.", ["Кафе на пр. Абая закрыто."]),
    ("ru", "Подробнее см. Приложение 2.", ["Подробнее см. Приложение 2."]),
    (
        "ru",
        "За восемь месяцев т.г. добыто 64 млн тонн.",
        ["За восемь месяцев т.г. добыто 64 млн тонн."],
    ),
    ("kk", "Жобаға 1,2 млрд. АҚШ доллары бөлінді.", ["Жобаға 1,2 млрд. АҚШ доллары бөлінді."]),
    (
        "en",
        "The U.S. Senate voted on Nov. 18 at 10 a.m.",
        ["The U.S. Senate voted on Nov. 18 at 10 a.m."],
    ),
]


@pytest.mark.parametrize(("lang", "paragraph", "expected"), QUOTATIONS)
def test_quotations(lang: str, paragraph: str, expected: list[str]) -> None:
    assert list(split_sentences(paragraph, lang)) == expected


@pytest.mark.parametrize(("lang", "paragraph", "expected"), DATELINES)
def test_datelines(lang: str, paragraph: str, expected: list[str]) -> None:
    assert list(split_sentences(paragraph, lang)) == expected


@pytest.mark.parametrize(("lang", "paragraph", "expected"), ABBREVIATIONS)
def test_abbreviations(lang: str, paragraph: str, expected: list[str]) -> None:
    assert list(split_sentences(paragraph, lang)) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_sentence_final_abbreviations_are_abbreviations_for_punkt(lang: str) -> None:
    # Otherwise Punkt would split after one before a lower-case word or a number too.
    language = LANGUAGES[lang]
    for phrase in language.sentence_final:
        assert re.sub(r"\s", "", phrase.split()[-1]).rstrip(".").lower() in language.abbreviations


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


_PIECES = [
    *'абвқңәАБҚZz.!?…«»“”"—-\u00a0,:;1 \t',
    *("ж.", "Mr.", "etc.", "т.б.", "и т. д.", "США.", "ок.", "2.0"),
    *("АСТАНА. ", "Нұр-Сұлтан, BAQ.KZ. ", "Алматы. 5 сәуір. Tengrinews", " — "),
]


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
