"""Term recognition against the held-out table (tests/data/termbase/recognition_heldout.tsv).

The table was written from Kazakh and Russian grammar apart from the tuned cases of
test_termbase_recognition.py; bench/term_recognition.py scores it (Kazakh cases through
`recognise`, Russian ones through `find_in_target`) and prints the failures. Here the whole
table must keep recall and precision above floors a little below what recognition reaches,
and no case may fail that is not one of the known failures below: a regression fails.

The seven failures of the report half (a possessive compound head in the plural:
министрлігі -> министрліктері; Russian е for ё and ё for е: Вооружённые силы -> Вооруженных
силах, объём -> объема) were fixed after its figures were taken (the voiceless stem of a
possessive head, ё compared as е), so the whole table now passes and is no longer held-out
evidence for those two rules; a new table is needed for that.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "term_recognition.py"

RECALL_FLOOR = 0.99
PRECISION_FLOOR = 0.99
# (lang, term, text) of the cases recognition is known to get wrong (none now).
KNOWN_FAILURES: set[tuple[str, str, str]] = set()


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("term_recognition_bench", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_table_covers_both_languages_negatives_and_both_halves(bench: ModuleType) -> None:
    cases = bench.load_cases()
    assert len(cases) >= 160
    assert {case.lang for case in cases} == {"kk", "ru"}
    assert sum(case.expected == "absent" for case in cases) >= 40
    assert {case.half for case in cases} == {"tune", "report"}
    assert len({(case.lang, case.term, case.text) for case in cases}) == len(cases)


def test_recall_and_precision_stay_above_their_floors(bench: ModuleType) -> None:
    result = bench.score(bench.load_cases())
    failures = "\n".join(bench.describe(failure) for failure in result.failures)
    assert result.recall >= RECALL_FLOOR, failures
    assert result.precision >= PRECISION_FLOOR, failures


def test_no_case_fails_but_the_known_ones(bench: ModuleType) -> None:
    result = bench.score(bench.load_cases())
    new = [
        bench.describe(failure)
        for failure in result.failures
        if (failure.case.lang, failure.case.term, failure.case.text) not in KNOWN_FAILURES
    ]
    assert not new, "\n".join(new)


def test_a_miss_a_wrong_span_and_a_false_hit_are_told_apart(bench: ModuleType) -> None:
    wrong = bench.judge(
        bench.Case("kk", "Ұлттық банк", "Ұлттық банкінің шешімі.", "found", "банкінің", "")
    )
    assert (wrong.reason, wrong.hit, wrong.false_hits) == ("wrong span", False, 1)
    missed = bench.judge(bench.Case("kk", "Сенат", "Мәжіліс жиналды.", "found", "Мәжіліс", ""))
    assert (missed.reason, missed.spans) == ("missed", ())
    false = bench.judge(bench.Case("kk", "банк", "Банктің өкілі.", "absent", "", ""))
    assert (false.reason, false.false_hits) == ("false hit", 1)
    right = bench.judge(bench.Case("ru", "банк", "Кредит банка.", "found", "банка", ""))
    assert (right.reason, right.hit) == (None, True)
