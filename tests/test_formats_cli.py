"""`import` and `export` as a user runs them (in-process: the same parser and exit codes)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tm.cli import main
from tm.cli.exchange import progress_bar

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="*all*" creationtool="OmegaT" creationtoolversion="6"
 segtype="sentence" o-tmf="OmegaT" adminlang="EN-US" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="kk-KZ"><seg>Бір.</seg></tuv><tuv xml:lang="en-GB"><seg>One.</seg></tuv>
<tuv xml:lang="ru-RU"><seg>Один.</seg></tuv></tu>
<tu><tuv xml:lang="kk-KZ"><seg>Жалғыз.</seg></tuv></tu>
<tu><tuv xml:lang="kk-KZ"><seg>Екі.</seg></tuv><tuv xml:lang="en-GB"><seg>Two.</seg></tuv></tu>
</body></tmx>
"""


def run(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    path = tmp_path / "omegat.tmx"
    path.write_text(TMX, encoding="utf-8")
    memory = tmp_path / "tm"
    code, _, err = run("import", path, "--tm", memory)
    assert code == 0, err
    return memory


def test_import_guesses_tmx_and_says_what_it_added_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "omegat.tmx"
    path.write_text(TMX, encoding="utf-8")
    code, out, err = run("import", path, "--tm", tmp_path / "tm")
    assert (code, err) == (0, "")
    assert "4 units read, 3 added, 1 skipped, 0 merged" in out
    assert "skipped 1: a <tu> with no translation" in out
    code, out, _ = run("import", path, "--tm", tmp_path / "tm")
    assert "0 added, 4 skipped, 0 merged" in out
    assert "skipped 3: already in the TM, nothing new" in out


def test_a_hostile_tmx_fails_on_stderr_and_creates_no_tm(tmp_path: Path) -> None:
    path = tmp_path / "evil.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        "<tmx><header/><body><tu><tuv xml:lang='kk'><seg>&x;</seg></tuv></tu></body></tmx>\n",
        encoding="utf-8",
    )
    code, out, err = run("import", path, "--tm", tmp_path / "tm")
    assert (code, out) == (1, "")
    assert f"{path}, line 3: the DOCTYPE declares entities" in err
    assert not (tmp_path / "tm").exists()


