"""The lexicon learned from a TM is kept beside a local TM, so that the next process reads
it instead of learning it again: while it is current, never from a damaged, foreign or
stale file, never from a remote TM, and an align goes on when it cannot be kept."""

from __future__ import annotations

import errno
import io
import logging
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import CORPORA, SHARED
from tm.align import Lexicon
from tm.store import TranslationMemory, Unit
from tm.workflow import alignment
from tm.workflow.alignment import (
    LEXICON_FOLDER,
    RELEARN_AFTER_COMMITS,
    LearnedLexicon,
    align_texts,
    learned_lexicon,
    tm_lexicon,
)

USER = "tester"
XWMT = SHARED / "corpora" / "xwmt"
KEPT = Path(LEXICON_FOLDER) / "kk-en.npz"


class _Learning:
    """Counts the lexicons learned (Lexicon.learn calls), learning them as before."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = Lexicon.learn.__func__  # type: ignore[attr-defined]

        def counted(cls: type[Lexicon], *args: Any, **kwargs: Any) -> Lexicon:
            self.calls += 1
            learned: Lexicon = real(cls, *args, **kwargs)
            return learned

        monkeypatch.setattr(Lexicon, "learn", classmethod(counted))


@pytest.fixture
def learning(monkeypatch: pytest.MonkeyPatch) -> _Learning:
    return _Learning(monkeypatch)


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    """A TM holding X-WMT's 700 kk-en pairs, approved."""
    assert XWMT.exists(), f"{XWMT} is not here (it is provided beside the project)"
    kk = (XWMT / "xwmt.kk").read_text(encoding="utf-8").splitlines()
    en = (XWMT / "xwmt.en").read_text(encoding="utf-8").splitlines()
    units = [Unit("kk", "en", s, t, status="approved") for s, t in zip(kk, en, strict=True)]
    return TranslationMemory.create(tmp_path / "tm", units, user=USER)


def _kept(memory: TranslationMemory) -> Path:
    return Path(memory.uri) / KEPT


def _beads(lexicon: Lexicon | None) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    aligned = align_texts(
        (CORPORA / "karis" / "kk.txt").read_text(encoding="utf-8"),
        (CORPORA / "karis" / "en.txt").read_text(encoding="utf-8"),
        "kk",
        "en",
        lexicon=lexicon,
    )
    return [(bead.src, bead.tgt, bead.score) for bead in aligned.beads]


def _commit(memory: TranslationMemory, number: int) -> None:
    memory.add([Unit("kk", "en", f"Жаңа сөйлем {number}.", f"A new sentence {number}.")], user=USER)


def _commit_until(memory: TranslationMemory, version: int) -> None:
    number = 0
    while memory.version() < version:
        _commit(memory, number)
        number += 1
    assert memory.version() == version


def test_a_kept_lexicon_is_read_again_and_aligns_as_the_learned_one(
    memory: TranslationMemory, learning: _Learning
) -> None:
    learned = learned_lexicon(memory, "kk", "en")
    assert learning.calls == 1
    assert learned.lexicon is not None
    assert len(learned.lexicon) > 100
    assert learned.version == memory.version()
    assert _kept(memory).is_file()

    # A new process has nothing in memory: learned_lexicon reads the file each time.
    again = learned_lexicon(memory, "kk-KZ", "en")
    assert learning.calls == 1
    assert again == learned
    assert _beads(again.lexicon) == _beads(learned.lexicon)
    # Other languages are another file: the kk-en one does not stand for kk-ru.
    assert tm_lexicon(memory, "kk", "ru") is None
    assert learning.calls == 1
    assert (Path(memory.uri) / LEXICON_FOLDER / "kk-ru.npz").is_file()


def test_a_kept_lexicon_serves_until_the_tm_is_as_many_commits_ahead_as_the_rule_allows(
    memory: TranslationMemory, learning: _Learning
) -> None:
    first = learned_lexicon(memory, "kk", "en")
    _commit_until(memory, first.version + RELEARN_AFTER_COMMITS - 1)
    assert learned_lexicon(memory, "kk", "en") == first
    assert learning.calls == 1

    _commit(memory, RELEARN_AFTER_COMMITS)
    relearned = learned_lexicon(memory, "kk", "en")
    assert learning.calls == 2
    assert relearned.version == memory.version() == first.version + RELEARN_AFTER_COMMITS
    # What was learned again is kept in its turn.
    assert learned_lexicon(memory, "kk", "en") == relearned
    assert learning.calls == 2


