"""Concordance finds a term's inflected forms and nothing that merely begins like it.

Each row: a term, its language, a made-up sentence, the forms that must be found (in
order) and the words that must not be. The sentences are invented for the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.fuzzy import concordance, find_term
from tm.store import TranslationMemory, Unit

CASES = [
    # Kazakh: case, possessive, plural and predicative endings, with harmony and assimilation.
    (
        "сапар",
        "kk",
        "Президент сапармен келді, сапарымда көрдім, сапарының мақсаты сапа еді, "
        "сапалы сапарлар, Сапарбек те сапардамын деді.",
        ["сапармен", "сапарымда", "сапарының", "сапарлар", "сапардамын"],
        ["сапа", "сапалы", "Сапарбек"],
    ),
    (
        "Алматы",
        "kk",
        "Алматыда жиын өтті, Алматыға келдік, Алматының әкімі алдағы күні алма жеп, "
        "Алма деген қызды алдық, Алматыдағы көрме.",
        ["Алматыда", "Алматыға", "Алматының", "Алматыдағы"],
        ["алдағы", "алма", "Алма", "алдық"],
    ),
    (
        "Үкімет",
        "kk",
        "Үкіметтің отырысы, Үкіметке хат, Үкіметі мен үкіметтер, үкіметтік емес ұйым.",
        ["Үкіметтің", "Үкіметке", "Үкіметі", "үкіметтер"],
        ["үкіметтік"],
    ),
    (
        "банк",
        "kk",
        "Ұлттық банкінің төрағасы банкке барды, банктер банкетте банкирмен сөйлесті.",
        ["банкінің", "банкке", "банктер"],
        ["банкетте", "банкирмен"],
    ),
    (
        "жыл",
        "kk",
        "2024 жылы, өткен жылғы, жылдың басы, жылдары, жылқы жылдам шапты.",
        ["жылы", "жылғы", "жылдың", "жылдары"],
        ["жылқы", "жылдам"],
    ),
    (
        "ел",
        "kk",
        "Елге оралды, еліміздің елшісі, елдердің елу жылдығы, елдегі жағдай.",
        ["Елге", "еліміздің", "елдердің", "елдегі"],
        ["елшісі", "елу"],
    ),
    # A final қ/к/п is voiced before a vowel; the high vowel of the last syllable may drop.
    (
        "кітап",
        "kk",
        "Кітабы шықты, кітабымыз кітапқа айналды, кітапты оқы, кітапхана жабық.",
        ["Кітабы", "кітабымыз", "кітапқа", "кітапты"],
        ["кітапхана"],
    ),
    (
        "халық",
        "kk",
        "Халқының саны, халықтың үні, халқы, халықаралық ұйым.",
        ["Халқының", "халықтың", "халқы"],
        ["халықаралық"],
    ),
    (
        "жүрек",
        "kk",
        "Жүрегі ауырды, жүрекке жақын, жүрегінде.",
        ["Жүрегі", "жүрекке", "жүрегінде"],
        [],
    ),
    # A compound's head stands for its base; every word of the term is matched by the rule.
    (
        "заң жобасы",
        "kk",
        "Заң жобаларын қарады, заң жобасына түзету, заң жобасы, заң жобалау ісі.",
        ["Заң жобаларын", "заң жобасына", "заң жобасы"],
        ["заң жобалау"],
    ),
    (
        "Ұлттық банк",
        "kk",
        "Ұлттық банкінің басшысы Ұлттық банкетке келмеді.",
        ["Ұлттық банкінің"],
        ["Ұлттық банкетке"],
    ),
    # After a hyphen the sound of a name is not spelled: any form of the ending goes.
    (
        "COVID-19",
        "kk",
        "COVID-19-ға қарсы, COVID-19-дың салдары, COVID-2019 емес.",
        ["COVID-19-ға", "COVID-19-дың"],
        ["COVID-2019"],
    ),
    # Russian: a stem with case endings.
    (
        "правительство",
        "ru",
        "Правительства нет, правительством принято, правительственный час.",
        ["Правительства", "правительством"],
        ["правительственный"],
    ),
    (
        "Астана",
        "ru",
        "В Астане и над Астаной, астанинский аэропорт, Аста.",
        ["Астане", "Астаной"],
        ["астанинский", "Аста"],
    ),
    (
        "Токаев",
        "ru",
        "Токаева встретили, с Токаевым говорили, ток в сети, Тока нет.",
        ["Токаева", "Токаевым"],
        ["ток", "Тока"],
    ),
    # English: plural and possessive.
    (
        "bank",
        "en",
        "The bank's banks, a banker at the banquet, banking.",
        ["bank's", "banks"],
        ["banker", "banquet", "banking"],
    ),
    (
        "countries",
        "en",
        "Both country and countries, the country’s countryside.",
        ["country", "countries", "country’s"],
        ["countryside"],
    ),
]


@pytest.mark.parametrize(("term", "lang", "text", "found", "not_found"), CASES)
def test_inflected_forms_are_found_and_look_alikes_are_not(
    term: str, lang: str, text: str, found: list[str], not_found: list[str]
) -> None:
    assert [text[start:end] for start, end in find_term(text, term, lang)] == found
    for other in not_found:
        assert find_term(other, term, lang) == [], other


@pytest.mark.parametrize(
    ("term", "word"),
    [
        ("Алматы", "Алматыге"),  # a front ending after a back vowel
        ("Үкімет", "Үкіметтың"),  # a back ending after a front vowel
        ("сапар", "сапартан"),  # -тан after р, where Kazakh writes -дан
        ("Қазақстан", "Қазақстанга"),  # -га after н, where Kazakh writes -ға
        ("кітап", "кітаб"),  # the voiced stem only before a vowel
        ("Қазақстан", "Қазақстандық"),  # a derived word, not an inflected form
    ],
)
def test_endings_must_agree_with_the_stem(term: str, word: str) -> None:
    assert find_term(word, term, "kk") == []


def test_exact_asks_for_the_words_as_typed_ignoring_case() -> None:
    text = "Алматыда, алматы және АЛМАТЫ."
    assert [text[s:e] for s, e in find_term(text, "Алматы", "kk", exact=True)] == [
        "алматы",
        "АЛМАТЫ",
    ]


def test_numbers_and_unknown_languages_match_as_typed() -> None:
    assert find_term("2024 жылы, 20245 жылы", "2024 жылы", "kk") == [(0, 9)]
    assert find_term("Sauna saunassa", "sauna", "fi") == [(0, 5)]


def test_the_tm_concordance_uses_the_same_rule(tmp_path: Path) -> None:
    memory = TranslationMemory.create(
        tmp_path / "tm",
        [
            Unit("kk", "en", "Алматыда жаңа мектеп ашылды.", "A new school opened in Almaty."),
            Unit("kk", "en", "Алдағы апта сапарымда өтеді.", "Next week, on my trip."),
            Unit("kk", "ru", "Сапарының соңында Алматыға барды.", "В конце поездки в Алматы."),
        ],
        user="test",
    )
    hits = concordance(memory, "Алматы", "kk", side="source")
    assert sorted(hit.hit for hit in hits) == ["Алматыда", "Алматыға"]
    assert [hit.hit for hit in concordance(memory, "сапар", "kk", other_lang="en")] == ["сапарымда"]
