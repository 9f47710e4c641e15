"""`python -m tm lookup` and `python -m tm concordance` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import run
from tm.store import TranslationMemory, Unit

SOURCE = "Үкімет 2024 жылы жаңа заң жобасын талқылады."


@pytest.fixture
def small_tm(tmp_path: Path) -> Path:
    uri = tmp_path / "tm"
    TranslationMemory.create(
        uri,
        [
            Unit("kk", "en", SOURCE, "In 2024 the government discussed a new bill."),
            Unit("kk", "ru", SOURCE, "В 2024 году правительство обсудило новый законопроект."),
            Unit("kk", "en", "Астанада кездесу өтті.", "A meeting took place in Astana."),
        ],
        user="test",
    )
    return uri


def test_lookup_prints_json_matches_with_score_diff_and_suggestion(small_tm: Path) -> None:
    result = run(
        "lookup",
        "--tm",
        small_tm,
        "--src-lang",
        "kk",
        "--tgt-lang",
        "en",
        "--format",
        "json",
        "Үкіметте 2025 жылы жаңа заң жобасы талқыланды.",
    )
    assert result.returncode == 0, result.stderr
    (match,) = json.loads(result.stdout)
    assert set(match) == {"score", "source", "target", "diff", "unit_id"}
    assert 80 <= match["score"] < 95
    assert match["source"] == SOURCE
    assert match["target"] == "In 2025 the government discussed a new bill."
    assert {"op": "replace", "query": "Үкіметте 2025", "tm": "Үкімет 2024"} in match["diff"]


@pytest.mark.parametrize(
    ("options", "count"),
    [((), 1), (("--min-score", "95"), 0), (("--tgt-lang", "ru", "--top", "1"), 1)],
)
def test_lookup_options_narrow_the_matches(
    small_tm: Path, options: tuple[str, ...], count: int
) -> None:
    args = ["lookup", "--tm", small_tm, "--src-lang", "kk", "--format", "json"]
    if "--tgt-lang" not in options:
        args += ["--tgt-lang", "en"]
    result = run(*args, *options, "Үкіметте жаңа заң жобасы талқыланды.")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == count


def test_lookup_defaults_to_the_embedded_tm(tmp_path: Path) -> None:
    query = "- Президент мырза, Қазақстанға қош келдіңіз!"
    result = run("lookup", "--src-lang", "kk", "--tgt-lang", "en", query, tm_home=tmp_path / "tm")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("100%\t" + query)


def test_concordance_finds_inflected_forms_with_context(small_tm: Path) -> None:
    result = run("concordance", "--tm", small_tm, "--lang", "kk", "--format", "json", "жоба")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert [hit["hit"] for hit in hits] == ["жобасын", "жобасын"]
    assert hits[0]["left"].endswith("заң ")
    text = run("concordance", "--tm", small_tm, "--lang", "en", "--side", "target", "bills")
    assert "[bill]" in text.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("lookup", "--src-lang", "kk--KZ", "--tgt-lang", "en", "сөз"),
        ("concordance", "--lang", "kk", "..."),
    ],
)
def test_bad_input_is_one_line_on_stderr(small_tm: Path, args: tuple[str, ...]) -> None:
    result = run(*args[:1], "--tm", small_tm, *args[1:])
    assert result.returncode == 1
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1


def test_concordance_finds_kazakh_forms_not_words_that_begin_alike(tmp_path: Path) -> None:
    uri = tmp_path / "tm"
    TranslationMemory.create(
        uri,
        [
            Unit("kk", "en", "Алдағы аптада Алматыда форум өтеді.", "A forum in Almaty next week."),
            Unit("kk", "en", "Ол сапарымда Алматының әкімімен кездесті.", "He met Almaty's mayor."),
        ],
        user="test",
    )
    result = run("concordance", "--tm", uri, "--lang", "kk", "--format", "json", "Алматы")
    assert result.returncode == 0, result.stderr
    assert sorted(hit["hit"] for hit in json.loads(result.stdout)) == ["Алматыда", "Алматының"]
    text = run("concordance", "--tm", uri, "--lang", "kk", "--context", "10", "сапар")
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0] == f"{'Ол ':>10}[сапарымда] Алматының"
    assert "kk-en source" in text.stdout
    exact = run("concordance", "--tm", uri, "--lang", "kk", "--exact", "сапар")
    assert exact.stdout == "'сапар' not found\n"


def test_concordance_finds_verb_forms_and_derived_words_on_request(tmp_path: Path) -> None:
    uri = tmp_path / "tm"
    TranslationMemory.create(
        uri,
        [
            Unit("kk-KZ", "en", SOURCE, "In 2024 the government discussed a new bill."),
            Unit("kk", "en", "Талқылаушылар келісті.", "The discussants agreed."),
            Unit("kk-Latn", "en", "Ükimet zañ jobasyn talqylady.", "The bill was discussed."),
        ],
        user="test",
    )
    inflected = run("concordance", "--tm", uri, "--lang", "kk", "--format", "json", "талқылау")
    assert inflected.returncode == 0, inflected.stderr
    (hit,) = json.loads(inflected.stdout)  # not the derived noun, not the Latin-script unit
    assert (hit["hit"], hit["src_lang"]) == ("талқылады", "kk-KZ")
    derived = run(
        "concordance",
        "--tm",
        uri,
        "--lang",
        "kk-Cyrl",
        "--derived",
        "--format",
        "json",
        "талқылау",
    )
    assert sorted(hit["hit"] for hit in json.loads(derived.stdout)) == [
        "Талқылаушылар",
        "талқылады",
    ]
