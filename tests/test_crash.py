"""kill -9 in the middle of a write: the TM opens afterwards as it was before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import ROOT
from tm.store import TranslationMemory, Unit

UNITS = 100_000

# The child prepares its data, says "ready", and then starts the one write under test.
_CHILD = """
import sys
from tm.store import TranslationMemory, Unit
uri, operation, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
memory = TranslationMemory(uri)
if operation == "import":
    units = [Unit("kk", "en", f"Сөйлем {i} жаңа.", f"Sentence {i} new.") for i in range(size)]
elif operation == "merge":
    units = [Unit("kk", "en", f"Сөйлем {i}.", f"Sentence {i}.", status="approved",
                  doc_id="merged") for i in range(size)]
print("ready", flush=True)
if operation == "compact":
    memory.compact()
else:
    memory.add(units, user="crasher")
"""


def _snapshot(memory: TranslationMemory) -> pl.DataFrame:
    return memory.units().drop("changed_at", "changed_by").sort("content_key")


@pytest.fixture(scope="module")
def base_tm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("crash") / "tm"
    memory = TranslationMemory.create(
        location,
        [Unit("kk", "en", f"Сөйлем {i}.", f"Sentence {i}.") for i in range(UNITS)],
        user="seed",
    )
    # A few small commits give compaction something to do.
    for batch in range(4):
        memory.add([Unit("kk", "ru", f"Бөлік {batch}.", f"Часть {batch}.")], user="seed")
    return location


def _data_files(location: Path) -> set[str]:
    return {name for name in os.listdir(location) if name.endswith(".parquet")}


def _commits(location: Path) -> set[str]:
    return {name for name in os.listdir(location / "_delta_log") if name.endswith(".json")}


def _kill_when_a_data_file_appears(location: Path, operation: str) -> bool:
    """Start the write in a child and kill it as soon as its first data file is on disk;
    True when the kill landed before the write committed (no new version in the log)."""
    files, commits = _data_files(location), _commits(location)
    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(location), operation, str(UNITS)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        while not _data_files(location) - files:
            assert child.poll() is None, "the write ended before any data file was seen"
            time.sleep(0.0005)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    return _commits(location) == commits


# A busy machine may wake the watcher only after the commit: such a run proves nothing
# and is tried again, on a fresh copy.
ATTEMPTS = 4


@pytest.mark.parametrize("operation", ["import", "merge", "compact"])
def test_a_write_killed_after_its_data_files_began_and_before_its_commit_changes_nothing(
    base_tm: Path, tmp_path: Path, operation: str
) -> None:
    for attempt in range(ATTEMPTS):
        location = tmp_path / f"tm-{attempt}"
        subprocess.run(["cp", "-r", str(base_tm), str(location)], check=True)
        before = _snapshot(TranslationMemory(location))
        if _kill_when_a_data_file_appears(location, operation):
            break
    else:
        pytest.fail(f"no kill landed between the first data file and the commit in {ATTEMPTS}")
    # The write had begun (its data file is there) and had not committed: nothing changed.
    after = _snapshot(TranslationMemory.open(location))
    assert after.equals(before)
    # The half-written files are orphans no version refers to: the TM writes on.
    TranslationMemory(location).add([Unit("kk", "en", "Кейін.", "Afterwards.")], user="next")
    assert TranslationMemory(location).units().height == before.height + 1
