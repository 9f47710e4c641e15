"""Restore that a team can live with (issue 16): it says first what it undoes, refuses a TM
that moved on since, is recorded and can be undone; one unit's earlier state comes back
on its own; after a vacuum, log, history and restore say which versions are gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import run
from tm.access import Role
from tm.errors import AccessError, InputError, StoreError
from tm.restore import plan_restore
from tm.store import TranslationMemory
from tm.unit import Unit


def _unit(n: int) -> Unit:
    return Unit("kk", "en", f"Сөйлем {n}.", f"Sentence {n}.", doc_id="d")


def _by_source(memory: TranslationMemory) -> dict[str, tuple[str, str]]:
    rows = memory.units().select("source", "target", "status").rows()
    return {source: (target, status) for source, target, status in rows}


@pytest.fixture
def desk(tmp_path: Path) -> TranslationMemory:
    """A shared TM at version 2 (three units, `ad` admin), then three users' work."""
    memory = TranslationMemory.create(tmp_path / "tm", [_unit(0), _unit(1)], user="ad")
    memory.set_role("ed", Role.EDITOR, user="ad")
    memory.set_role("tr", Role.TRANSLATOR, user="ad")
    memory.add([_unit(2)], user="ad")
    assert memory.version() == 1
    return memory


def _ids(memory: TranslationMemory) -> dict[str, str]:
    return dict(memory.units().select("source", "unit_id").rows())


def test_the_plan_names_the_commits_users_and_units_a_restore_undoes(
    desk: TranslationMemory,
) -> None:
    ids = _ids(desk)
    desk.add([_unit(3), _unit(4)], user="tr")
    desk.approve([ids["Сөйлем 0."]], user="ed")
    desk.edit(ids["Сөйлем 1."], target="Sentence one.", user="ed")
    desk.delete([ids["Сөйлем 2."]], user="ad")

    plan = plan_restore(desk, 1)
    assert plan.latest == desk.version() == 5
    assert [commit.version for commit in plan.commits] == [5, 4, 3, 2]
    assert plan.users == ("ad", "ed", "tr")
    assert (plan.removed, plan.returned, plan.reverted) == (2, 1, 2)
    assert "undoes 4 versions (2..5) by ad, ed, tr: 2 units made since are taken out" in (
        plan.summary()
    )
    assert plan_restore(desk, 5).changes_nothing


def test_a_restore_refuses_a_tm_written_to_since_its_plan(desk: TranslationMemory) -> None:
    desk.add([_unit(3)], user="tr")
    plan = plan_restore(desk, 1)
    desk.add([_unit(4)], user="tr")  # a translator saves while the admin reads the plan
    with pytest.raises(StoreError, match="changed since the restore was planned"):
        desk.restore(1, user="ad", expect_latest=plan.latest)
    assert "Сөйлем 4." in _by_source(desk)


def test_a_restore_is_recorded_and_undone_by_restoring_the_version_before_it(
    desk: TranslationMemory,
) -> None:
    ids = _ids(desk)
    desk.add([_unit(3)], user="tr")
    desk.approve([ids["Сөйлем 0."]], user="ed")
    worked = _by_source(desk)

    plan = plan_restore(desk, 1)
    desk.restore(1, user="ad", expect_latest=plan.latest)
    assert set(_by_source(desk)) == {"Сөйлем 0.", "Сөйлем 1.", "Сөйлем 2."}
    newest = desk.log()[0]
    assert (newest.user, newest.role, newest.operation) == ("ad", "admin", "restore 1")
    assert {(c.user, c.role) for c in plan.commits} == {("tr", "translator"), ("ed", "editor")}

    undo = plan_restore(desk, plan.latest)
    assert undo.users == ("ad",)
    desk.restore(plan.latest, user="ad", expect_latest=undo.latest)
    assert _by_source(desk) == worked