def test_import_of_a_bare_tsv_needs_the_languages(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("Бір.\tOne.\n", encoding="utf-8")
    code, _, err = run("import", path, "--tm", tmp_path / "tm")
    assert code == 1
    assert "line 1, field 'src_lang': no src_lang" in err


@pytest.mark.parametrize("fmt", ["tmx", "tsv", "csv", "jsonl", "parquet"])
def test_export_writes_the_file_and_prints_statistics(
    imported: Path, tmp_path: Path, fmt: str
) -> None:
    out_path = tmp_path / f"corpus.{fmt}"
    code, out, err = run("export", "--tm", imported, out_path)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [f"wrote {out_path}", "units: 3"]
    assert "  language pair kk-KZ:en-GB: 2" in out
    assert "  words kk-KZ: 3" in out
    again = tmp_path / "again"
    code, out, err = run("import", out_path, "--tm", again)
    assert (code, err) == (0, "")
    assert "3 added" in out


def test_export_filters_and_moses(imported: Path, tmp_path: Path) -> None:
    code, out, err = run(
        "export",
        "--tm",
        imported,
        "--format",
        "moses",
        "--pair",
        "kk-en",
        "--status",
        "draft",
        "--since",
        "2000-01-01",
        "--until",
        "2999-12-31",
        "--dedupe",
        tmp_path / "corpus",
    )
    assert (code, err) == (0, "")
    assert (tmp_path / "corpus.kk-KZ").read_text(encoding="utf-8") == "Бір.\nЕкі.\n"
    assert (tmp_path / "corpus.en-GB").read_text(encoding="utf-8") == "One.\nTwo.\n"
    assert "units: 2" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--pair", "kk"), "is not a language pair"),
        (("--since", "yesterday"), "is not a date"),
        (("--status", "done"), "invalid choice"),
    ],
)
def test_bad_filters_are_usage_errors(
    imported: Path,
    tmp_path: Path,
    args: tuple[str, ...],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("export", "--tm", imported, *args, tmp_path / "x.tsv")
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_only_on_a_terminal() -> None:
    assert progress_bar("import", io.StringIO()) is None
    screen = Terminal()
    show = progress_bar("import", screen)
    assert show is not None
    show(50, 100)
    show(100, 100)
    assert screen.getvalue().endswith("100%\n")
    assert "\rimport [###############..." in screen.getvalue()


def test_jsonl_export_is_one_object_a_line(imported: Path, tmp_path: Path) -> None:
    run("export", "--tm", imported, tmp_path / "u.jsonl")
    records = [
        json.loads(line) for line in (tmp_path / "u.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert {(r["src_lang"], r["tgt_lang"], r["target"]) for r in records} == {
        ("kk-KZ", "en-GB", "One."),
        ("kk-KZ", "ru-RU", "Один."),
        ("kk-KZ", "en-GB", "Two."),
    }


def test_export_qa_clean_leaves_out_pairs_with_qa_errors(tmp_path: Path) -> None:
    from tests.test_cli import run
    from tm.store import TranslationMemory, Unit

    location = tmp_path / "tm"
    TranslationMemory.create(
        location,
        [
            Unit("kk", "en", "Сауда 50 миллион еуро.", "Trade is €50 million."),
            Unit("kk", "en", "Сауда 40 миллион еуро.", "Trade is €4 million."),
        ],
        user="seed",
    )
    out = tmp_path / "clean.tsv"
    result = run("export", "--tm", location, "--format", "tsv", "--qa-clean", out)
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert "€50 million" in lines[1]


def test_export_min_chrf_keeps_translations_close_to_the_approved_one(tmp_path: Path) -> None:
    from tests.test_cli import run
    from tm.store import TranslationMemory, Unit

    location = tmp_path / "tm"
    segment = {"doc_id": "d1", "seg_no": 0}
    TranslationMemory.create(
        location,
        [
            Unit("kk", "en", "Сауда өсті.", "Trade has grown.", status="approved", **segment),
            Unit("kk", "en", "Сауда өсті.", "Trade has grown a lot.", **segment),
            Unit("kk", "en", "Сауда өсті.", "Commerce went up.", **segment),
            Unit("kk", "en", "Басқа сөйлем.", "Another sentence."),
        ],
        user="seed",
    )
    out = tmp_path / "close.tsv"
    result = run("export", "--tm", location, "--format", "tsv", "--min-chrf", "60", out)
    assert result.returncode == 0, result.stderr
    header, *rows = out.read_text(encoding="utf-8").splitlines()
    column = header.split("\t").index("target")
    targets = {row.split("\t")[column] for row in rows}
    assert targets == {"Trade has grown.", "Trade has grown a lot."}


def test_export_to_stdout_writes_the_file_there_and_the_statistics_to_stderr(
    imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", "--tm", str(imported), "--format", "tsv", "--pair", "kk-en", "-"])
    captured = capsys.readouterr()
    assert code == 0
    run("export", "--tm", imported, "--pair", "kk-en", tmp_path / "same.tsv")
    assert captured.out == (tmp_path / "same.tsv").read_text(encoding="utf-8")
    assert "units: 2" in captured.err
    assert not (tmp_path / "-").exists()
    code, _, err = run("export", "--tm", imported, "-")
    assert (code, err) == (
        1,
        "error: standard output (-) has no extension: name the format with --format\n",
    )


def test_export_to_dev_stdout_through_a_pipe_leaves_it_a_pipe(imported: Path) -> None:
    from tests.test_cli import run as run_process

    result = run_process("export", "--tm", imported, "--format", "jsonl", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["target"] for line in result.stdout.splitlines()[:3]] == [
        "One.",
        "Один.",
        "Two.",
    ]
    assert "wrote /dev/stdout" in result.stdout


def test_export_refuses_a_device(imported: Path) -> None:
    code, out, err = run("export", "--tm", imported, "--format", "tsv", "/dev/null")
    assert (code, out) == (1, "")
    assert "/dev/null: is a character device, not a file" in err


def test_export_options_bom_markup_and_exact_languages(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "excel.csv"
    code, printed, err = run(
        "export",
        "--tm",
        imported,
        "--bom",
        "--markup",
        "--pair",
        "kk-KZ:en-GB",
        "--exact-langs",
        out,
    )
    assert (code, err) == (0, "")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfsrc_lang,")
    assert "units: 2" in printed
    code, printed, _ = run("export", "--tm", imported, "--pair", "kk:en", "--exact-langs", out)
    assert "units: 0" in printed
    code, _, err = run("export", "--tm", imported, "--bom", tmp_path / "x.jsonl")
    assert code == 1
    assert "byte-order mark is for csv and tsv, not jsonl" in err


def test_import_reads_standard_input_in_the_format_named(tmp_path: Path) -> None:
    import subprocess
    import sys

    tsv = "kk\ten\nҮкімет отырысы өтті.\tThe government met.\n"
    command = [sys.executable, "-m", "tm", "import", "-", "--tm", str(tmp_path / "tm")]
    refused = subprocess.run(command, input=tsv.encode(), capture_output=True, timeout=120)
    assert refused.returncode == 1
    assert b"--format" in refused.stderr
    done = subprocess.run(
        [*command, "--format", "tsv"], input=tsv.encode(), capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert b"1 added" in done.stdout
