"""Concordance of verbs, and of derived words on request.

A Kazakh verb is looked up in its dictionary form (-у, -ю) and found in its finite and
non-finite forms and its passive, never in words that merely begin like its stem; derived
words (мемлекеттік, жеткізу) are found only with `derived=True`. The sentences are invented
for the test.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tm.fuzzy import concordance, find_term
from tm.fuzzy.concordance import _patterns, _prefilters
from tm.store import TranslationMemory, Unit

VERBS = [
    # The -а/-е/-й alternation of the stem, tense, aspect, person, negation and passive.
    (
        "талқылау",
        "kk",
        "Депутаттар жобаны талқылады, ертең талқылайды, талқылап болды, талқылаған мәселе, "
        "заң талқыланды, талқылауға шақырды, талқыламады, талқылаудың барысы, талқыға салды.",
        [
            "талқылады",
            "талқылайды",
            "талқылап",
            "талқылаған",
            "талқыланды",
            "талқылауға",
            "талқыламады",
            "талқылаудың",
        ],
        ["талқыға", "талқылаушы"],
    ),
    # The unwritten ы of оқы- (оқыды) and ы + й written и (оқиды).
    (
        "оқу",
        "kk",
        "Ол кітап оқиды, кеше оқыды, оқып шықты, оқымаған, оқу жылы; оқушы келді, оқиға "
        "болды, уақыт жоқ.",
        ["оқиды", "оқыды", "оқып", "оқымаған", "оқу"],
        ["оқушы", "оқиға", "жоқ"],
    ),
    (
        "келу",
        "kk",
        "Ол келді, келеді, келген, келмейді, келсе, келуге асықты, келгендіктен; келесі жыл, "
        "келісім, келіссөз.",
        ["келді", "келеді", "келген", "келмейді", "келсе", "келуге", "келгендіктен"],
        ["келесі", "келісім", "келіссөз", "кел"],
    ),
    # A bare stem is an imperative: алу does not find the conjunction ал; л takes -ын.
    (
        "алу",
        "kk",
        "Ол алды, алады, алған, алып, алмады, алынды, аламыз; Алматы, алдағы, ал, алдымен.",
        ["алды", "алады", "алған", "алып", "алмады", "алынды", "аламыз"],
        ["Алматы", "алдағы", "ал", "алдымен"],
    ),
    # -ю is й + у; й + а is written я.
    (
        "қою",
        "kk",
        "Қол қойды, қояды, қойған, қойылды, қоюға келісті, бір қой, қоян.",
        ["қойды", "қояды", "қойған", "қойылды", "қоюға"],
        ["қой", "қоян"],
    ),
    (
        "беру",
        "kk",
        "Ол берді, береді, беретін, берілді, беруі керек; содан бері, берік.",
        ["берді", "береді", "беретін", "берілді", "беруі"],
        ["бері", "берік"],
    ),
    # The passive: -л after a vowel, -н when л is among the stem's last consonants.
    (
        "жасау",
        "kk",
        "Жоспар жасады, жасайды, жасалды, жасалған, жасамады; жас бала, жасанды интеллект.",
        ["жасады", "жасайды", "жасалды", "жасалған", "жасамады"],
        ["жас", "жасанды"],
    ),
    (
        "қабылдау",
        "kk",
        "Заң қабылданды, Президент қабылдады.",
        ["қабылданды", "қабылдады"],
        ["қабылдалды"],
    ),
    # The short present of the verbs of position.
    (
        "жату",
        "kk",
        "Жұмыс жүріп жатыр, біз жатырмыз, жатқан жоқ, жатпайтын тауар.",
        ["жатыр", "жатырмыз", "жатқан", "жатпайтын"],
        ["жат"],
    ),
    # A noun in -у that is no verb's dictionary form.
    (
        "тау",
        "kk",
        "Тауда, таулар, тауға; тап болды, таған.",
        ["Тауда", "таулар", "тауға"],
        ["тап", "таған"],
    ),
    # A final voiced consonant of the stem is devoiced before a voiceless one.
    ("шығу", "kk", "Ол шықты, шыққан, шығады.", ["шықты", "шыққан", "шығады"], ["шығарма"]),
    # Russian: the forms of the infinitive's stems, reflexive included.
    (
        "обсуждать",
        "ru",
        "Стороны обсуждали вопрос, обсуждают его, вопросы обсуждались; обсуждаемый проект, "
        "обсуждение.",
        ["обсуждали", "обсуждают", "обсуждались", "обсуждаемый"],
        ["обсуждение"],
    ),
    (
        "направить",
        "ru",
        "Он направил письмо, часть направлена на школы, направлю завтра; направление.",
        ["направил", "направлена", "направлю"],
        ["направление"],
    ),
    (
        "говорить",
        "ru",
        "Говорят, он говорил; говорится в тексте.",
        ["Говорят", "говорил", "говорится"],
        [],
    ),
]


@pytest.mark.parametrize(("term", "lang", "text", "found", "not_found"), VERBS)
def test_verbs_are_found_in_their_forms_and_look_alikes_are_not(
    term: str, lang: str, text: str, found: list[str], not_found: list[str]
) -> None:
    assert [text[start:end] for start, end in find_term(text, term, lang)] == found
    for other in not_found:
        assert find_term(other, term, lang) == [], other


DERIVED = [
    # term, word, found by default, found with derived=True
    ("мемлекет", "мемлекеттік", False, True),
    ("мемлекет", "мемлекеттігін", False, True),  # the voiced к of -тік before a vowel
    ("мемлекет", "мемлекеттер", True, True),
    ("спорт", "спортшы", False, True),
    ("Қазақстан", "Қазақстандық", False, True),
    ("жоспар", "жоспарланған", False, True),  # noun -> verb -> passive participle
    ("жету", "жеткізді", False, True),  # causative
    ("жету", "жетті", True, True),
    ("хабарлау", "хабарласу", False, True),  # reciprocal
    ("ұсыну", "ұсыныс", False, True),
    ("ұсыну", "ұсынылды", True, True),  # the passive is the same term
    ("қатысу", "қатысушылар", False, True),
    ("орта", "орташа", False, True),  # -ша on a bare noun makes an adverb
    ("мәлімет", "мәліметінше", True, True),  # after a possessive it is the equative
    ("халық", "халықаралық", False, False),  # a compound, not a suffix
    ("банк", "банкет", False, False),
    ("Алматы", "алдық", False, False),
    ("обсуждать", "обсуждения", False, True),
    ("развивать", "развитие", False, True),
    ("делать", "сделал", False, False),
]


@pytest.mark.parametrize(("term", "word", "by_default", "derived"), DERIVED)
def test_derived_words_are_found_only_on_request(
    term: str, word: str, by_default: bool, derived: bool
) -> None:
    lang = "ru" if term in {"обсуждать", "развивать", "делать"} else "kk"
    assert bool(find_term(word, term, lang)) is by_default
    assert bool(find_term(word, term, lang, derived=True)) is derived


SENTENCES = [
    "Депутаттар ЗАҢ ЖОБАСЫН талқылады, Үкімет талқыланған жобаны қабылдады.",
    "2024жылы оқиды, оқушылар оқиға туралы оқыды; уақыт жоқ.",
    "Мемлекеттік қызмет, мемлекеттігін сақтады, Мемлекет басшысы қол қойды.",
    "COVID-19-ға қарсы, COVID-19ға қарсы, Алматыда жиын, алдағы апта, ал ол алды.",
    "Стороны ОБСУЖДАЛИ вопрос, обсуждение продолжилось; the country’s banks.",
    "Қоян қойды, қояды, бір қой.",
]
TERMS = [
    ("талқылау", "kk"),
    ("заң жобасы", "kk"),
    ("оқу", "kk"),
    ("жыл", "kk"),
    ("2024 жылы", "kk"),
    ("мемлекет", "kk"),
    ("COVID-19", "kk"),
    ("алу", "kk"),
    ("Алматы", "kk"),
    ("қою", "kk"),
    ("обсуждать", "ru"),
    ("country", "en"),
]


@pytest.mark.parametrize(("term", "lang"), TERMS)
@pytest.mark.parametrize("derived", [False, True])
def test_the_first_passes_keep_every_segment_with_a_hit(
    term: str, lang: str, derived: bool
) -> None:
    texts = pl.Series(SENTENCES)
    kept = pl.Series([True] * len(SENTENCES))
    for pattern in [
        *_prefilters(term, lang, exact=False, derived=derived),
        *_patterns(term, lang, exact=False, derived=derived),
    ]:
        kept &= texts.str.contains(pattern)
    with_hits = [bool(find_term(text, term, lang, derived=derived)) for text in SENTENCES]
    assert all(k for k, hit in zip(kept, with_hits, strict=True) if hit)


def test_the_patterns_drop_segments_where_the_stem_is_only_inside_a_word() -> None:
    texts = pl.Series(["Уақыт жоқ.", "Оқиға болды.", "Ол оқиды."])
    kept = texts
    for pattern in _patterns("оқу", "kk", exact=False, derived=False):
        kept = kept.filter(kept.str.contains(pattern))
    assert kept.to_list() == ["Ол оқиды."]


def test_the_tm_concordance_finds_verbs_and_derived_words_on_request(tmp_path: Path) -> None:
    memory = TranslationMemory.create(
        tmp_path / "tm",
        [
            Unit("kk", "en", "Мәжіліс бюджетті талқылады.", "The Mazhilis discussed the budget."),
            Unit("kk", "en", "Жоба талқыланды.", "The draft was discussed."),
            Unit("kk", "en", "Талқыға салынды.", "It was put up for discussion."),
            Unit("kk", "en", "Мемлекеттік бағдарлама.", "A state programme."),
            Unit("kk", "en", "Мемлекет басшысы келді.", "The Head of State arrived."),
        ],
        user="test",
    )
    found = concordance(memory, "талқылау", "kk", side="source")
    assert sorted(hit.hit for hit in found) == ["талқылады", "талқыланды"]
    assert [hit.hit for hit in concordance(memory, "мемлекет", "kk")] == ["Мемлекет"]
    derived = concordance(memory, "мемлекет", "kk", derived=True)
    assert sorted(hit.hit for hit in derived) == ["Мемлекет", "Мемлекеттік"]
