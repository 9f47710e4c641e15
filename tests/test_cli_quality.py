"""`python -m tm qa` and `python -m tm score` on real files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tm.cli import main

SOURCE = [
    "Шамамен 50 миллион еуро.",
    "Қазақстанға қош келдіңіз!",
    "Бұл өте маңызды мәселе.",
    "Рахмет.",
]
TARGET = [
    "About €15 million.",
    "Welcome to Kazakhstan!",
    "Бұл өте маңызды мәселе.",
    "Thank  you.",
]


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def call(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_qa_prints_one_json_object_per_warning(tmp_path: Path) -> None:
    src, tgt = write(tmp_path, "src.kk", SOURCE), write(tmp_path, "tgt.en", TARGET)
    code, out, _ = call("qa", "--src-lang", "kk", "--tgt-lang", "en", src, tgt, "--format", "json")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert {"line", "check", "severity", "message"} <= set(records[0])
    found = {(r["line"], r["check"], r["severity"]) for r in records}
    assert (1, "numbers", "error") in found
    assert (3, "untranslated", "error") in found
    assert (4, "double-spaces", "warning") in found
    assert not any(r["line"] == 2 for r in records)
    assert [r["line"] for r in records] == sorted(r["line"] for r in records)


def test_qa_text_output_and_a_chosen_check(tmp_path: Path) -> None:
    src, tgt = write(tmp_path, "src.kk", SOURCE), write(tmp_path, "tgt.ru", TARGET)
    code, out, _ = call(
        "qa", "--src-lang", "kk", "--tgt-lang", "ru", src, tgt, "--check", "numbers"
    )
    assert code == 0
    assert out.splitlines() == [out.splitlines()[0]]
    assert out.startswith("1: error numbers: ")


def test_qa_refuses_files_of_different_lengths(tmp_path: Path) -> None:
    src, tgt = write(tmp_path, "src.kk", SOURCE), write(tmp_path, "tgt.en", TARGET[:2])
    code, out, err = call("qa", "--src-lang", "kk", "--tgt-lang", "en", src, tgt)
    assert code == 1
    assert out == ""
    assert str(tgt) in err
    assert "2 lines" in err


def test_qa_refuses_a_malformed_language_tag(tmp_path: Path) -> None:
    src, tgt = write(tmp_path, "src.kk", SOURCE), write(tmp_path, "tgt.en", TARGET)
    code, _, err = call("qa", "--src-lang", "kk", "--tgt-lang", "e n", src, tgt)
    assert code == 1
    assert "'e n' is not a language tag" in err


@pytest.mark.parametrize(
    ("metric", "printed"),
    [("chrf", "chrF2 = "), ("chrf++", "chrF2++ = "), ("bleu", "BLEU = "), ("ter", "TER = ")],
)
def test_score_prints_the_score_and_its_signature(
    tmp_path: Path, metric: str, printed: str
) -> None:
    hyp, ref = write(tmp_path, "hyp", TARGET), write(tmp_path, "ref", TARGET)
    code, out, _ = call("score", "--hyp", hyp, "--ref", ref, "--metric", metric)
    assert code == 0
    assert out.startswith(printed)
    assert "version:" in out
    assert "nrefs:1" in out


def test_score_json_with_sentences_and_two_references(tmp_path: Path) -> None:
    hyp = write(tmp_path, "hyp", TARGET)
    ref = write(tmp_path, "ref", ["About €50 million.", *TARGET[1:]])
    code, out, _ = call(
        "score", "--hyp", hyp, "--ref", ref, "--ref", hyp, "--sentences", "--format", "json"
    )
    assert code == 0
    record = json.loads(out)
    assert record["metric"] == "chrf"
    assert record["score"] == pytest.approx(100.0)
    assert "nrefs:2" in record["signature"]
    assert len(record["sentences"]) == len(TARGET)


def test_score_refuses_a_reference_of_another_length(tmp_path: Path) -> None:
    hyp, ref = write(tmp_path, "hyp", TARGET), write(tmp_path, "ref", TARGET[:1])
    code, _, err = call("score", "--hyp", hyp, "--ref", ref)
    assert code == 1
    assert str(ref) in err


def test_qa_runs_as_a_separate_process(tmp_path: Path) -> None:
    src, tgt = write(tmp_path, "src.kk", SOURCE), write(tmp_path, "tgt.en", TARGET)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tm",
            "qa",
            "--src-lang",
            "kk",
            "--tgt-lang",
            "en",
            str(src),
            str(tgt),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert any(json.loads(line)["check"] == "numbers" for line in result.stdout.splitlines())


def test_qa_measures_length_on_the_tms_approved_pairs(tmp_path: Path) -> None:
    from tm.store import TranslationMemory, Unit

    # In this TM, English targets run twice their Kazakh source's length.
    units = [
        Unit("kk", "en", "а" * n + " сөз", "b" * (2 * n) + " word", status="approved")
        for n in range(30, 70)
    ]
    TranslationMemory.create(tmp_path / "tm", units)
    src = write(tmp_path, "src.kk", ["Бұл өте ұзақ қазақша сөйлем, мұнда сөз көп."])
    tgt = write(tmp_path, "tgt.en", ["This is a long Kazakh sentence with many words."])
    args = ("qa", "--src-lang", "kk", "--tgt-lang", "en", src, tgt, "--check", "length-ratio")
    assert call(*args)[1] == ""
    code, out, _ = call(*args, "--tm", tmp_path / "tm")
    assert code == 0
    assert "40 approved pairs" in out


# --- term checks against a termbase --------------------------------------------------------

TERM_SOURCE = ["Үкімет отырысы өтті.", "Ұлттық банкінің төрағасы сөйледі."]
TERM_TARGET = ["The Cabinet met.", "The chairman of the National Bank spoke."]


def _termbase(path: Path) -> Path:
    from tm.store_terms import Termbase
    from tm.termbase import Concept, Term

    termbase = Termbase.open(path, create=True)
    government = (
        Term("kk", "Үкімет"),
        Term("en", "Government"),
        Term("en", "Cabinet", status="forbidden"),
    )
    bank = (Term("kk", "Ұлттық банк"), Term("en", "National Bank"))
    termbase.add([Concept(government), Concept(bank)], user="test")
    return path


def test_qa_checks_terms_against_a_termbase(tmp_path: Path) -> None:
    src, tgt = write(tmp_path, "src.kk", TERM_SOURCE), write(tmp_path, "tgt.en", TERM_TARGET)
    termbase = _termbase(tmp_path / "terms")
    args = ("qa", "--src-lang", "kk", "--tgt-lang", "en", src, tgt, "--format", "json")
    code, out, _ = call(*args, "--termbase", termbase)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    terms = [r for r in records if r["check"] in ("term-translation", "forbidden-term")]
    assert [(r["line"], r["check"], r["severity"], r["side"], r["span"]) for r in terms] == [
        (1, "forbidden-term", "error", "target", [4, 11]),
        (1, "term-translation", "warning", "source", [0, 6]),
    ]
    assert "use 'Government'" in terms[0]["message"]
    # Without --termbase, no term checks.
    code, out, _ = call(*args)
    assert code == 0
    assert not any("term" in json.loads(line)["check"] for line in out.splitlines())


def test_qa_termbase_without_a_folder_is_the_one_beside_the_tm(tmp_path: Path) -> None:
    from tm.store import TranslationMemory

    TranslationMemory.create(tmp_path / "tm")
    _termbase(tmp_path / "tm-terms")
    src, tgt = write(tmp_path, "src.kk", TERM_SOURCE), write(tmp_path, "tgt.en", TERM_TARGET)
    code, out, err = call(
        "qa", "--src-lang", "kk", "--tgt-lang", "en", "--tm", tmp_path / "tm",
        "--check", "forbidden-term", src, tgt, "--termbase",
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines() == [
        "1: error forbidden-term: 'Cabinet' is forbidden by the termbase for 'Үкімет': "
        "use 'Government'"
    ]


def test_qa_term_checks_need_a_termbase_that_is_there(tmp_path: Path) -> None:
    src, tgt = write(tmp_path, "src.kk", TERM_SOURCE), write(tmp_path, "tgt.en", TERM_TARGET)
    base = ("qa", "--src-lang", "kk", "--tgt-lang", "en", src, tgt)
    code, out, err = call(*base, "--check", "term-translation")
    assert (code, out) == (1, "")
    assert "need a termbase" in err
    code, out, err = call(*base, "--termbase", tmp_path / "none")
    assert (code, out) == (1, "")
    assert "no termbase there" in err
