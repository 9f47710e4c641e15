"""history, log, restore and vacuum from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import run
from tm.store import TranslationMemory, Unit


def test_history_log_and_restore(tmp_path: Path) -> None:
    location = tmp_path / "tm"
    memory = TranslationMemory.create(location, [Unit("kk", "en", "Бір.", "One.")], user="seed")
    unit_id = memory.units()["unit_id"].item()
    memory.approve([unit_id], user="editor")
    memory.delete([unit_id], user="admin")

    history = run("history", unit_id, "--tm", location, "--format", "json")
    assert history.returncode == 0, history.stderr
    assert [(s["change"], s["user"], s["status"]) for s in json.loads(history.stdout)] == [
        ("insert", "seed", "draft"),
        ("update", "editor", "approved"),
        ("delete", "admin", "approved"),
    ]

    log = run("log", "--tm", location)
    assert log.stdout.splitlines()[0].startswith("v2 ")
    assert "admin (admin)  delete" in log.stdout  # a single-user TM: its writer is admin

    asked = run("restore", "--tm", location, "--version", "1", "--user", "admin")
    assert asked.returncode == 0, asked.stderr
    assert "undoes 1 version (2..2) by admin: 0 units made since are taken out, 1 deleted" in (
        asked.stdout
    )
    assert "nothing was changed: run again with --yes" in asked.stdout
    assert memory.version() == 2

    restored = run("restore", "--tm", location, "--version", "1", "--user", "admin", "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "restored version 1 as version 3 (1 units)" in restored.stdout
    assert f"to undo it: python -m tm restore --tm {location} --version 2" in restored.stdout
    assert memory.unit(unit_id)["status"] == "approved"

    bad = run("restore", "--tm", location, "--version", "42")
    assert bad.returncode == 1
    assert "no version 42" in bad.stderr


def test_vacuum_keeps_recent_versions_readable(tmp_path: Path) -> None:
    location = tmp_path / "tm"
    memory = TranslationMemory.create(location, [Unit("kk", "en", "Бір.", "One.")], user="seed")
    memory.delete(memory.units()["unit_id"].to_list(), user="admin")
    result = run("vacuum", "--tm", location, "--keep-days", "7")
    assert result.returncode == 0, result.stderr
    assert "removed 0 data files" in result.stdout
    assert memory.units(version=0)["source"].to_list() == ["Бір."]
    refused = run("vacuum", "--tm", location, "--keep-days", "0")
    assert refused.returncode == 1
    assert "keep at least 1 day, or force it" in refused.stderr
    everything = run("vacuum", "--tm", location, "--keep-days", "0", "--force")
    assert "removed 1 data files" in everything.stdout
    assert memory.units().is_empty()
