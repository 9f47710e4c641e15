"""The termbase on a full disk: a write fails with one line naming the termbase, and what
a failed first write made is gone (no empty `-terms` folder for the next command to take
for a termbase); once space is freed, the same command works.

It runs on both full disks of tests/test_full_disk.py (a real tmpfs where root can mount
one, and the simulated one everywhere), through its `disk` fixture."""

from __future__ import annotations

from pathlib import Path

from tests.test_full_disk import USER, Disk, _cli, _units, disk
from tm.store import TranslationMemory
from tm.store_terms import Termbase
from tm.termbase import Concept, Term

__all__ = ["disk"]  # the fixture, used by name

ADD = ("term", "add", "Ұлттық банк", "National Bank", "--src-lang", "kk", "--tgt-lang", "en")


def _memory(disk: Disk) -> TranslationMemory:
    return TranslationMemory.create(disk.root / "tm", _units(20), user=USER)


def _one_line_no_space(err: str, termbase: Path) -> None:
    assert err.count("\n") == 1, err
    assert err.startswith(f"error: {termbase}: no space left on device; nothing was written"), err
    assert "\x1b" not in err


def test_the_first_term_on_a_full_disk_leaves_no_termbase_behind(disk: Disk) -> None:
    memory = _memory(disk)
    termbase = Path(f"{memory.uri}-terms")
    files = disk.files()
    disk.fill()
    code, _, err = _cli(*ADD, "--tm", memory.uri, "--user", USER)
    assert code == 1
    _one_line_no_space(err, termbase)
    assert not termbase.exists()  # no lock file, no empty _delta_log
    assert disk.files() == files
    disk.free()
    code, out, err = _cli(*ADD, "--tm", memory.uri, "--user", USER)
    assert (code, err) == (0, ""), err
    assert "1 concepts added" in out
    assert [t.text for c in Termbase(termbase).concepts() for t in c.terms] == [
        "Ұлттық банк",
        "National Bank",
    ]


def test_a_folder_that_was_there_keeps_only_what_it_held(disk: Disk) -> None:
    folder = disk.root / "glossary"
    folder.mkdir()
    (folder / "README.txt").write_text("ours\n", encoding="utf-8")
    disk.fill()
    code, _, err = _cli(*ADD, "--termbase", folder, "--user", USER)
    assert code == 1
    _one_line_no_space(err, folder)
    assert sorted(path.name for path in folder.iterdir()) == ["README.txt"]


def test_a_write_to_a_termbase_on_a_full_disk_changes_nothing(disk: Disk) -> None:
    termbase = Termbase.open(disk.root / "terms", create=True)
    termbase.add([Concept((Term("kk", "Үкімет"), Term("en", "Government")))], user=USER)
    version, rows, files = termbase.version(), termbase.rows(), disk.files()
    disk.fill()
    code, _, err = _cli(*ADD, "--termbase", termbase.uri, "--user", USER)
    assert code == 1
    _one_line_no_space(err, Path(termbase.uri))
    assert termbase.version() == version
    assert termbase.rows().equals(rows)
    assert disk.files() == files
