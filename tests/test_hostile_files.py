"""Hostile files: every bad input of tests/hostile_inputs.py fails with a tm.errors error that
names the file and the line, writes nothing to the TM, and stays within a memory bound;
fuzzed files either read or fail the same way, never with another exception.

Nothing here times a reader: a hang is caught by a watchdog that kills the run after
`HANG_SECONDS` (bench/hostile.py prints the times, and runs the 2 GB inputs).
"""

from __future__ import annotations

import contextlib
import faulthandler
import random
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile_inputs import (
    DOCUMENT_KINDS,
    SEEDS,
    Hostile,
    corpus,
    fuzz_file,
    mutate,
    read_input,
    reset_peak,
    status_kib,
)
from tm.errors import TMError
from tm.store import TranslationMemory
from tm.unit import Unit

HANG_SECONDS = 60
# Above what a reader may hold at once (a 1 MiB line, a 16 MiB article or TMX token), far
# below the 65 MiB of the long inputs: reading one of them whole fails the test.
MEMORY_BOUND = 48 << 20
CORPUS = corpus()


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    """Kill the run, with every thread's traceback, if a reader hangs (even inside C)."""
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> TranslationMemory:
    tm = TranslationMemory.create(
        tmp_path_factory.mktemp("hostile") / "tm", [Unit("kk", "en", "Бар.", "There is.")]
    )
    # Load every reader's libraries now, so that the memory they take is not counted below.
    with tempfile.TemporaryDirectory() as directory:
        for fmt, (_name, seed) in SEEDS.items():
            read_input(fuzz_file(Path(directory), fmt, seed()), fmt)
    return tm


def failure_and_peak(run: Callable[[], object]) -> tuple[Exception | None, int]:
    """What `run` raised, and by how many bytes the process's peak memory grew meanwhile.

    The kernel's resident high-water mark, reset first, counts what C code (libxml2,
    zlib) takes too; where it cannot be reset, tracemalloc counts Python's allocations.
    """
    failure: Exception | None = None
    try:
        reset_peak()
    except OSError:
        tracemalloc.start()
        try:
            run()
        except Exception as err:  # returned for the caller to judge
            failure = err
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        return failure, peak
    before = status_kib("VmRSS")
    try:
        run()
    except Exception as err:  # returned for the caller to judge
        failure = err
    return failure, (status_kib("VmHWM") - before) * 1024


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_a_hostile_file_fails_naming_file_and_line_and_writes_nothing(
    case: Hostile, memory: TranslationMemory, tmp_path: Path
) -> None:
    path = case.write(tmp_path)
    target = None if case.fmt in DOCUMENT_KINDS else memory
    version, rows = memory.version(), memory.units().height
    error, grown = failure_and_peak(lambda: read_input(path, case.fmt, target))
    assert isinstance(error, TMError), error
    named = str(tmp_path / (case.names or case.filename))
    assert getattr(error, "source", None) == named
    assert getattr(error, "line", None) == case.line
    where = named if case.line is None else f"{named}, line {case.line}"
    assert str(error).startswith(where)
    assert case.message in str(error)
    assert (memory.version(), memory.units().height) == (version, rows)
    assert grown < MEMORY_BOUND


@pytest.mark.parametrize(
    ("fmt", "names"),
    [("tsv", ["e.tsv"]), ("csv", ["e.csv"]), ("jsonl", ["e.jsonl"]), ("moses", ["e.kk", "e.en"])],
)
def test_an_empty_file_imports_nothing_and_commits_nothing(
    fmt: str, names: list[str], memory: TranslationMemory, tmp_path: Path
) -> None:
    for name in names:
        (tmp_path / name).write_bytes(b"")
    version = memory.version()
    result = read_input(tmp_path / names[0], fmt, memory)
    assert (getattr(result, "records", None), memory.version()) == (0, version)


def test_the_long_inputs_are_longer_than_every_limit() -> None:
    with pytest.raises(ValueError, match="longer than"):
        corpus(long_bytes=1 << 20)


def test_every_reader_has_hostile_inputs_and_a_fuzz_seed() -> None:
    readers = {"tsv", "csv", "jsonl", "moses", "tmx", "parquet", *DOCUMENT_KINDS}
    assert {case.fmt for case in CORPUS} == readers == set(SEEDS)


# --- fuzzing -------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def reads_or_fails_cleanly(fmt: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = fuzz_file(Path(directory), fmt, content)
        with contextlib.suppress(TMError):  # anything else fails the test
            read_input(path, fmt)


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@FUZZ
@given(rng=st.randoms(use_true_random=False))
def test_a_mutated_file_reads_or_fails_with_a_tm_error(fmt: str, rng: random.Random) -> None:
    reads_or_fails_cleanly(fmt, mutate(SEEDS[fmt][1](), rng))


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@FUZZ
@given(content=st.binary(max_size=512))
def test_random_bytes_read_or_fail_with_a_tm_error(fmt: str, content: bytes) -> None:
    reads_or_fails_cleanly(fmt, content)
