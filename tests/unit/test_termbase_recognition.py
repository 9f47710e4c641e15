"""Recognition of termbase terms in segments, in their inflected forms (tm.termbase)."""

from __future__ import annotations

import pytest

from tm.termbase import Concept, Term, TermIndex, find_in_target, recognise

# (language, term, segment, the form found in the segment or None for no hit)
CASES: list[tuple[str, str, str, str | None]] = [
    # Kazakh nouns: cases, possessive, plural, with vowel harmony and assimilation.
    ("kk", "Үкімет", "Үкіметтің отырысы өтті.", "Үкіметтің"),
    ("kk", "Үкімет", "Хат Үкіметке жолданды.", "Үкіметке"),
    ("kk", "Үкімет", "Бұл мәселе Үкіметте қаралды.", "Үкіметте"),
    ("kk", "Үкімет", "Үкіметтен жауап келді.", "Үкіметтен"),
    ("kk", "Үкімет", "Үкіметпен келісілді.", "Үкіметпен"),
    ("kk", "Үкімет", "Елдің Үкіметі шешім қабылдады.", "Үкіметі"),
    ("kk", "Үкімет", "Екі елдің үкіметтері келісті.", "үкіметтері"),
    ("kk", "Алматы", "Алматыда жиын өтті.", "Алматыда"),
    ("kk", "Алматы", "Делегация Алматыға келді.", "Алматыға"),
    ("kk", "Алматы", "Алматының әкімі сөйледі.", "Алматының"),
    ("kk", "Астана", "Астанада форум басталды.", "Астанада"),
    ("kk", "Астана", "Ол Астанадан ұшып кетті.", "Астанадан"),
    ("kk", "Парламент", "Заң Парламентке жіберілді.", "Парламентке"),
    ("kk", "Сенат", "Сенатта талқыланды.", "Сенатта"),
    ("kk", "министрлік", "Министрлігі мәлімдеме жасады.", "Министрлігі"),
    ("kk", "халық", "Халқы көп ел.", "Халқы"),
    ("kk", "кітап", "Кітабы жарық көрді.", "Кітабы"),
    ("kk", "COVID-19", "COVID-19-ға қарсы вакцина.", "COVID-19-ға"),
    ("kk", "БҰҰ", "БҰҰ-ның Бас ассамблеясы.", "БҰҰ-ның"),
    # Kazakh verbs: the dictionary form finds the finite forms and the passive.
    ("kk", "талқылау", "Депутаттар жобаны талқылады.", "талқылады"),
    ("kk", "талқылау", "Жоба кеше талқыланды.", "талқыланды"),
    # Multi-word Kazakh terms: only the last word inflects.
    ("kk", "Ұлттық банк", "Ұлттық банкінің төрағасы.", "Ұлттық банкінің"),
    ("kk", "Ұлттық банк", "Ұлттық банкі мөлшерлемені өзгертті.", "Ұлттық банкі"),
    ("kk", "Ұлттық банк", "Ұлттық банкке хат жолданды.", "Ұлттық банкке"),
    ("kk", "Ұлттық банк", "ҰЛТТЫҚ БАНКТІҢ ХАБАРЛАМАСЫ", "ҰЛТТЫҚ БАНКТІҢ"),
    ("kk", "заң жобасы", "Депутаттар заң жобасын мақұлдады.", "заң жобасын"),
    ("kk", "заң жобасы", "Заң жобасының мәтіні дайын.", "Заң жобасының"),
    ("kk", "заң жобасы", "Үш заң жобалары қаралды.", "заң жобалары"),
    (
        "kk",
        "Қазақстан Республикасы",
        "Қазақстан Республикасының Конституциясы.",
        "Қазақстан Республикасының",
    ),
    ("kk", "Мемлекет басшысы", "Мемлекет басшысының жарлығы.", "Мемлекет басшысының"),
    # A name before the head stands with or without the genitive, either way round; the
    # head in the possessive keeps its cases.
    (
        "kk",
        "Қазақстан Ұлттық банкі",
        "Қазақстанның Ұлттық банкі мөлшерлемені өзгертті.",
        "Қазақстанның Ұлттық банкі",
    ),
    (
        "kk",
        "Қазақстан Ұлттық банкі",
        "Қазақстан Ұлттық банкінің төрағасы.",
        "Қазақстан Ұлттық банкінің",
    ),
    (
        "kk",
        "Қазақстан Ұлттық банкі",
        "Хат Қазақстан Ұлттық банкіне жолданды.",
        "Қазақстан Ұлттық банкіне",
    ),
    (
        "kk",
        "Қазақстан Ұлттық банкі",
        "Қазақстан Ұлттық банкін тексерді.",
        "Қазақстан Ұлттық банкін",
    ),
    (
        "kk",
        "Қазақстан Ұлттық банкі",
        "Қазақстан Ұлттық банкінде жиын өтті.",
        "Қазақстан Ұлттық банкінде",
    ),
    (
        "kk",
        "Қазақстан Ұлттық банкі",
        "Қазақстанның Ұлттық банкінен жауап келді.",
        "Қазақстанның Ұлттық банкінен",
    ),
    (
        "kk",
        "Қазақстанның Ұлттық банкі",
        "Қазақстан Ұлттық банкі хабарлады.",
        "Қазақстан Ұлттық банкі",
    ),
    (
        "kk",
        "Қазақстанның Ұлттық банкі",
        "Қазақстан Ұлттық банкінің шешімі.",
        "Қазақстан Ұлттық банкінің",
    ),
    (
        "kk",
        "Қазақстанның Ұлттық банкі",
        "Қазақстанның Ұлттық банкіне хат.",
        "Қазақстанның Ұлттық банкіне",
    ),
    ("kk", "Ұлттық банк", "Қазақстанның Ұлттық банкі хабарлады.", "Ұлттық банкі"),
    (
        "kk",
        "Қазақстан Республикасы Президенті",
        "Қазақстан Республикасының Президенті сөйледі.",
        "Қазақстан Республикасының Президенті",
    ),
    ("kk", "Алматы әкімі", "Алматының әкімі сөйледі.", "Алматының әкімі"),
    ("kk", "ҚР Үкіметі", "ҚР-дың Үкіметі шешті.", "ҚР-дың Үкіметі"),
    ("kk", "Астана әкімдігі", "Астананың әкімдігіне хат келді.", "Астананың әкімдігіне"),
    # ... and nothing else stands before the head: another case, a wrong harmony, a
    # look-alike head, a common noun's genitive.
    ("kk", "Қазақстан Ұлттық банкі", "Қазақстандағы Ұлттық банкі жабылды.", None),
    ("kk", "Қазақстан Ұлттық банкі", "Қазақстаннан Ұлттық банкіне хат.", None),
    ("kk", "Қазақстан Ұлттық банкі", "Қазақстаннің Ұлттық банкі.", None),
    ("kk", "Қазақстанның Ұлттық банкі", "Қазақстанның Ұлттық банкеті өтті.", None),
    ("kk", "Қазақстанның Ұлттық банкі", "Қазақстанға Ұлттық банкі келді.", None),
    ("kk", "Алматы әкімі", "Алматылықтың әкімі.", None),
    ("kk", "ҚР Үкіметі", "ҚРҚ Үкіметі.", None),
    # Kazakh look-alikes that merely share a beginning: no hit.
    ("kk", "банк", "Кеше банкет өтті.", None),
    ("kk", "Алма", "Алматыда жиын өтті.", None),
    ("kk", "Сенат", "Сенатор сөз сөйледі.", None),
    ("kk", "мемлекет", "Мемлекеттік бағдарлама қабылданды.", None),
    ("kk", "жол", "Менің жолдасым келді.", None),
    ("kk", "Үкімет", "Ол үкіметшіл көзқарас ұстанады.", None),
    ("kk", "Ұлттық банк", "Ұлттық банкет ұйымдастырылды.", None),
    ("kk", "заң жобасы", "Заңның жобасы дайын.", None),
    # Russian: every word of a term agrees.
    ("ru", "Национальный банк", "Глава Национального банка заявил.", "Национального банка"),
    ("ru", "Национальный банк", "Письмо Национальному банку.", "Национальному банку"),
    ("ru", "Национальный банк", "Решение принято Национальным банком.", "Национальным банком"),
    ("ru", "Национальный банк", "Совещание в Национальном банке.", "Национальном банке"),
    ("ru", "Правительство", "Заседание Правительства прошло.", "Правительства"),
    ("ru", "Правительство", "Поручение Правительству.", "Правительству"),
    ("ru", "Правительство", "Утверждено Правительством.", "Правительством"),
    ("ru", "Астана", "Форум прошёл в Астане.", "Астане"),
    ("ru", "Астана", "Он гордится Астаной.", "Астаной"),
    ("ru", "Казахстан", "Выборы в Казахстане.", "Казахстане"),
    ("ru", "Президент", "Указ Президента подписан.", "Президента"),
    (
        "ru",
        "Министерство иностранных дел",
        "Заявление Министерства иностранных дел.",
        "Министерства иностранных дел",
    ),
    ("ru", "Республика Казахстан", "Конституция Республики Казахстан.", "Республики Казахстан"),
    ("ru", "обсуждать", "Депутаты обсуждали проект.", "обсуждали"),
    # Russian look-alikes: no hit.
    ("ru", "банк", "Состоялся банкет.", None),
    ("ru", "Сенат", "Сенатор выступил.", None),
    ("ru", "Казахстан", "Казахстанский рынок растёт.", None),
    ("ru", "Национальный банк", "Национальный банкет прошёл.", None),
]
TARGET = {"kk": "en", "ru": "en"}