def test_one_units_earlier_state_comes_back_and_the_rest_stays(desk: TranslationMemory) -> None:
    ids = _ids(desk)
    unit_id = ids["Сөйлем 1."]
    desk.edit(unit_id, target="Sentence one.", user="ed")  # version 2
    desk.edit(unit_id, target="Sentence No. 1.", user="ed")  # version 3
    desk.add([_unit(5)], user="tr")  # version 4: not undone by a unit's restore

    result = desk.restore_unit(unit_id, 2, user="ed")
    assert desk.unit(unit_id)["target"] == "Sentence one."
    assert desk.unit(unit_id)["changed_by"] == "ed"
    assert "Сөйлем 5." in _by_source(desk)
    assert result.version == 5
    last = desk.history(unit_id)[-1]
    assert (last.version, last.operation, last.values["target"]) == (
        5,
        "restore unit to 2",
        "Sentence one.",
    )


def test_a_deleted_unit_comes_back_for_an_admin_only(desk: TranslationMemory) -> None:
    unit_id = _ids(desk)["Сөйлем 2."]
    desk.delete([unit_id], user="ad")
    with pytest.raises(AccessError, match="'ed' is an editor and may not restore"):
        desk.restore_unit(unit_id, 1, user="ed")
    desk.restore_unit(unit_id, 1, user="ad")
    assert desk.unit(unit_id)["source"] == "Сөйлем 2."


def test_a_units_restore_never_makes_a_pair_twice(desk: TranslationMemory) -> None:
    ids = _ids(desk)
    desk.edit(ids["Сөйлем 1."], target="Sentence one.", user="ed")
    desk.add([_unit(1)], user="tr")  # the old pair, made again as a new unit
    with pytest.raises(InputError, match="restoring it would hold the pair twice"):
        desk.restore_unit(ids["Сөйлем 1."], 1, user="ed")
    with pytest.raises(InputError, match="no state at version 0"):
        desk.restore_unit(desk.units().filter(source="Сөйлем 2.")["unit_id"][0], 0, user="ed")


def test_after_a_vacuum_log_history_and_restore_say_what_is_gone(
    desk: TranslationMemory,
) -> None:
    unit_id = _ids(desk)["Сөйлем 0."]
    desk.edit(unit_id, target="Sentence zero.", user="ed")  # version 2
    desk.edit(unit_id, target="Sentence 0!", user="ed")  # version 3
    desk.compact()
    with pytest.raises(InputError, match="keep at least 1 day, or force it"):
        desk.vacuum(keep_days=0, user="ad")
    desk.vacuum(keep_days=0, user="ad", force=True)

    oldest = desk.horizon()
    assert oldest == 4  # the compaction: the first version whose files all remain
    assert [commit.version for commit in desk.log()][-1] == oldest
    assert len(desk.log(all_versions=True)) > len(desk.log())
    for version in range(oldest):
        with pytest.raises(StoreError, match=f"version {version} can no longer be restored"):
            plan_restore(desk, version)

    history = desk.history(unit_id)  # crashed with a missing-file traceback before
    assert history[0].change == "oldest kept"
    assert history[0].values["target"] == "Sentence 0!"
    assert desk.restore_unit(unit_id, oldest, user="ed").changed == 1

    listed = run("log", "--tm", desk.uri)
    assert f"versions before v{oldest} cannot be restored" in listed.stdout
    told = run("history", unit_id, "--tm", desk.uri)
    assert told.returncode == 0, told.stderr
    assert f"versions before v{oldest} are gone" in told.stdout


def test_the_cli_restores_one_unit(desk: TranslationMemory) -> None:
    unit_id = _ids(desk)["Сөйлем 1."]
    desk.edit(unit_id, target="Sentence one.", user="ed")
    done = run("unit", "restore", unit_id, "--version", "1", "--tm", desk.uri, "--user", "ed")
    assert done.returncode == 0, done.stderr
    assert desk.unit(unit_id)["target"] == "Sentence 1."
    refused = run("unit", "restore", unit_id, "--tm", desk.uri, "--user", "ed")
    assert refused.returncode == 1
    assert "restore takes one unit id and --version" in refused.stderr


def test_a_vacuum_counts_only_the_files_it_removed(desk: TranslationMemory) -> None:
    unit_id = _ids(desk)["Сөйлем 0."]
    desk.edit(unit_id, target="Sentence zero.", user="ed")
    assert desk.vacuum(keep_days=0, user="ad", force=True) > 0
    assert desk.vacuum(keep_days=0, user="ad", force=True) == 0  # it listed them again
