"""The TM on S3: a local S3 emulator (moto's server, in a process of its own on 127.0.0.1)
started by these tests and stopped after them; the store and the CLI reach it through the
environment only (AWS_ENDPOINT_URL and the rest), as a user's set-up does."""

from __future__ import annotations

import csv
import io
import json
import os
import select
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPORA, ROOT
from tests.test_store_concurrency import run_writers
from tm.cli import main
from tm.errors import InputError, StoreError
from tm.store import Scope, TranslationMemory
from tm.unit import Unit

# The emulator runs in its own process: deltalake calls that hold the GIL while they wait
# on the network would stall a server thread in the test's own process. It stops when the
# test closes its stdin, or when the test process dies and the pipe closes.
_SERVER = """
import logging, sys
from moto.server import ThreadedMotoServer
logging.disable(logging.CRITICAL)
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
server.stop()
"""
SERVER_START_SECONDS = 60
WRITERS = 4
ADDS = 10
WRITER_SECONDS = 400  # a bound on the writers, not a speed check (the store's deadline is 300)


@pytest.fixture(scope="module")
def s3() -> Iterator[str]:
    """The emulator's endpoint, with the variables a user sets for it in the environment."""
    with subprocess.Popen(
        [sys.executable, "-c", _SERVER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as server:
        assert server.stdin is not None
        assert server.stdout is not None
        try:
            ready, _, _ = select.select([server.stdout], [], [], SERVER_START_SECONDS)
            assert ready, "the S3 emulator did not start"
            endpoint = f"http://127.0.0.1:{int(server.stdout.readline())}"
            with pytest.MonkeyPatch.context() as patch:
                for name, value in {
                    "AWS_ENDPOINT_URL": endpoint,
                    "AWS_ACCESS_KEY_ID": "testing",
                    "AWS_SECRET_ACCESS_KEY": "testing",
                    "AWS_REGION": "us-east-1",
                    "AWS_ALLOW_HTTP": "true",
                }.items():
                    patch.setenv(name, value)
                yield endpoint
        finally:
            server.stdin.close()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=15)


def _client(endpoint: str) -> Any:
    import boto3  # moto's own dependency

    return boto3.client("s3", endpoint_url=endpoint)


def _put_new(endpoint: str, uri: str, body: bytes) -> bool:
    """Put an object only if the key is free (If-None-Match); False when it is taken."""
    from botocore.exceptions import ClientError

    bucket, _, key = uri.removeprefix("s3://").partition("/")
    try:
        _client(endpoint).put_object(Bucket=bucket, Key=key, Body=body, IfNoneMatch="*")
    except ClientError as refused:
        if refused.response["Error"]["Code"] == "PreconditionFailed":
            return False
        raise
    return True


def _get(endpoint: str, uri: str) -> bytes:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    return bytes(_client(endpoint).get_object(Bucket=bucket, Key=key)["Body"].read())


@pytest.fixture
def bucket(s3: str) -> str:
    """A new, empty bucket: its s3:// URI."""
    name = f"tm-{uuid.uuid4().hex[:12]}"
    _client(s3).create_bucket(Bucket=name)
    return f"s3://{name}"


def _kk_en(source: str, target: str, **extra: object) -> Unit:
    return Unit("kk", "en", source, target, **extra)  # type: ignore[arg-type]


def test_the_emulator_refuses_a_second_create_of_a_key(s3: str, bucket: str) -> None:
    # What makes a Delta commit safe on S3: the next log entry is written with
    # If-None-Match, and a second writer of the same entry is refused.
    entry = f"{bucket}/tm/_delta_log/{1:020d}.json"
    assert _put_new(s3, entry, b"first")
    assert not _put_new(s3, entry, b"second")
    assert _get(s3, entry) == b"first"


def test_a_tm_on_s3_is_created_written_read_and_restored(bucket: str) -> None:
    uri = f"{bucket}/tm"
    assert not TranslationMemory.exists(uri)
    with pytest.raises(StoreError, match="no translation memory there"):
        TranslationMemory.open(uri)
    memory = TranslationMemory.open(uri, create=True)
    assert TranslationMemory.exists(uri)
    added = memory.add(
        [
            _kk_en("Үкімет жаңа заң жобасын талқылады.", "The government discussed a new bill."),
            _kk_en("Астанада кездесу өтті.", "A meeting took place in Astana."),
        ],
        user="aigerim",
    )
    assert (added.added, added.version) == (2, 1)
    again = memory.add(
        [_kk_en("Астанада кездесу өтті.", "A meeting took place in Astana.")], user="x"
    )
    assert (again.added, again.skipped) == (0, 1)

    saved = memory.replace(
        [
            _kk_en("Бірінші сөйлем.", "First sentence.", doc_id="d1", seg_no=0),
            _kk_en("Екінші сөйлем.", "Second sentence.", doc_id="d1", seg_no=1),
        ],
        Scope("d1", "kk", "en"),
        user="editor",
    )
    assert saved.added == 2
    resaved = memory.replace(
        [_kk_en("Бірінші сөйлем.", "First sentence.", doc_id="d1", seg_no=0)],
        Scope("d1", "kk", "en"),
        user="editor",
    )
    assert (resaved.unchanged, resaved.retired) == (1, 1)
    assert memory.stats().units == 3

    from tm.fuzzy import lookup

    (match,) = lookup(memory, "Үкімет жаңа заң жобасын талқылады.", "kk", "en")
    assert (match.score, match.target) == (100, "The government discussed a new bill.")
    # A follower catches up with a commit made after it was built (reading added files).
    memory.add(
        [_kk_en("Үкімет ескі заң жобасын талқылады.", "The government discussed an old bill.")],
        user="u",
    )
    targets = {m.target for m in lookup(memory, "Үкімет ескі заң жобасын талқылады.", "kk", "en")}
    assert "The government discussed an old bill." in targets

    unit_id = memory.units().filter(memory.units()["source"] == "Екінші сөйлем.")["unit_id"].item()
    assert [state.change for state in memory.history(unit_id)] == ["insert", "update"]
    assert memory.unit(unit_id)["status"] == "retired"
    restored = memory.restore(saved.version, user="admin")
    assert memory.unit(unit_id)["status"] == "draft"
    assert memory.log()[0].user == "admin"
    assert restored.version == memory.version()


def _run_cli(*args: str | Path) -> tuple[int, str]:
    out = io.StringIO()
    code = main([str(arg) for arg in args], stdout=out, stderr=out)
    return code, out.getvalue()


def test_every_cli_command_that_takes_a_tm_works_on_s3(bucket: str, tmp_path: Path) -> None:
    tm = f"{bucket}/tm"
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "source\ttarget\nҮкімет жаңа заң жобасын талқылады.\tThe government discussed a new bill.\n"
        "Астанада кездесу өтті.\tA meeting took place in Astana.\n",
        encoding="utf-8",
    )
    # A separate process, as a user runs it, configured by the environment alone.
    imported = subprocess.run(
        [sys.executable, "-m", "tm", "import", str(pairs), "--tm", tm,
         "--src-lang", "kk", "--tgt-lang", "en", "--user", "importer"],
        capture_output=True, text=True, cwd=ROOT, timeout=180, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert "2 added" in imported.stdout

    code, out = _run_cli("stats", "--tm", tm, "--format", "json")
    assert code == 0, out
    assert json.loads(out)["by_pair"] == {"kk-en": 2}
    code, out = _run_cli(
        "lookup", "--tm", tm, "--src-lang", "kk", "--tgt-lang", "en", "--format", "json",
        "Үкімет жаңа заң жобасын талқылады.",
    )  # fmt: skip
    assert code == 0, out
    assert json.loads(out)[0]["target"] == "The government discussed a new bill."
    unit_id = json.loads(out)[0]["unit_id"]
    code, out = _run_cli("concordance", "--tm", tm, "--lang", "kk", "Астана")
    assert code == 0, out
    assert "Астанада" in out
    code, out = _run_cli("unit", "approve", unit_id, "--tm", tm, "--user", "editor")
    assert (code, "approve: 1 units changed" in out) == (0, True), out
    exported = tmp_path / "approved.tmx"
    code, out = _run_cli("export", "--tm", tm, "--format", "tmx", "--status", "approved", exported)
    assert code == 0, out
    assert "The government discussed a new bill." in exported.read_text(encoding="utf-8")
    assert "Astana" not in exported.read_text(encoding="utf-8")
    code, out = _run_cli("history", unit_id, "--tm", tm, "--format", "json")
    assert code == 0, out
    assert [(s["change"], s["user"]) for s in json.loads(out)] == [
        ("insert", "importer"),
        ("update", "editor"),
    ]
    code, out = _run_cli("log", "--tm", tm)
    assert (code, out.splitlines()[0].startswith("v2 ")) == (0, True), out
    code, out = _run_cli("restore", "--tm", tm, "--version", "1", "--user", "admin", "--yes")
    assert code == 0, out
    assert "as version 3" in out
    code, out = _run_cli("vacuum", "--tm", tm, "--keep-days", "30")
    assert code == 0, out

    kk, en = CORPORA / "karis" / "kk.txt", CORPORA / "karis" / "en.txt"
    code, out = _run_cli(
        "align", "--src-lang", "kk", "--tgt-lang", "en", kk, en, "--save", "karis",
        "--tm", tm, "--use-tm",
    )  # fmt: skip
    assert code == 0, out
    code, out = _run_cli("stats", "--tm", tm, "--format", "json")
    assert json.loads(out)["by_status"]["aligned"] > 70
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_text("Үкімет 2024 жылы заң жобасын талқылады.\n", encoding="utf-8")
    tgt.write_text("In 2025 the government discussed a bill.\n", encoding="utf-8")
    code, out = _run_cli("qa", "--src-lang", "kk", "--tgt-lang", "en", src, tgt, "--tm", tm)
    assert code == 0, out
    assert "numbers" in out
    manifest = tmp_path / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("doc_id", "kk", "en", "ru"), ("karis-b", kk, en, "")])
    code, out = _run_cli(
        "batch", "align", manifest, "--src-lang", "kk", "--tgt-lang", "en", "--tm", tm,
    )  # fmt: skip
    assert code == 0, out
    assert "1 of 1 document pairs aligned" in out


