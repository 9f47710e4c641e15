"""Fragment matches: runs of three or more words of a segment that TM units hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.fuzzy import Fragment, FuzzyIndex, fragments, lookup
from tm.fuzzy.fragments import common_runs
from tm.store import TranslationMemory, Unit

LONG = (
    "Президент Қасым-Жомарт Тоқаев Ақордада Германия канцлерін қабылдап, екі ел "
    "арасындағы сауда-экономикалық ынтымақтастықты талқылады."
)
LONG_EN = (
    "President Kassym-Jomart Tokayev received the German Chancellor at Akorda and "
    "discussed trade and economic cooperation between the two countries."
)
UNITS = [
    ("kk", "en", LONG, LONG_EN),
    ("kk", "en", "Германия канцлері Олаф Шольц", "German Chancellor Olaf Scholz"),
    ("kk", "en", "Еуразиялық экономикалық одақ", "the Eurasian Economic Union"),
    ("kk", "en", "Астанада халықаралық форум өтті.", "An international forum was held in Astana."),
    ("kk", "en", "2024 жылғы 15 наурыз", "15 March 2024"),
    ("kk", "ru", "Еуразиялық экономикалық одақ", "Евразийский экономический союз"),
    ("en", "kk", "the Eurasian Economic Union", "Еуразиялық экономикалық одақ"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> FuzzyIndex:
    memory = TranslationMemory.create(
        tmp_path_factory.mktemp("tm") / "tm",
        [Unit(src, tgt, source, target) for src, tgt, source, target in UNITS],
        user="test",
    )
    return FuzzyIndex.open(memory, persist=False)


def offered(found: list[Fragment]) -> list[tuple[str, str, bool]]:
    return [(f.source_span, f.target, f.whole_unit) for f in found]


@pytest.mark.parametrize(
    ("query", "langs", "expected"),
    [
        # The unit is the fragment: its target translates it, whatever the suffixes.
        (
            "Кеше Германия канцлері Олаф Шольцпен кездесу өтті.",
            ("kk", "en"),
            [("Германия канцлері Олаф Шольцпен", "German Chancellor Olaf Scholz", True)],
        ),
        (
            "Ол Еуразиялық экономикалық одаққа мүше елдердің саммитіне қатысты.",
            ("kk", "en"),
            [("Еуразиялық экономикалық одаққа", "the Eurasian Economic Union", True)],
        ),
        (
            "Еуразиялық экономикалық одақтың саммиті Минскіде өтеді.",
            ("kk", "ru"),
            [("Еуразиялық экономикалық одақтың", "Евразийский экономический союз", True)],
        ),
        (
            "Leaders of the Eurasian Economic Union met in Minsk on Friday.",
            ("en", "kk"),
            [("the Eurasian Economic Union", "Еуразиялық экономикалық одақ", True)],
        ),
        # The fragment is the main clause of a longer TM sentence: the whole sentence's
        # translation, marked as such.
        (
            "Тоқаев Ақордада Германия канцлерін қабылдады.",
            ("kk", "en"),
            [("Тоқаев Ақордада Германия канцлерін қабылдады", LONG_EN, False)],
        ),
        # Two fragments, in the order they stand in the segment.
        (
            "Германия канцлері Олаф Шольц Еуразиялық экономикалық одақ туралы айтты.",
            ("kk", "en"),
            [
                ("Германия канцлері Олаф Шольц", "German Chancellor Olaf Scholz", True),
                ("Еуразиялық экономикалық одақ", "the Eurasian Economic Union", True),
            ],
        ),
        # A fragment's numbers go into the unit's translation.
        (
            "Шешім 2025 жылғы 20 наурыз күні қабылданды.",
            ("kk", "en"),
            [("2025 жылғы 20 наурыз", "20 March 2025", True)],
        ),
        # Two words in common are no fragment; nor is anything in another language pair.
        ("Германия канцлері келді.", ("kk", "en"), []),
        ("Евразийский экономический союз расширяется.", ("ru", "en"), []),
    ],
)
def test_fragments_and_the_translation_offered(
    index: FuzzyIndex, query: str, langs: tuple[str, str], expected: list[tuple[str, str, bool]]
) -> None:
    found = fragments(index, query, *langs)
    assert offered(found) == expected
    for fragment in found:
        assert query[fragment.start : fragment.end] == fragment.source_span
        assert fragment.tm_source[fragment.tm_start : fragment.tm_end]
        assert fragment.words >= 3


def test_no_fragments_when_a_whole_segment_match_of_70_exists(index: FuzzyIndex) -> None:
    query = "Астанада халықаралық экономикалық форум өтті."
    assert lookup(index.memory, query, "kk", "en", min_score=70)
    assert fragments(index, query, "kk", "en") == []
    # Asked to look past the match, the unit is a fragment of the segment (suffixes aside).
    found = fragments(index, "Астанада халықаралық форумы өтті.", "kk", "en", whole_match=101)
    assert offered(found) == [
        ("Астанада халықаралық форумы өтті", "An international forum was held in Astana.", True)
    ]


def test_fragments_accept_a_memory_and_honour_min_words_and_top(index: FuzzyIndex) -> None:
    query = "Германия канцлері Олаф Шольц Еуразиялық экономикалық одақ туралы айтты."
    assert len(fragments(index.memory, query, "kk", "en")) == 2
    assert len(fragments(index, query, "kk", "en", top=1)) == 1
    assert fragments(index, query, "kk", "en", min_words=5) == []


def test_a_fragment_inside_a_longer_one_is_offered_only_when_it_is_a_whole_unit(
    tmp_path: Path,
) -> None:
    memory = TranslationMemory.create(
        tmp_path / "tm",
        [
            Unit("kk", "en", "жаңа заң жобасы", "a new bill"),
            Unit("kk", "en", "Үкімет жаңа заң жобасын талқылап, оны мақұлдады.", "Approved."),
            Unit("kk", "en", "Үкімет жаңа заң жобасын ұсынды, депутаттар келісті.", "Agreed."),
        ],
        user="test",
    )
    found = fragments(memory, "Кеше Үкімет жаңа заң жобасын жариялады.", "kk", "en")
    assert [(f.source_span, f.whole_unit) for f in found] == [
        ("Үкімет жаңа заң жобасын", False),
        ("жаңа заң жобасын", True),
    ]
    assert found[0].target in {"Approved.", "Agreed."}


@pytest.mark.parametrize(
    ("query", "row", "min_words", "expected"),
    [
        ("abcdef", "xxcdeyy", 3, [(2, 2, 3)]),
        ("abcdef", "abcdef", 3, [(0, 0, 6)]),
        ("abcdef", "defabc", 3, [(3, 0, 3), (0, 3, 3)]),
        ("abcdef", "abxdef", 3, [(3, 3, 3)]),
        ("abcab", "abcab", 2, [(0, 0, 5), (3, 0, 2), (0, 3, 2)]),
        ("ab", "ab", 3, []),
    ],
)
def test_common_runs_are_maximal(
    query: str, row: str, min_words: int, expected: list[tuple[int, int, int]]
) -> None:
    assert common_runs(query, row, min_words) == expected