def _index(lang: str, term: str) -> TermIndex:
    return TermIndex([Concept((Term(lang, term), Term("en", "translation")), "c1")])


def test_the_table_is_large_and_has_negatives() -> None:
    assert len(CASES) >= 40
    assert sum(form is None for *_, form in CASES) >= 10
    assert {lang for lang, *_ in CASES} == {"kk", "ru"}


@pytest.mark.parametrize(("lang", "term", "segment", "form"), CASES)
def test_recognition(lang: str, term: str, segment: str, form: str | None) -> None:
    hits = recognise(_index(lang, term), segment, lang, TARGET[lang])
    if form is None:
        assert hits == ()
        return
    assert len(hits) == 1
    (hit,) = hits
    assert segment[hit.start : hit.end] == form
    assert (hit.source, hit.target, hit.status, hit.concept_id) == (
        term,
        "translation",
        "preferred",
        "c1",
    )


def _concepts() -> list[Concept]:
    return [
        Concept(
            (
                Term("kk", "Ұлттық банк"),
                Term("en", "National Bank"),
                Term("en", "NBK", status="admitted"),
                Term("en", "Central Bank", status="forbidden"),
                Term("ru", "Национальный банк"),
            ),
            "bank",
        ),
        Concept((Term("kk", "банк"), Term("en", "bank")), "plain"),
        Concept((Term("kk-KZ", "Үкімет"), Term("en-GB", "Government")), "gov"),
        Concept((Term("kk", "ҚР"), Term("kk", "Қазақстан Республикасы")), "rk"),
    ]


