"""The CLI as a user runs it: a separate process, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import CORPORA, ROOT
from tm.cli import commands

KK = CORPORA / "karis" / "kk.txt"
EN = CORPORA / "karis" / "en.txt"


def run(*args: str | Path, tm_home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    if tm_home is not None:
        env["WORKBENCH_DATA"] = str(tm_home)
    return subprocess.run(
        [sys.executable, "-m", "tm", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("command", [None, *commands()])
def test_help_everywhere(command: str | None) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert "usage: python -m tm" in result.stdout


def test_segment_prints_the_gold_segmentation() -> None:
    result = run("segment", "--lang", "kk", KK)
    assert result.returncode == 0
    assert result.stdout == (CORPORA / "karis" / "kk.sents").read_text(encoding="utf-8")


def test_align_prints_one_bead_a_line_covering_both_documents() -> None:
    result = run("align", "--src-lang", "kk", "--tgt-lang", "en", KK, EN)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    src_seen, tgt_seen = [], []
    for line in lines:
        bead, score = line.split("\t")
        assert 0.0 <= float(score) <= 1.0
        src, tgt = bead.split(":")
        src_seen += json.loads(src)
        tgt_seen += json.loads(tgt)
    assert src_seen == list(range(83))
    assert tgt_seen == list(range(82))


def test_align_json_carries_kinds_scores_and_text(tmp_path: Path) -> None:
    src = tmp_path / "src.txt"
    tgt = tmp_path / "tgt.txt"
    src.write_text("Бірінші сөйлем.\nЕкінші сөйлем, 2025 ж.\n", encoding="utf-8")
    tgt.write_text("The first sentence.\nThe second sentence, 2025.\n", encoding="utf-8")
    result = run(
        "align",
        "--src-lang",
        "kk",
        "--tgt-lang",
        "en",
        "--presegmented",
        "--format",
        "json",
        src,
        tgt,
    )
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert [(b["src"], b["tgt"], b["kind"]) for b in document["beads"]] == [
        ([0], [0], "1-1"),
        ([1], [1], "1-1"),
    ]
    assert document["beads"][1]["target"] == "The second sentence, 2025."


def test_import_then_stats(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("source\ttarget\nБір.\tOne.\nЕкі.\tTwo.\nБір.\tOne.\n", encoding="utf-8")
    memory = tmp_path / "tm"
    result = run("import", pairs, "--tm", memory, "--src-lang", "kk", "--tgt-lang", "en")
    assert result.returncode == 0, result.stderr
    assert "3 units read, 2 added, 1 skipped" in result.stdout
    stats = run("stats", "--tm", memory, "--format", "json")
    assert json.loads(stats.stdout)["by_pair"] == {"kk-en": 2}


def test_a_bad_import_fails_naming_the_line_and_writes_nothing(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("Бір.\tOne.\nno tab on this line\n", encoding="utf-8")
    memory = tmp_path / "tm"
    result = run("import", pairs, "--tm", memory, "--src-lang", "kk", "--tgt-lang", "en")
    assert result.returncode == 1
    assert f"{pairs}, line 2: expected source<TAB>target" in result.stderr
    assert not memory.exists()


def test_stats_defaults_to_the_embedded_tm_and_seeds_it(tmp_path: Path) -> None:
    result = run("stats", "--format", "json", tm_home=tmp_path / "embedded")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert set(stats["by_pair"]) == {"kk-en", "kk-ru"}
    assert stats["by_status"] == {"approved": stats["units"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("segment", "--lang", "kk", "missing.txt"), "missing.txt: No such file"),
        (("segment", "--lang", "k k", KK), "'k k' is not a language tag"),
        (("stats", "--tm", "/nonexistent/tm"), "no translation memory"),
    ],
)
def test_errors_go_to_stderr_with_a_non_zero_exit(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stdout == ""


def test_align_with_both_drafts_checks_the_pivot_and_saves_three_way_units(
    tmp_path: Path,
) -> None:
    ru = CORPORA / "karis" / "ru.txt"
    memory = tmp_path / "tm"
    result = run(
        "align",
        "--src-lang",
        "kk",
        "--tgt-lang",
        "en,ru",
        KK,
        EN,
        ru,
        "--format",
        "json",
        "--save",
        "karis",
        "--tm",
        memory,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [a["tgt_lang"] for a in document["alignments"]] == ["en", "ru"]
    # The gold files leave out kk 1 and 56 in English, kk 9 and 76 in Russian.
    left_out = {tuple(d["src"]) for d in document["disagreements"] if "left out" in d["reason"]}
    assert {(1,), (56,), (9,), (76,)} <= left_out

    from tm.store import TranslationMemory

    units = TranslationMemory(memory).units()
    by_segment = units.group_by("seg_no").agg(pl.col("tgt_lang").sort().alias("langs"))
    three_way = [langs for langs in by_segment["langs"] if list(langs) == ["en", "ru"]]
    assert len(three_way) > 60


def test_align_refuses_mismatched_languages_and_files() -> None:
    result = run("align", "--src-lang", "kk", "--tgt-lang", "en,ru", KK, EN)
    assert result.returncode == 1
    assert "2 target languages but 1 target files" in result.stderr


def test_align_can_use_a_lexicon_learned_from_the_tm(tmp_path: Path) -> None:
    result = run(
        "align",
        "--src-lang",
        "kk",
        "--tgt-lang",
        "en",
        "--use-tm",
        KK,
        EN,
        tm_home=tmp_path / "embedded",
    )
    assert result.returncode == 0, result.stderr
    sources = [i for line in result.stdout.splitlines() for i in json.loads(line.split(":")[0])]
    assert sources == list(range(83))


def test_a_new_tm_named_by_the_environment_starts_empty(tmp_path: Path) -> None:
    env_tm = tmp_path / "mine"
    result = subprocess.run(
        [sys.executable, "-m", "tm", "stats", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "WORKBENCH_TM": str(env_tm)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["units"] == 0


def test_align_saved_again_with_a_corrected_draft_leaves_only_the_new_beads(
    tmp_path: Path,
) -> None:
    kk = tmp_path / "kk.txt"
    kk.write_text("Бірінші сөйлем осы.\nЕкінші сөйлем мұнда. Үшінші сөйлем де бар.\n", "utf-8")
    wrong = tmp_path / "en-draft.txt"
    wrong.write_text("The first sentence is this.\nThe second sentence is wrong here.\n", "utf-8")
    fixed = tmp_path / "en-final.txt"
    fixed.write_text(
        "The first sentence is this.\nThe second sentence is here. There is a third one.\n",
        "utf-8",
    )
    memory = tmp_path / "tm"
    for draft in (wrong, fixed):
        args = ("align", "--src-lang", "kk", "--tgt-lang", "en", kk, draft)
        result = run(*args, "--save", "doc-1", "--tm", memory)
        assert result.returncode == 0, result.stderr
    export = tmp_path / "out.tsv"
    result = run("export", "--tm", memory, "--format", "tsv", export)
    assert result.returncode == 0, result.stderr
    exported = pl.read_csv(export, separator="\t", quote_char=None)
    assert sorted(exported["target"]) == [
        "The first sentence is this.",
        "The second sentence is here.",
        "There is a third one.",
    ]
    everything = tmp_path / "all.tsv"
    run("export", "--tm", memory, "--include-retired", "--format", "tsv", everything)
    assert pl.read_csv(everything, separator="\t", quote_char=None).height == 4


def test_processes_importing_into_a_tm_that_does_not_exist_yet_all_succeed(
    tmp_path: Path,
) -> None:
    memory = tmp_path / "new-tm"
    commands = []
    for worker in range(4):
        pairs = tmp_path / f"pairs-{worker}.tsv"
        lines = [f"Жұмысшы {worker}, жол {n}.\tWorker {worker}, line {n}." for n in range(5)]
        pairs.write_text("source\ttarget\n" + "\n".join(lines) + "\n", encoding="utf-8")
        args = ["import", pairs, "--tm", memory, "--src-lang", "kk", "--tgt-lang", "en"]
        commands.append([sys.executable, "-m", "tm", *map(str, args)])
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        for command in commands
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=240)
        assert process.returncode == 0, stderr
    stats = json.loads(run("stats", "--tm", memory, "--format", "json").stdout)
    assert stats["units"] == 20


def test_unit_command_approves_unapproves_rejects_and_edits(tmp_path: Path) -> None:
    from tm.store import TranslationMemory
    from tm.unit import Unit

    memory = TranslationMemory.create(tmp_path / "tm")
    memory.add([Unit("kk", "en", "Сәлем.", "Hi.", status="aligned", origin="alignment")], user="a")
    unit_id = memory.units()["unit_id"].item()
    for action, status in (
        ("approve", "approved"),
        ("unapprove", "aligned"),
        ("reject", "rejected"),
    ):
        result = run("unit", action, unit_id, "--tm", memory.uri, "--user", "editor")
        assert result.returncode == 0, result.stderr
        assert f"{action}: 1 units changed" in result.stdout
        assert memory.unit(unit_id)["status"] == status
    result = run("unit", "edit", unit_id, "--target", "Hello.", "--tm", memory.uri)
    assert result.returncode == 0, result.stderr
    assert memory.unit(unit_id)["target"] == "Hello."
    refused = run("unit", "approve", "not-an-id", "--tm", memory.uri)
    assert refused.returncode == 1
    assert "is not a unit id" in refused.stderr
    history = [state.operation for state in memory.history(unit_id)]
    assert history == ["add", "approved", "unapprove", "rejected", "edit"]


def test_a_reader_that_stops_early_gets_no_error_message(tmp_path: Path) -> None:
    """`python -m tm export - | head -1`: the pipe closes under a long export."""
    from tm.store import TranslationMemory, Unit

    units = [Unit("kk", "en", f"Сөйлем нөмірі {n}.", f"Sentence number {n}.") for n in range(4000)]
    TranslationMemory.create(tmp_path / "tm", units, user="a")
    export = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tm",
            "export",
            "-",
            "--format",
            "tsv",
            "--tm",
            str(tmp_path / "tm"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert export.stdout is not None
    assert export.stderr is not None
    assert export.stdout.readline().startswith(b"src_lang\t")
    export.stdout.close()
    assert export.wait(timeout=120) == 1
    assert export.stderr.read() == b""
    export.stderr.close()


def test_segment_reads_a_word_document(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Астанада кездесу өтті. Тараптар келісімге қол қойды.")
    document.add_paragraph("Келесі кездесу көктемде болады.")
    path = tmp_path / "мақала.docx"
    document.save(str(path))
    result = run("segment", "--lang", "kk", path)
    assert result.returncode == 0, result.stderr
    assert "Тараптар келісімге қол қойды." in result.stdout
    assert "Келесі кездесу көктемде болады." in result.stdout
