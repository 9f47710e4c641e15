"""Held-out evaluation of term recognition (issue 17): recall, precision and the failures.

    .venv/bin/python bench/term_recognition.py                 # the tune half
    .venv/bin/python bench/term_recognition.py --half report   # the half kept for reporting
    .venv/bin/python bench/term_recognition.py --half all

The cases are tests/data/termbase/recognition_heldout.tsv (lang, term, text, expected,
found_form, note), written from Kazakh and Russian grammar apart from the unit tests' table.
A Kazakh case runs the term through `recognise` (a one-concept termbase, kk -> en); a Russian
one through `find_in_target`, as QA looks for a translation on the target side.

A case falls in the tune or the report half by a hash of (lang, term, text), so the halves
stay the same whatever order or number of cases the file has. Fixes are made looking at the
tune half only; the report half says how far they carry.

Scoring: a `found` case is a hit when one of the spans is exactly `found_form` where the
text holds it; every other span is a false hit (`wrong span` when the expected one is not
among them). In an `absent` case every span is a false hit. Recall is hits over found cases,
precision hits over hits plus false hits.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.termbase import Concept, Term, TermIndex, find_in_target, recognise  # noqa: E402

CASES_FILE = ROOT / "tests" / "data" / "termbase" / "recognition_heldout.tsv"
COLUMNS = ("lang", "term", "text", "expected", "found_form", "note")
HALVES = ("tune", "report")


@dataclass(frozen=True)
class Case:
    lang: str
    term: str
    text: str
    expected: str  # "found" or "absent"
    found_form: str
    note: str

    @property
    def half(self) -> str:
        digest = hashlib.sha256(f"{self.lang}\t{self.term}\t{self.text}".encode()).digest()
        return HALVES[digest[0] % 2]

    @property
    def wanted_span(self) -> tuple[int, int] | None:
        if self.expected != "found":
            return None
        start = self.text.find(self.found_form)
        return start, start + len(self.found_form)


@dataclass(frozen=True)
class Judged:
    case: Case
    spans: tuple[tuple[int, int], ...]
    hit: bool
    false_hits: int

    @property
    def reason(self) -> str | None:
        """Why the case failed: "missed", "wrong span", "false hit"; None when it did not."""
        if self.case.expected == "found":
            if self.hit:
                return "false hit" if self.false_hits else None
            return "wrong span" if self.spans else "missed"
        return "false hit" if self.spans else None


@dataclass(frozen=True)
class Score:
    cases: int
    found_cases: int
    hits: int
    false_hits: int
    failures: tuple[Judged, ...]

    @property
    def recall(self) -> float:
        return self.hits / self.found_cases if self.found_cases else 1.0

    @property
    def precision(self) -> float:
        return self.hits / (self.hits + self.false_hits) if self.hits + self.false_hits else 1.0


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if tuple(lines[0].split("\t")) != COLUMNS:
        raise ValueError(f"{path}: the header must be {' '.join(COLUMNS)}")
    cases = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise ValueError(f"{path}:{number}: {len(fields)} fields, not {len(COLUMNS)}")
        case = Case(*fields)
        if case.expected not in ("found", "absent"):
            raise ValueError(f"{path}:{number}: expected is found or absent")
        if case.expected == "found" and case.found_form not in case.text:
            raise ValueError(f"{path}:{number}: found_form is not in the text")
        cases.append(case)
    return cases


def spans_of(case: Case) -> tuple[tuple[int, int], ...]:
    """Where recognition finds the case's term in its text."""
    if case.lang == "ru":
        return find_in_target(case.term, case.text, "ru")
    index = TermIndex([Concept((Term(case.lang, case.term), Term("en", "translation")), "c")])
    return tuple((hit.start, hit.end) for hit in recognise(index, case.text, case.lang, "en"))


def judge(case: Case) -> Judged:
    spans = spans_of(case)
    wanted = case.wanted_span
    hit = wanted in spans
    return Judged(case, spans, hit, len(spans) - (1 if hit else 0))


def score(cases: Iterable[Case]) -> Score:
    judged = [judge(case) for case in cases]
    return Score(
        cases=len(judged),
        found_cases=sum(one.case.expected == "found" for one in judged),
        hits=sum(one.hit for one in judged),
        false_hits=sum(one.false_hits for one in judged),
        failures=tuple(one for one in judged if one.reason is not None),
    )


def describe(failure: Judged) -> str:
    case = failure.case
    found = ", ".join(repr(case.text[start:end]) for start, end in failure.spans) or "nothing"
    wanted = repr(case.found_form) if case.expected == "found" else "nothing"
    return (
        f"{failure.reason:10}  {case.lang} {case.term!r} in {case.text!r}: "
        f"wanted {wanted}, found {found}  ({case.note})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=(*HALVES, "all"), default="tune")
    parser.add_argument("--cases", type=Path, default=CASES_FILE)
    args = parser.parse_args(argv)
    cases = [case for case in load_cases(args.cases) if args.half in ("all", case.half)]
    result = score(cases)
    print(
        f"{args.half}: {result.cases} cases ({result.found_cases} found, "
        f"{result.cases - result.found_cases} absent)  recall {result.recall:.3f} "
        f"({result.hits}/{result.found_cases})  precision {result.precision:.3f} "
        f"({result.hits}/{result.hits + result.false_hits})"
    )
    for failure in result.failures:
        print("  " + describe(failure))
    return 0


if __name__ == "__main__":
    sys.exit(main())