def test_a_commit_never_replaces_a_log_entry_another_writer_made(
    s3: str, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tm.store

    uri = f"{bucket}/tm"
    memory = TranslationMemory.create(uri, [_kk_en("Бір.", "One.")], user="seed")
    entry = f"{uri}/_delta_log/{1:020d}.json"
    foreign = json.dumps({"commitInfo": {"timestamp": 1, "operation": "OTHER"}}) + "\n"
    properties = tm.store._commit_properties

    def another_writer_commits_first(user: str, operation: str, role: object = None) -> object:
        # Called once the write has read the table and before it commits as version 1:
        # another writer's commit (one that changes no data) takes version 1 meanwhile.
        _put_new(s3, entry, foreign.encode())
        return properties(user, operation, role)  # type: ignore[arg-type]

    monkeypatch.setattr(tm.store, "_commit_properties", another_writer_commits_first)
    result = memory.add([_kk_en("Екі.", "Two.")], user="second")
    assert result.version == 2
    assert _get(s3, entry).decode() == foreign
    assert sorted(memory.units()["source"]) == ["Бір.", "Екі."]
    assert [commit.operation for commit in memory.log()][:2] == ["add", "other"]


def _writer(uri: str, worker: int) -> None:
    memory = TranslationMemory(uri)
    for step in range(ADDS):
        memory.add(
            [_kk_en(f"Жазушы {worker}, қадам {step}.", f"Writer {worker}, step {step}.")],
            user=f"writer-{worker}",
        )


def test_four_processes_adding_ten_times_each_all_land(bucket: str) -> None:
    memory = TranslationMemory.create(f"{bucket}/tm")
    run_writers(_writer, memory.uri, WRITERS, WRITER_SECONDS)

    units = memory.units()
    assert units.height == WRITERS * ADDS
    assert set(units["source"]) == {
        f"Жазушы {w}, қадам {s}." for w in range(WRITERS) for s in range(ADDS)
    }
    adds = Counter(commit.user for commit in memory.log() if commit.operation == "add")
    assert adds == {f"writer-{w}": ADDS for w in range(WRITERS)}
    assert memory.version() == WRITERS * ADDS  # one commit each, after the create


def test_two_edits_into_one_pair_on_s3_leave_one_unit(
    bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writers on other machines share no lock: the second edit's commit must conflict
    with the first (Delta's check) and find the pair taken when it tries again."""
    import tm.store

    memory = TranslationMemory.create(
        f"{bucket}/tm", [_kk_en("Кеңес өтті.", "The council met.")], user="seed"
    )
    memory.add([_kk_en("Кеңес өтті.", "A council met.")], user="seed")  # a file of its own
    first, second = memory.units().sort("target")["unit_id"].to_list()
    properties = tm.store._commit_properties
    interleaved: list[str] = []

    def another_editor_commits_first(user: str, operation: str, role: object = None) -> object:
        if user == "ana" and not interleaved:
            interleaved.append("bek")  # after ana's check and read, before her commit
            TranslationMemory(memory.uri).edit(second, target="The Council met.", user="bek")
        return properties(user, operation, role)  # type: ignore[arg-type]

    monkeypatch.setattr(tm.store, "_commit_properties", another_editor_commits_first)
    with pytest.raises(InputError, match="the same pair exists already as unit"):
        memory.edit(first, target="The Council met.", user="ana")
    units = memory.units()
    assert interleaved == ["bek"]
    assert units["content_key"].n_unique() == units.height == 2


def test_a_tm_under_a_key_with_a_space_reads_and_looks_up(bucket: str) -> None:
    from tm.fuzzy import lookup

    memory = TranslationMemory.create(
        f"{bucket}/аударма жады", [_kk_en("Бір сөйлем мұнда.", "One.")], user="a"
    )
    assert memory.stats().units == 1
    assert lookup(memory, "Бір сөйлем мұнда.", "kk", "en")[0].target == "One."
    memory.add([_kk_en("Екі сөйлем мұнда.", "Two.")], user="a")
    assert lookup(memory, "Екі сөйлем мұнда.", "kk", "en")[0].target == "Two."