def test_hits_carry_translations_alternatives_and_forbidden_ones() -> None:
    index = TermIndex(_concepts())
    (hit,) = recognise(index, "Ұлттық банкінің шешімі", "kk", "en")
    assert hit.as_dict() == {
        "source": "Ұлттық банк",
        "target": "National Bank",
        "start": 0,
        "end": 15,
        "status": "preferred",
    }
    assert hit.alternatives == ("NBK",)
    assert hit.forbidden == ("Central Bank",)
    (russian,) = recognise(index, "Ұлттық банкінің шешімі", "kk", "ru")
    assert russian.target == "Национальный банк"


def test_a_term_inside_a_longer_one_is_left_out_unless_nested() -> None:
    index = TermIndex(_concepts())
    segment = "Ұлттық банкінің және банктің өкілдері"
    outer = recognise(index, segment, "kk", "en")
    assert [(hit.source, segment[hit.start : hit.end]) for hit in outer] == [
        ("Ұлттық банк", "Ұлттық банкінің"),
        ("банк", "банктің"),
    ]
    nested = recognise(index, segment, "kk", "en", nested=True)
    assert [hit.source for hit in nested] == ["Ұлттық банк", "банк", "банк"]


def test_languages_match_leniently_and_a_concept_without_translation_says_none() -> None:
    index = TermIndex(_concepts())
    (hit,) = recognise(index, "Үкіметтің қаулысы", "kk", "en")
    assert (hit.source, hit.target) == ("Үкімет", "Government")
    assert len(recognise(index, "Үкіметтің қаулысы", "kk-KZ", "en-GB")) == 1
    assert recognise(index, "Үкіметтің қаулысы", "kk-CN", "en") == ()
    (american,) = recognise(index, "Үкіметтің қаулысы", "kk", "en-US")
    assert american.target is None
    (acronym,) = recognise(index, "ҚР Үкіметі", "kk", "ru", nested=True)[:1]
    assert (acronym.source, acronym.target) == ("ҚР", None)


def test_an_index_is_built_once_per_language_and_holds_the_version() -> None:
    index = TermIndex(_concepts(), version=7)
    assert index.table("kk") is index.table("kk")
    assert index.version == 7
    assert recognise(index, "", "kk", "en") == ()


# (language, term, target text, the forms found)
TARGET_CASES = [
    (
        "ru",
        "Национальный банк",
        "Глава Национального банка и Национальный банк.",
        ["Национального банка", "Национальный банк"],
    ),
    ("ru", "Правительство", "Поручение Правительству РК.", ["Правительству"]),
    ("ru", "Национальный банк", "Национальный банкет.", []),
    (
        "en",
        "Government",
        "The Government's decision and two governments.",
        ["Government's", "governments"],
    ),
    ("en", "National Bank", "The National Bank of Kazakhstan.", ["National Bank"]),
    ("en", "bank", "A banker spoke.", []),
    ("kk", "Ұлттық банк", "Ұлттық банкінің шешімі.", ["Ұлттық банкінің"]),
]


@pytest.mark.parametrize(("lang", "term", "text", "forms"), TARGET_CASES)
def test_find_in_target(lang: str, term: str, text: str, forms: list[str]) -> None:
    spans = find_in_target(term, text, lang)
    assert [text[start:end] for start, end in spans] == forms
