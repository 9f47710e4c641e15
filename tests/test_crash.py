"""kill -9 in the middle of a write: the TM opens afterwards, as it was before or after."""

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


@pytest.mark.parametrize("operation", ["import", "merge", "compact"])
@pytest.mark.parametrize("delay", [0.05, 0.4, 1.2])
def test_a_killed_write_leaves_the_state_before_or_after(
    base_tm: Path, tmp_path: Path, operation: str, delay: float
) -> None:
    location = tmp_path / "tm"
    subprocess.run(["cp", "-r", str(base_tm), str(location)], check=True)
    memory = TranslationMemory(location)
    before = _snapshot(memory)

    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(location), operation, str(UNITS)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)

    after = _snapshot(TranslationMemory.open(location))
    if operation == "compact" or after.equals(before):
        # Compaction never changes the units; otherwise the kill came before the commit.
        assert after.equals(before)
        return
    # The write went through before the kill: then it is complete.
    if operation == "import":
        assert after.height == before.height + UNITS
    else:
        assert after.height == before.height
        assert after.filter(pl.col("src_lang") == "kk", pl.col("tgt_lang") == "en")[
            "status"
        ].unique().to_list() == ["approved"]