def test_too_few_pairs_is_kept_for_its_version_only(tmp_path: Path, learning: _Learning) -> None:
    memory = TranslationMemory.create(tmp_path / "tm", [], user=USER)
    memory.add(
        [Unit("kk", "en", f"Сөйлем {n}.", f"Sentence {n}.", status="approved") for n in range(3)],
        user=USER,
    )
    queried = 0
    real_live = memory.live

    def live(*args: Any, **kwargs: Any) -> Any:
        nonlocal queried
        queried += 1
        return real_live(*args, **kwargs)

    memory.live = live  # type: ignore[method-assign]
    assert tm_lexicon(memory, "kk", "en") is None
    assert tm_lexicon(memory, "kk", "en") is None
    assert queried == 1  # the TM was not read again for the same version
    _commit(memory, 1)
    assert tm_lexicon(memory, "kk", "en") is None
    assert queried == 2  # a new version may hold enough pairs
    assert learning.calls == 0


def test_the_rule_is_the_one_the_app_applies() -> None:
    learned = LearnedLexicon(Lexicon("kk", "en"), version=10)
    assert [learned.current_at(v) for v in (9, 10, 10 + RELEARN_AFTER_COMMITS - 1)] == [
        False,
        True,
        True,
    ]
    assert not learned.current_at(10 + RELEARN_AFTER_COMMITS)
    nothing = LearnedLexicon(None, version=10)
    assert [nothing.current_at(v) for v in (9, 10, 11)] == [False, True, False]
    import ui.cache

    assert "RELEARN_AFTER_COMMITS" not in vars(ui.cache)  # one rule, kept in tm


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00not a lexicon\xff" * 10)


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _pickled(path: Path) -> None:
    # np.load refuses the object array: its pickle is never run.
    with path.open("wb") as handle:
        np.savez(handle, meta=np.array([{"version": 0}], dtype=object))


def _another_format(path: Path) -> None:
    with np.load(path, allow_pickle=False) as kept:
        members = {name: kept[name] for name in kept.files}
    meta = members["meta"].tobytes().decode("utf-8").replace('"format": 1', '"format": 0')
    members["meta"] = np.frombuffer(meta.encode("utf-8"), dtype=np.uint8)
    with path.open("wb") as handle:
        np.savez(handle, **members)


def _other_settings(path: Path) -> None:
    with np.load(path, allow_pickle=False) as kept:
        members = {name: kept[name] for name in kept.files}
    meta = members["meta"].tobytes().decode("utf-8").replace('"limit": 20000', '"limit": 5')
    members["meta"] = np.frombuffer(meta.encode("utf-8"), dtype=np.uint8)
    with path.open("wb") as handle:
        np.savez(handle, **members)


def _arrays_swapped(path: Path) -> None:
    with np.load(path, allow_pickle=False) as kept:
        members = {name: kept[name] for name in kept.files}
    members["src_stems"] = members["src_stems"][:-1]  # one stem short of its pairs
    with path.open("wb") as handle:
        np.savez(handle, **members)


def _a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize(
    "damage",
    [_garbage, _truncated, _empty, _pickled, _another_format, _other_settings, _arrays_swapped],
)
def test_a_damaged_or_foreign_file_is_learned_again_without_an_error(
    memory: TranslationMemory, learning: _Learning, damage: Callable[[Path], None]
) -> None:
    first = learned_lexicon(memory, "kk", "en")
    damage(_kept(memory))
    again = learned_lexicon(memory, "kk", "en")
    assert learning.calls == 2
    assert again == first
    # The file learning again wrote is a good one.
    assert learned_lexicon(memory, "kk", "en") == first
    assert learning.calls == 2


