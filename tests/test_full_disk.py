"""A full disk: writes fail with one clear error and leave the TM and its folder as they
were, reads keep working, and nothing is left behind (nor by a killed export).

Each test runs twice, on two kinds of full disk:

- `tmpfs`: a real filesystem, a 16 MiB tmpfs mounted for the test (root, and a system that
  lets it mount) and filled by a file that takes all but the space asked for;
- `simulated`: a folder whose writes fail with ENOSPC while it is "full": deltalake's
  writers (made to leave the orphan data files a failed commit leaves, then fail as
  deltalake does, from Rust), polars' and numpy's file writers, and files opened to be
  written. It runs everywhere, so where nothing can be mounted the same assertions still
  run.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np
import polars as pl
import pytest

from tests.conftest import ROOT
from tm.cli import main
from tm.errors import StoreError
from tm.fuzzy import concordance, lookup
from tm.fuzzy import index as fuzzy_index
from tm.store import TranslationMemory, Unit

USER = "tester"
_NO_SPACE = os.strerror(errno.ENOSPC)
# What deltalake raises (from Rust) when a data file or a log entry meets a full disk.
_RUST_NO_SPACE = (
    "Generic LocalFileSystem error: Unable to copy data to file: "
    f"{_NO_SPACE} (os error {errno.ENOSPC})"
)

_KK = ["үкімет", "жоба", "талқылады", "астана", "елорда", "мектеп", "бидай", "экспорт"]
_KK += ["теміржол", "қазақстан", "министр", "кездесу", "жиналыс", "жыл", "ай", "тонна"]
_EN = ["government", "project", "discussed", "astana", "capital", "school", "wheat", "export"]
_EN += ["railway", "kazakhstan", "minister", "meeting", "assembly", "year", "month", "tonnes"]


def _units(count: int, *, seed: int = 1, doc: str = "news") -> list[Unit]:
    pick = random.Random(seed)
    units = []
    for number in range(count):
        words = pick.sample(range(len(_KK)), 8)
        units.append(
            Unit(
                "kk",
                "en",
                " ".join(_KK[w] for w in words) + f" {number}.",
                " ".join(_EN[w] for w in words) + f" {number}.",
                doc_id=doc,
                seg_no=number,
            )
        )
    return units


# --- the two kinds of full disk ------------------------------------------------------------


class _Tmpfs:
    """A real filesystem; `fill` leaves `leave` bytes free."""

    kind = "tmpfs"

    def __init__(self, root: Path) -> None:
        self.root = root
        self._filler = root / "filler"

    def fill(self, leave: int = 0) -> None:
        self.free()
        stats = os.statvfs(self.root)
        take = stats.f_bavail * stats.f_frsize - leave
        if take > 0:
            descriptor = os.open(self._filler, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                os.posix_fallocate(descriptor, 0, take)
            finally:
                os.close(descriptor)

    def free(self) -> None:
        self._filler.unlink(missing_ok=True)

    def files(self) -> set[Path]:
        return _files(self.root) - {self._filler}


def _files(root: Path) -> set[Path]:
    """The files under `root` that hold data (an empty lock file a writer opened does not)."""
    return {path for path in root.rglob("*") if path.is_file() and path.name != ".tm-write.lock"}


class _Failing:
    """A stream whose writes fail as on a full disk while `full()` says so (everything else
    is the real stream's)."""

    def __init__(self, stream: IO[bytes], full: Callable[[], bool]) -> None:
        self._stream = stream
        self._full = full

    def write(self, data: Any) -> int:
        if self._full():
            raise OSError(errno.ENOSPC, _NO_SPACE)
        return self._stream.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __enter__(self) -> _Failing:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


class _Simulated:
    """A folder whose writes fail with ENOSPC while it is full (see the module docstring)."""

    kind = "simulated"

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.full = False
        self._patch(monkeypatch)

    def fill(self, leave: int = 0) -> None:
        self.full = True  # no amount of space to leave: every write fails

    def free(self) -> None:
        self.full = False

    def files(self) -> set[Path]:
        return _files(self.root)

    def _here(self, where: object) -> bool:
        return self.full and self._under(where)

    def _under(self, where: object) -> bool:
        return str(self.root) in str(where)

    def _is_full(self) -> bool:
        return self.full

    def _half_commit(self, uri: str) -> None:
        """The data files a commit wrote before its log entry failed: no version names them."""
        table = Path(uri.removeprefix("file://"))
        (table / "_change_data").mkdir(exist_ok=True)
        for folder in (table, table / "_change_data"):
            (folder / f"part-00000-{uuid.uuid4()}-c000.snappy.parquet").write_bytes(b"PAR1")

    def _patch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import deltalake
        import deltalake.table
        from deltalake.exceptions import DeltaError

        def deltalake_write(real: Callable[..., Any], uri: Callable[..., str]) -> Any:
            def write(*args: Any, **kwargs: Any) -> Any:
                where = uri(*args)
                if self._here(where):
                    self._half_commit(where)
                    raise DeltaError(f"Failed to parse parquet: External: {_RUST_NO_SPACE}")
                return real(*args, **kwargs)

            return write

        def table_uri(table: Any, *_: Any) -> str:
            return str(table if isinstance(table, str | Path) else table.table_uri)

        monkeypatch.setattr(
            deltalake, "write_deltalake", deltalake_write(deltalake.write_deltalake, table_uri)
        )
        merger = deltalake.table.TableMerger
        monkeypatch.setattr(
            merger, "execute", deltalake_write(merger.execute, lambda m: m._table.table_uri())
        )
        for name in ("delete", "restore"):
            real = getattr(deltalake.DeltaTable, name)
            monkeypatch.setattr(deltalake.DeltaTable, name, deltalake_write(real, table_uri))
        optimizer = deltalake.table.TableOptimizer
        for name in ("compact", "z_order"):
            real = getattr(optimizer, name)
            monkeypatch.setattr(
                optimizer, name, deltalake_write(real, lambda o, *_: o.table.table_uri)
            )

        real_parquet = pl.DataFrame.write_parquet

        def write_parquet(frame: pl.DataFrame, file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, str | Path) and self._here(file):
                Path(file).write_bytes(b"PAR1")  # polars leaves what it wrote so far
                raise pl.exceptions.ComputeError(
                    f"parquet: File out of specification: underlying IO error: {_NO_SPACE} "
                    f"(os error {errno.ENOSPC})"
                )
            return real_parquet(frame, file, *args, **kwargs)

        monkeypatch.setattr(pl.DataFrame, "write_parquet", write_parquet)
        real_savez = np.savez

        def savez(file: Any, *args: Any, **kwargs: Any) -> None:
            if self._here(file):
                Path(file).write_bytes(b"PK")
                raise OSError(errno.ENOSPC, _NO_SPACE)
            real_savez(file, *args, **kwargs)

        monkeypatch.setattr(np, "savez", savez)
        real_write_text = Path.write_text

        def write_text(path: Path, *args: Any, **kwargs: Any) -> int:
            if self._here(path):
                path.touch()
                raise OSError(errno.ENOSPC, _NO_SPACE)
            return real_write_text(path, *args, **kwargs)

        monkeypatch.setattr(Path, "write_text", write_text)
        real_open = Path.open

        def path_open(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            stream = real_open(path, mode, *args, **kwargs)
            writing = any(flag in mode for flag in "wxa")
            return _Failing(stream, self._is_full) if writing and self._under(path) else stream

        monkeypatch.setattr(Path, "open", path_open)
        real_fdopen = os.fdopen

        def fdopen(descriptor: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            stream = real_fdopen(descriptor, mode, *args, **kwargs)
            with contextlib.suppress(OSError):
                where = os.readlink(f"/proc/self/fd/{descriptor}")
                if any(flag in mode for flag in "wxa") and self._under(where):
                    return _Failing(stream, self._is_full)
            return stream

        monkeypatch.setattr(os, "fdopen", fdopen)


Disk = _Tmpfs | _Simulated


def _mounted(root: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(root)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture(params=["tmpfs", "simulated"])
def disk(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Disk]:
    root = tmp_path / "disk"
    root.mkdir()
    monkeypatch.setattr(fuzzy_index, "_OPEN", {})  # no index kept from another test
    if request.param == "simulated":
        yield _Simulated(root, monkeypatch)
        return
    if not _mounted(root):
        pytest.skip("no tmpfs can be mounted here (not root); the simulated disk runs instead")
    try:
        yield _Tmpfs(root)
    finally:
        if subprocess.run(["umount", str(root)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(root)], check=False)


@pytest.fixture
def memory(disk: Disk) -> TranslationMemory:
    """A TM of 1,500 units on the disk, its fuzzy index and history index saved."""
    made = TranslationMemory.create(disk.root / "tm", _units(1_500), user=USER)
    made.approve([made.units()["unit_id"][0]], user=USER)
    lookup(made, _units(1)[0].source, "kk", "en")
    made.history(made.units()["unit_id"][0])
    assert (disk.root / "tm" / "_fuzzy" / "CURRENT").is_file()
    assert list((disk.root / "tm" / "_history").glob("v*.parquet"))
    return made


def _cli(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _state(memory: TranslationMemory) -> tuple[int, pl.DataFrame]:
    return memory.version(), memory.units().sort("unit_id")


def _assert_unchanged(memory: TranslationMemory, before: tuple[int, pl.DataFrame]) -> None:
    version, units = _state(memory)
    assert version == before[0]
    assert units.equals(before[1])


def _first_id(memory: TranslationMemory) -> str:
    return str(memory.units().sort("unit_id")["unit_id"][0])


# --- writes --------------------------------------------------------------------------------

# Each write of the TM, as the CLI runs it: (memory, folder outside the disk) -> arguments.
WRITES: dict[str, Callable[[TranslationMemory, Path], list[str | Path]]] = {
    "approve": lambda memory, _: ["unit", "approve", _first_id(memory)],
    "edit": lambda memory, _: ["unit", "edit", _first_id(memory), "--target", "Changed."],
    "delete": lambda memory, _: ["unit", "delete", _first_id(memory)],
    "import": lambda memory, outside: [
        "import",
        _tsv(outside),
        "--src-lang",
        "kk",
        "--tgt-lang",
        "en",
    ],
    "restore": lambda memory, _: ["restore", "--version", "0", "--yes"],
    "users add": lambda memory, _: ["users", "add", "ed", "--role", "editor"],
}


def _tsv(folder: Path) -> Path:
    path = folder / "more.tsv"
    rows = [f"{unit.source} жаңа\t{unit.target} new" for unit in _units(50, seed=9)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_write_on_a_full_disk_fails_in_one_line_and_changes_nothing(
    write: str, disk: Disk, memory: TranslationMemory, tmp_path: Path
) -> None:
    arguments = WRITES[write](memory, tmp_path)
    before, files = _state(memory), disk.files()
    disk.fill()
    code, _, err = _cli(*arguments, "--tm", memory.uri, "--user", USER)
    assert code == 1
    assert err.count("\n") == 1, err
    assert err.startswith(f"error: {memory.uri}: no space left on device"), err
    _assert_unchanged(memory, before)
    assert disk.files() == files  # no orphan data file, log entry or staging file


def test_the_store_raises_a_store_error_naming_the_tm(
    disk: Disk, memory: TranslationMemory
) -> None:
    before = _state(memory)
    disk.fill()
    with pytest.raises(StoreError, match="no space left on device; nothing was written") as error:
        memory.approve([_first_id(memory)], user=USER)
    assert memory.uri in str(error.value)
    _assert_unchanged(memory, before)


def _data_bytes_of_an_edit(memory: TranslationMemory, unit_id: str) -> int:
    """The space the data files of this edit take (whole pages), tried on a copy of the TM:
    with that much left, the data is written and the log entry is not."""
    copy = Path(memory.uri).with_name("copy")
    shutil.copytree(memory.uri, copy)
    try:
        before = set(copy.rglob("*.parquet"))
        TranslationMemory.open(copy).edit(unit_id, target="Edited.", user=USER)
        page = os.statvfs(copy).f_frsize
        made = set(copy.rglob("*.parquet")) - before
        return sum(-(-path.stat().st_size // page) * page for path in made)
    finally:
        shutil.rmtree(copy)


# Space left: none, a little, the data files of the edit but not its log entry, plenty.
@pytest.mark.parametrize("leave", [0, 16 << 10, 128 << 10, None, 4 << 20])
def test_a_write_lands_whole_or_not_at_all_whatever_space_is_left(
    leave: int | None, disk: Disk, memory: TranslationMemory
) -> None:
    unit_id = _first_id(memory)
    if leave is None:
        leave = _data_bytes_of_an_edit(memory, unit_id)
    before, files = _state(memory), disk.files()
    disk.fill(leave=leave)
    try:
        memory.edit(unit_id, target="Edited.", user=USER)
    except StoreError as error:
        failed: StoreError | None = error
    else:
        failed = None
    if failed is not None:
        assert "no space left on device" in str(failed)
        _assert_unchanged(memory, before)
        assert disk.files() == files
    else:
        assert memory.version() == before[0] + 1
        assert "Edited." in memory.units()["target"].to_list()
        table_files = {path for path in disk.files() if "_delta_log" not in path.parts}
        named = {Path(uri.removeprefix("file://")) for uri in memory._table().file_uris()}
        orphans = {
            path
            for path in table_files - files
            if path.parent == Path(memory.uri) and path not in named
        }
        assert not orphans


# --- reads ---------------------------------------------------------------------------------


def test_lookup_and_concordance_on_a_full_disk_give_what_they_gave_before(
    disk: Disk, memory: TranslationMemory
) -> None:
    query = _units(3)[2].source
    matches = lookup(memory, query, "kk", "en", top=5)
    hits = concordance(memory, "астана", "kk", side="source", limit=50)
    # The next lookup must build the index afresh, and cannot save it.
    shutil.rmtree(Path(memory.uri) / fuzzy_index.INDEX_FOLDER)
    fuzzy_index._OPEN.clear()
    files = disk.files()
    disk.fill()
    assert lookup(memory, query, "kk", "en", top=5) == matches
    assert concordance(memory, "астана", "kk", side="source", limit=50) == hits
    fuzzy_index._OPEN.clear()
    code, out, err = _cli(
        "lookup", "--tm", memory.uri, "--src-lang", "kk", "--tgt-lang", "en", query
    )
    assert (code, err) == (0, "")
    assert matches[0].target in out
    assert disk.files() == files  # no `_fuzzy/tmp-*` left to refill the disk


def test_history_on_a_full_disk_gives_what_it_gave_before(
    disk: Disk, memory: TranslationMemory
) -> None:
    unit_id = _first_id(memory)
    memory.approve([unit_id], user=USER)
    shown = memory.history(unit_id)
    log = memory.log()
    # The next history must read the change feed afresh, and cannot keep its index.
    shutil.rmtree(Path(memory.uri) / "_history")
    files = disk.files()
    disk.fill()
    assert memory.history(unit_id) == shown
    assert memory.log() == log
    code, out, err = _cli("history", unit_id, "--tm", memory.uri)
    assert (code, err) == (0, "")
    assert out.count(USER) >= len(shown)
    assert disk.files() == files  # no `_history/tmp-*.parquet`


# --- exports -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["tmx", "parquet", "jsonl", "moses"])
def test_an_export_on_a_full_disk_names_its_file_and_leaves_nothing(
    fmt: str, disk: Disk, memory: TranslationMemory
) -> None:
    out = disk.root / f"corpus.{fmt}" if fmt != "moses" else disk.root / "corpus"
    files = disk.files()
    disk.fill()
    code, _, err = _cli("export", out, "--tm", memory.uri, "--format", fmt)
    assert code == 1
    assert err.count("\n") == 1, err
    assert err.startswith(f"error: {out}"), err
    assert _NO_SPACE in err
    assert disk.files() == files  # no output, no `.partial`


def test_an_export_to_standard_output_on_a_full_disk_fails_in_one_line(
    disk: Disk, memory: TranslationMemory
) -> None:
    redirected = (disk.root / "redirected.tmx").open("wb")
    disk.fill()
    stdout = io.TextIOWrapper(redirected, encoding="utf-8")
    err = io.StringIO()
    code = main(["export", "-", "--tm", memory.uri, "--format", "tmx"], stdout=stdout, stderr=err)
    with contextlib.suppress(OSError):  # what is still buffered cannot be written either
        stdout.close()
    assert code == 1
    assert err.getvalue() == f"error: standard output: {_NO_SPACE}\n"


# --- and then space again --------------------------------------------------------------------


def test_after_space_is_freed_everything_works_again(disk: Disk, memory: TranslationMemory) -> None:
    unit_id = _first_id(memory)
    version = memory.version()
    shutil.rmtree(Path(memory.uri) / fuzzy_index.INDEX_FOLDER)
    shutil.rmtree(Path(memory.uri) / "_history")
    disk.fill()
    with pytest.raises(StoreError):
        memory.approve([unit_id], user=USER)
    lookup(memory, _units(1)[0].source, "kk", "en")
    fuzzy_index._OPEN.clear()
    disk.free()
    memory.approve([unit_id], user=USER)
    assert memory.version() == version + 1
    lookup(memory, _units(1)[0].source, "kk", "en")
    assert (Path(memory.uri) / fuzzy_index.INDEX_FOLDER / "CURRENT").is_file()
    assert [state.values["status"] for state in memory.history(unit_id)][-1] == "approved"
    assert list((Path(memory.uri) / "_history").glob("v*.parquet"))
    code, _, err = _cli("export", disk.root / "corpus.tmx", "--tm", memory.uri)
    assert (code, err) == (0, "")
    assert (disk.root / "corpus.tmx").read_text(encoding="utf-8").count("<tu ") == 1_500


# --- leftovers of processes that were killed ---------------------------------------------------


def test_a_save_of_the_index_clears_what_killed_saves_left(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm", _units(20), user=USER)
    folder = tmp_path / "tm" / fuzzy_index.INDEX_FOLDER
    folder.mkdir()
    abandoned, in_progress = folder / "tmp-abandoned", folder / "tmp-in-progress"
    for staging in (abandoned, in_progress):
        staging.mkdir()
        (staging / "rows.parquet").write_bytes(b"PAR1")
    pointer = folder / "CURRENT.abandoned"
    pointer.write_text("v0-x", encoding="utf-8")
    long_ago = time.time() - 2 * fuzzy_index._ABANDONED_AFTER_SECONDS
    for path in (abandoned, pointer):
        os.utime(path, (long_ago, long_ago))
    fuzzy_index.FuzzyIndex.open(memory)
    assert not abandoned.exists()
    assert not pointer.exists()
    assert in_progress.exists()  # another process may be writing it now
    assert (folder / "CURRENT").is_file()


def _unnamed_files_supported(folder: Path) -> bool:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return False
    try:
        os.close(os.open(folder, flag | os.O_WRONLY, 0o600))
    except OSError:
        return False
    return True


def _export_being_written(process: subprocess.Popen[bytes], folder: Path) -> bool:
    """Whether the export process holds a non-empty file of `folder` open for writing."""
    descriptors = Path(f"/proc/{process.pid}/fd")
    with contextlib.suppress(OSError):
        for descriptor in descriptors.iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(descriptor)
                if target.startswith(str(folder)) and descriptor.stat().st_size > 0:
                    return True
    return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to watch the export")
def test_a_killed_export_leaves_no_partial_file(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm", _units(20_000), user=USER)
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    out = out_folder / "corpus.tmx"
    command = [sys.executable, "-m", "tm", "export", str(out), "--tm", memory.uri]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while process.poll() is None and not _export_being_written(process, out_folder):
            time.sleep(0.005)
        assert process.poll() is None, "the export ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert not out.exists()  # never half a file under the name asked for
    if _unnamed_files_supported(out_folder):
        assert list(out_folder.iterdir()) == []  # the file being written had no name
    # Whatever it left, the next export to that file clears it, and writes it whole.
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert list(out_folder.iterdir()) == [out]
    assert out.read_text(encoding="utf-8").count("<tu ") == 20_000
