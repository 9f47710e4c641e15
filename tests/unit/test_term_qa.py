"""The term checks of QA (term-translation, forbidden-term) against a termbase of real terms
of the gold pairs (tests/data/gold_terms.tsv)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tests.unit.test_term_extract import gold_units
from tm.formats._fields import Skip
from tm.quality import CHECKS, QAContext, QAWarning, Segment, check_frame, check_pair, pair_warnings
from tm.quality.checks import TERM_CHECKS
from tm.quality.qa import run_checks
from tm.termbase import Concept, Term, TermIndex, read_terms, recognise
from tm.unit import Unit, units_frame

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "gold_terms.tsv"


@cache
def gold_concepts() -> tuple[Concept, ...]:
    with FIXTURE.open("rb") as stream:
        read = list(read_terms(stream, source=str(FIXTURE), format="tsv"))
    assert not [item for item in read if isinstance(item, Skip)]
    return tuple(item for item in read if isinstance(item, Concept))


def gold_index() -> TermIndex:
    return TermIndex(gold_concepts(), version=1)


def term_warnings(warnings: tuple[QAWarning, ...]) -> list[QAWarning]:
    return [warning for warning in warnings if warning.check in TERM_CHECKS]


def test_both_checks_are_in_the_registry() -> None:
    assert set(TERM_CHECKS) <= set(CHECKS)
    assert [CHECKS[name].name for name in TERM_CHECKS] == ["term-translation", "forbidden-term"]


def test_the_fixture_is_a_termbase_of_real_terms_of_the_gold_pairs() -> None:
    concepts = gold_concepts()
    assert 20 <= len(concepts) <= 40
    statuses = {term.status for concept in concepts for term in concept.terms}
    assert statuses == {"preferred", "admitted", "forbidden"}
    index = gold_index()
    found = {
        hit.concept_id
        for unit in gold_units()
        for hit in recognise(index, unit.source, unit.src_lang, unit.tgt_lang)
    }
    # Nearly every entry is used by the gold pairs, so that their agreeing means something.
    assert len(found) >= len(concepts) - 3


def test_no_term_warning_on_any_gold_pair() -> None:
    """The gold pairs of corpora/karis (the demo TM) and corpora/news, kk-en and kk-ru,
    against a termbase that agrees with them: not one term warning."""
    index = gold_index()
    found = [
        (unit.doc_id, unit.tgt_lang, warning.message)
        for unit in gold_units()
        for warning in term_warnings(
            check_pair(unit.source, unit.target, unit.src_lang, unit.tgt_lang, terms=index)
        )
    ]
    assert found == []


def test_no_term_warning_on_the_gold_pairs_as_a_tm_frame() -> None:
    frame = units_frame(gold_units())
    assert term_warnings(check_frame(frame, checks=TERM_CHECKS, terms=gold_index())) == []


# --- each check fires on a gold pair edited to break the termbase ---------------------------


@dataclass(frozen=True)
class Edit:
    """A gold pair (found by its folder, target language and a piece of its source) with
    `old` replaced by `new` in its target, and the warnings expected: (check, side, the text
    the warning points at, words its message must hold)."""

    folder: str
    lang: str
    source_has: str
    old: str
    new: str
    expected: tuple[tuple[str, str, str, tuple[str, ...]], ...]


EDITS = [
    Edit(
        "01-economy-ten-months", "en", "Үкімет отырысында", "Kazakh government", "Kazakh Cabinet",
        (
            ("forbidden-term", "target", "Cabinet", ("'Cabinet'", "'Үкімет'", "use 'Government'")),
            ("term-translation", "source", "Үкімет", ("'Үкімет'", "'Government'")),
        ),
    ),
    Edit(
        "01-economy-ten-months", "ru", "Үкімет отырысында", "Правительства", "Кабинета",
        (
            (
                "forbidden-term", "target", "Кабинета",
                ("'Кабинета' (Кабинет)", "use 'Правительство'"),
            ),
            ("term-translation", "source", "Үкімет", ("'Правительство'",)),
        ),
    ),
    Edit(
        "01-economy-ten-months", "en", "Ұлттық банк төрағасының", "National Bank", "Central Bank",
        (
            ("forbidden-term", "target", "Central Bank", ("'Ұлттық банк'", "use 'National Bank'")),
            ("term-translation", "source", "Ұлттық банк", ("'National Bank'",)),
        ),
    ),
    Edit(
        "01-economy-ten-months", "ru", "Ұлттық банктің халықаралық", "Нацбанка", "Центробанка",
        (
            (
                "forbidden-term", "target", "Центробанка",
                ("(Центробанк)", "use 'Национальный банк'"),
            ),
            (
                "term-translation", "source", "Ұлттық банктің",
                ("'Ұлттық банктің' (Ұлттық банк)", "'Национальный банк' or 'Нацбанк'"),
            ),
        ),
    ),
    Edit(
        "07-tokayev-slovenia-visit", "en", "Қ. Тоқаев Словенияны", "Mr. Tokayev", "Mr. Tokaev",
        (
            ("forbidden-term", "target", "Tokaev", ("'Tokaev'", "'Тоқаев'", "use 'Tokayev'")),
            ("term-translation", "source", "Тоқаев", ("'Tokayev'",)),
        ),
    ),
    Edit(
        "07-tokayev-slovenia-visit", "en", "Орталық Азиядағы", "Central Asia", "Middle Asia",
        (
            ("forbidden-term", "target", "Middle Asia", ("use 'Central Asia'",)),
            (
                "term-translation", "source", "Орталық Азиядағы",
                ("(Орталық Азия)", "'Central Asia'"),
            ),
        ),
    ),
    # Only the preferred translation gone, nothing forbidden in its place.
    Edit(
        "01-economy-ten-months", "en", "Отырысты Премьер-министр",
        "Prime Minister", "head of government",
        (("term-translation", "source", "Премьер-министр", ("'Prime Minister'",)),),
    ),
    # A forbidden term whose entry's source term is not in the segment.
    Edit(
        "karis", "ru", "Kazinform агенттігіне", "Kazinform", "Казинформ",
        (
            ("forbidden-term", "target", "Казинформ", ("'Казинформ'", "use 'Kazinform'")),
            ("term-translation", "source", "Kazinform", ("'Kazinform'",)),
        ),
    ),
]  # fmt: skip


def edited(edit: Edit) -> Unit:
    (unit,) = [
        unit
        for unit in gold_units()
        if unit.doc_id == edit.folder
        and unit.tgt_lang == edit.lang
        and edit.source_has in unit.source
    ]
    assert edit.old in unit.target
    return Unit(unit.src_lang, unit.tgt_lang, unit.source, unit.target.replace(edit.old, edit.new))


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: f"{edit.lang}:{edit.new}")
def test_a_check_fires_on_a_gold_pair_edited_to_break_the_termbase(edit: Edit) -> None:
    unit = edited(edit)
    warnings = term_warnings(
        check_pair(unit.source, unit.target, unit.src_lang, unit.tgt_lang, terms=gold_index())
    )
    assert len(warnings) == len(edit.expected)
    for warning, (check, side, pointed, words) in zip(warnings, edit.expected, strict=True):
        assert (warning.check, warning.side) == (check, side)
        text = unit.source if side == "source" else unit.target
        assert text[warning.start : warning.end] == pointed
        for word in words:
            assert word in warning.message
        assert warning.severity == ("error" if check == "forbidden-term" else "warning")


def test_the_gold_pair_itself_is_clean() -> None:
    for edit in EDITS:
        (unit,) = [
            unit
            for unit in gold_units()
            if unit.doc_id == edit.folder
            and unit.tgt_lang == edit.lang
            and edit.source_has in unit.source
        ]
        warnings = check_pair(
            unit.source, unit.target, unit.src_lang, unit.tgt_lang, terms=gold_index()
        )
        assert term_warnings(warnings) == []


# --- what the checks leave alone --------------------------------------------------------------

GOVERNMENT = Concept(
    (
        Term("kk", "Үкімет"),
        Term("en", "Government"),
        Term("en", "Cabinet", status="forbidden"),
    ),
    "government",
)
MINISTERS = Concept(
    (Term("kk", "Министрлер кабинеті"), Term("en", "Cabinet of Ministers")), "ministers"
)
CABINET = Concept((Term("kk", "кабинет"), Term("en", "Cabinet")), "cabinet")
TENGIZ = Concept((Term("kk", "Теңіз"), Term("en", "Tengiz")), "tengiz")
ASTANA = Concept((Term("kk", "Астана"), Term("en", "Astana")), "astana")
DISTRICT = Concept((Term("kk", "Байқоңыр"), Term("en", "Baikonyr district")), "district")
COSMODROME = Concept((Term("kk", "Байқоңыр"), Term("en", "Baikonur")), "cosmodrome")


@pytest.mark.parametrize(
    ("concepts", "source", "target", "expected"),
    [
        # A name's term is not its common-noun look-alike: теңіз (sea), a capital (астана).
        ([TENGIZ], "Ел теңізге шыға алмайды.", "The country is landlocked.", []),
        ([ASTANA], "Сербия астанасында жарыс өтті.", "The event was held in Belgrade.", []),
        ([TENGIZ], "Теңіз кен орнында жұмыс басталды.", "Work began at the field.",
         ["term-translation"]),
        # A forbidden word inside a longer term the target may use.
        ([GOVERNMENT, MINISTERS], "Министрлер кабинеті жиналды.",
         "The Cabinet of Ministers met.", []),
        # The same words forbidden for one entry and the translation of another term of the source.
        ([GOVERNMENT, CABINET], "Оның кабинеті жөнделді.", "His Cabinet was repaired.", []),
        ([GOVERNMENT], "Оның кабинеті жөнделді.", "His Cabinet was repaired.", ["forbidden-term"]),
        # A forbidden term in lower case, where the termbase writes a name: another word.
        ([GOVERNMENT], "Оның кабинеті жөнделді.", "His cabinet was repaired.", []),
        # Two entries share a term (homonyms): a translation of either will do.
        ([DISTRICT, COSMODROME], "Байқоңыр ауданында мектеп ашылды.",
         "A school opened in the Baikonyr district.", []),
        ([DISTRICT, COSMODROME], "Байқоңырдан зымыран ұшырылды.",
         "A rocket was launched from Baikonur.", []),
        ([DISTRICT, COSMODROME], "Байқоңырдан зымыран ұшырылды.", "A rocket was launched.",
         ["term-translation"]),
        # A term without a translation into the target language is not checked.
        ([Concept((Term("kk", "Мәжіліс"), Term("ru", "Мажилис")))], "Мәжіліс жиналды.",
         "They met.", []),
    ],
)  # fmt: skip
def test_what_the_checks_leave_alone_and_what_they_do_not(
    concepts: list[Concept], source: str, target: str, expected: list[str]
) -> None:
    index = TermIndex(concepts, version=1)
    warnings = term_warnings(check_pair(source, target, "kk", "en", terms=index))
    assert [warning.check for warning in warnings] == expected


def test_homonyms_are_named_together_when_neither_is_used() -> None:
    index = TermIndex([DISTRICT, COSMODROME], version=1)
    (warning,) = term_warnings(
        check_pair(
            "Байқоңырдан зымыран ұшырылды.", "A rocket was launched.", "kk", "en", terms=index
        )
    )
    assert "'Baikonyr district' or 'Baikonur'" in warning.message
    assert (warning.side, warning.start, warning.end) == ("source", 0, 11)


def test_without_a_termbase_the_term_checks_say_nothing_and_cost_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def recognise_never(*args: object, **kwargs: object) -> None:
        raise AssertionError("recognition ran without a termbase")

    monkeypatch.setattr("tm.termbase.recognition.recognise", recognise_never)
    segment = Segment(1, "Үкімет отырысы өтті.", "The Cabinet met.")
    assert run_checks([segment], QAContext("kk", "en"), checks=TERM_CHECKS) == ()
    assert term_warnings(check_pair(segment.source, segment.target, "kk", "en")) == []
    assert QAContext.of("kk-KZ", "en").terms is None


def test_pair_warnings_are_remembered_per_termbase_version() -> None:
    source, target = "Үкімет отырысы өтті.", "The Cabinet met."
    older = TermIndex([GOVERNMENT], version=1)
    newer = TermIndex(
        [Concept((Term("kk", "Үкімет"), Term("en", "Cabinet")), "government")], version=2
    )
    plain = pair_warnings(source, target, "kk", "en")
    assert term_warnings(plain) == []
    with_older = pair_warnings(source, target, "kk", "en", terms=older)
    assert [w.check for w in term_warnings(with_older)] == ["forbidden-term", "term-translation"]
    # A new version of the termbase (a new index) is not answered from the older one's cache.
    assert term_warnings(pair_warnings(source, target, "kk", "en", terms=newer)) == []
    # The same index again: the same answer, remembered.
    assert pair_warnings(source, target, "kk", "en", terms=older) is with_older
    # The checks without a termbase keep their place, worst first.
    assert [w for w in with_older if w.check not in TERM_CHECKS] == list(plain)
    ranks = [warning.severity.rank for warning in with_older]
    assert ranks == sorted(ranks)


def test_check_frame_and_run_checks_take_the_termbase_through_the_context() -> None:
    units = [Unit("kk", "en", "Үкімет отырысы өтті.", "The Cabinet met.", status="approved")]
    frame = units_frame(units)
    found = check_frame(frame, terms=TermIndex([GOVERNMENT], version=1))
    assert {w.check for w in term_warnings(found)} == {"forbidden-term", "term-translation"}
    assert {w.key for w in found} == set(frame["unit_id"])
    assert term_warnings(check_frame(frame)) == []
