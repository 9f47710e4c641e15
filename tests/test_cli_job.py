"""`job export` and `job import` as a translator runs them (in-process: the same parser and
exit codes)."""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest
from lxml import etree

from tests.conftest import CORPORA
from tm.cli import main
from tm.store import TranslationMemory

X12 = "urn:oasis:names:tc:xliff:document:1.2"
ARTICLE = "date 2025-11-18 Тақырып\nБірінші сөйлем. Екінші сөйлем.\nҮшінші сөйлем.\n"


def run(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def memory(tmp_path: Path) -> Path:
    TranslationMemory.create(tmp_path / "tm")
    return tmp_path / "tm"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "news-1.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["xliff2", "xliff12"])
def test_the_demo_article_exports_its_title_and_every_sentence(
    tmp_path: Path, memory: Path, fmt: str
) -> None:
    from translate.storage.xliff import xlifffile
    from translate.storage.xliff2 import Xliff2File

    out = tmp_path / "karis.xlf"
    code, said, err = run(
        "job", "export", "--src-lang", "kk", "--tgt-lang", "en",
        CORPORA / "karis" / "kk.txt", "--format", fmt, out, "--tm", memory,
    )  # fmt: skip
    assert (code, err) == (0, "")
    gold = [
        line for line in (CORPORA / "karis" / "kk.sents").read_text("utf-8").splitlines() if line
    ]
    assert f"{1 + len(gold)} units (1 title, {len(gold)} sentences)" in said
    reader = Xliff2File if fmt == "xliff2" else xlifffile
    units = reader.parsestring(out.read_bytes()).units
    title = (CORPORA / "karis" / "kk.txt").read_text("utf-8").splitlines()[0].split(" ", 3)[3]
    assert [unit.source for unit in units] == [title, *gold]


def test_export_to_stdout_writes_the_xliff_and_nothing_else(memory: Path, article: Path) -> None:
    code, said, err = run("job", "export", "--tgt-lang", "ru", article, "-", "--tm", memory)
    assert (code, err) == (0, "")
    root = etree.fromstring(said.encode())
    assert root.get("version") == "1.2"
    file = root.find(f"{{{X12}}}file")
    assert file is not None
    assert (file.get("original"), file.get("target-language")) == ("news-1", "ru")


def test_export_never_writes_over_a_pipe(tmp_path: Path, memory: Path, article: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, said, err = run("job", "export", "--tgt-lang", "en", article, fifo, "--tm", memory)
    assert (code, said) == (1, "")
    assert err.startswith(f"error: {fifo}: is not a regular file")
    assert err.count("\n") == 1


def _translated_in_omegat(data: bytes) -> bytes:
    """Targets written as OmegaT writes them: no state; the one left alone keeps its source."""
    root = etree.fromstring(data)
    for unit in root.iter(f"{{{X12}}}trans-unit"):
        source = unit.find(f"{{{X12}}}source")
        assert source is not None
        target = etree.Element(f"{{{X12}}}target")
        target.text = {"title": "Headline", "s0": "The first sentence."}.get(
            unit.get("id") or "", source.text
        )
        source.addnext(target)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def test_a_translated_file_comes_back_into_the_tm_with_counts(
    tmp_path: Path, memory: Path, article: Path
) -> None:
    exported = tmp_path / "job.xlf"
    assert run("job", "export", "--tgt-lang", "en", article, exported, "--tm", memory)[0] == 0
    back = tmp_path / "job.back.xlf"
    back.write_bytes(_translated_in_omegat(exported.read_bytes()))
    code, said, err = run("job", "import", back, "--tm", memory, "--user", "aida")
    assert (code, err) == (0, "")
    assert said == (
        f"{back}: 4 units: 2 entered the TM (0 approved), 0 unchanged, 2 not translated, "
        "0 with a changed source; 0 earlier translations retired\n"
    )
    code, said, _ = run("job", "import", back, "--tm", memory)
    assert "0 entered the TM (0 approved), 2 unchanged" in said
    # The next export knows what is translated already.
    code, said, _ = run("job", "export", "--tgt-lang", "en", article, exported, "--tm", memory)
    assert "2 translated already" in said


def test_import_reads_stdin(
    tmp_path: Path, memory: Path, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = tmp_path / "job.xlf"
    run("job", "export", "--tgt-lang", "en", article, exported, "--tm", memory)
    stdin = io.TextIOWrapper(io.BytesIO(_translated_in_omegat(exported.read_bytes())))
    monkeypatch.setattr("sys.stdin", stdin)
    code, said, err = run("job", "import", "-", "--tm", memory)
    assert (code, err) == (0, "")
    assert said.startswith("<stdin>: 4 units: 2 entered the TM")


def test_a_hostile_file_fails_on_one_stderr_line_and_creates_no_tm(tmp_path: Path) -> None:
    evil = tmp_path / "evil.xlf"
    evil.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f'<xliff xmlns="{X12}" version="1.2"><file original="d" source-language="kk" '
        'target-language="en"><body><trans-unit id="s0"><source>&x;</source></trans-unit>'
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    code, said, err = run("job", "import", evil, "--tm", tmp_path / "tm")
    assert (code, said) == (1, "")
    assert err == f"error: {evil}, line 2: " + (
        "the DOCTYPE declares entities; XLIFF needs none and they are refused "
        "(entity expansion and external entities are attacks)\n"
    )
    assert not (tmp_path / "tm").exists()


def test_job_needs_an_action_and_lists_its_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run("job")
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        run("job", "export", "--help")
    assert exited.value.code == 0
    assert "{xliff2,xliff12}" in capsys.readouterr().out


# --- a failed write leaves the file that was there --------------------------------------------


class HalfWriter:
    """A stream that writes half of what it is given, then fails as a full disk does
    (bytes or text, as the stream it wraps takes)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def write(self, data: Any) -> int:
        self._stream.write(data[: len(data) // 2])
        self._stream.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __enter__(self) -> HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


def fail_writes_midway(monkeypatch: pytest.MonkeyPatch, *, named: bool) -> None:
    """Every file written from now on fails halfway through: `tm.formats.registry.replacing`'s
    unnamed temporary (O_TMPFILE) where the system has one, else (and always when `named`)
    its named `.NAME.partial`, and a file opened to be written in place too."""
    from tm.formats import registry

    unnamed: Callable[[Path], IO[bytes] | None] = registry._unnamed_file
    path_open = Path.open

    def half_unnamed(folder: Path) -> Any:
        stream = unnamed(folder)
        return None if stream is None else HalfWriter(stream)

    def half_open(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        stream = path_open(path, mode, *args, **kwargs)
        return HalfWriter(stream) if "w" in mode or "x" in mode else stream

    monkeypatch.setattr(registry, "_unnamed_file", (lambda _: None) if named else half_unnamed)
    monkeypatch.setattr(Path, "open", half_open)


@pytest.mark.parametrize("named", [False, True], ids=["unnamed temporary", "named temporary"])
def test_a_failed_export_leaves_the_previous_file_and_no_temporary(
    tmp_path: Path, memory: Path, article: Path, monkeypatch: pytest.MonkeyPatch, named: bool
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "job.xlf"
    out.write_bytes(b"the export before")
    fail_writes_midway(monkeypatch, named=named)
    code, said, err = run("job", "export", "--tgt-lang", "en", article, out, "--tm", memory)
    assert (code, said) == (1, "")
    assert err == f"error: {out}: {os.strerror(errno.ENOSPC)}\n"
    assert out.read_bytes() == b"the export before"
    assert list(folder.iterdir()) == [out]


def test_an_export_into_a_missing_folder_names_the_file(
    tmp_path: Path, memory: Path, article: Path
) -> None:
    out = tmp_path / "nowhere" / "job.xlf"
    code, said, err = run("job", "export", "--tgt-lang", "en", article, out, "--tm", memory)
    assert (code, said) == (1, "")
    assert err == f"error: {out}: {os.strerror(errno.ENOENT)}\n"