def test_a_folder_in_the_files_place_is_learned_again_without_an_error(
    memory: TranslationMemory, learning: _Learning
) -> None:
    first = learned_lexicon(memory, "kk", "en")
    _a_folder(_kept(memory))
    assert learned_lexicon(memory, "kk", "en") == first
    assert learning.calls == 2
    assert _beads(first.lexicon) == _beads(tm_lexicon(memory, "kk", "en"))


def _full_disk(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """numpy's writer fails in `folder` as on a full disk, after writing a little."""
    real = np.savez

    def savez(file: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(file, str | os.PathLike) and Path(file).parent == folder:
            Path(file).write_bytes(b"PK")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(file, *args, **kwargs)

    monkeypatch.setattr(np, "savez", savez)


def _read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The TM folder refuses new entries (a chmod would not stop root, who runs CI)."""
    real_mkdir = Path.mkdir

    def mkdir(path: Path, *args: Any, **kwargs: Any) -> None:
        if path == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)


@pytest.mark.parametrize(("unwritable", "why"), [(_full_disk, "full"), (_read_only, "denied")])
def test_an_align_goes_on_when_the_lexicon_cannot_be_kept(
    memory: TranslationMemory,
    learning: _Learning,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    unwritable: Callable[[pytest.MonkeyPatch, Path], None],
    why: str,
) -> None:
    folder = Path(memory.uri) / LEXICON_FOLDER
    expected = _beads(Lexicon.learn(_approved_pairs(memory), "kk", "en"))
    learning.calls = 0
    unwritable(monkeypatch, folder)
    with caplog.at_level(logging.WARNING, logger=alignment.__name__):
        lexicon = tm_lexicon(memory, "kk", "en")
        assert _beads(lexicon) == expected
        tm_lexicon(memory, "kk", "en")
    assert learning.calls == 2  # nothing kept: each process learns, as before
    assert not folder.exists() or not any(folder.iterdir())  # no temporary file left
    assert why in caplog.text.lower()


def _approved_pairs(memory: TranslationMemory) -> list[tuple[str, str]]:
    units = memory.units()
    return list(zip(units["source"].to_list(), units["target"].to_list(), strict=True))


def test_a_remote_tm_keeps_no_lexicon(
    memory: TranslationMemory,
    learning: _Learning,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class _Remote:
        """The local TM under an s3:// name: what the lexicon code sees of a remote one."""

        uri = "s3://bucket/tm"

        def __getattr__(self, name: str) -> Any:
            return getattr(memory, name)

    monkeypatch.chdir(tmp_path)
    # Where the remote name would lead, read as a local path: nothing may be kept there.
    misread = Path(_Remote.uri)
    misread.mkdir(parents=True)
    remote: Any = _Remote()
    assert tm_lexicon(remote, "kk", "en") is not None
    assert tm_lexicon(remote, "kk", "en") is not None
    assert learning.calls == 2
    assert not (Path(memory.uri) / LEXICON_FOLDER).exists()
    assert not any(misread.iterdir())


def test_the_cli_reuses_the_kept_lexicon(memory: TranslationMemory, learning: _Learning) -> None:
    from tm.cli import main

    def align() -> str:
        out = io.StringIO()
        code = main(
            [
                "align",
                "--src-lang",
                "kk",
                "--tgt-lang",
                "en",
                "--use-tm",
                "--tm",
                memory.uri,
                str(CORPORA / "karis" / "kk.txt"),
                str(CORPORA / "karis" / "en.txt"),
            ],
            stdout=out,
        )
        assert code == 0
        return out.getvalue()

    first = align()
    assert align() == first
    assert learning.calls == 1
    assert zipfile.is_zipfile(_kept(memory))


def test_a_save_removes_what_a_killed_save_left_but_not_one_in_progress(
    memory: TranslationMemory,
) -> None:
    folder = Path(memory.uri) / LEXICON_FOLDER
    folder.mkdir()
    abandoned, in_progress = folder / "tmp-killed.npz", folder / "tmp-running.npz"
    for left in (abandoned, in_progress):
        left.write_bytes(b"PK")
    two_hours_ago = time.time() - 7200
    os.utime(abandoned, (two_hours_ago, two_hours_ago))
    learned_lexicon(memory, "kk", "en")
    assert sorted(path.name for path in folder.iterdir()) == ["kk-en.npz", "tmp-running.npz"]
