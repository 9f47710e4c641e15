"""The whole termbase's restore, as the TM's: it says first what it undoes (versions, users,
concepts), refuses a termbase written since, is recorded and undone by restoring the version
before it; `term restore` changes nothing without --yes; after a vacuum, log, history and
restore say which versions are gone."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import pytest

from tm.access import Role
from tm.cli import main
from tm.errors import InputError, StoreError
from tm.store import TranslationMemory
from tm.store_terms import Termbase
from tm.termbase import Concept, Term
from tm.unit import Unit


def run(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _at(termbase: Termbase) -> list[str]:
    """The options that name the termbase and the TM whose users may write it."""
    return ["--termbase", termbase.uri, "--tm", termbase.tm_uri or ""]


def _terms(termbase: Termbase) -> dict[str, list[str]]:
    return {c.concept_id or "": [t.text for t in c.terms] for c in termbase.concepts()}


@pytest.fixture
def desk(tmp_path: Path) -> Termbase:
    """A termbase (in a folder of its own, named with a space) of a shared TM (`ad` admin,
    `ed` editor) at version 2: concepts b and g."""
    memory = TranslationMemory.create(
        tmp_path / "tm", [Unit("kk", "en", "Сөйлем.", "Sentence.")], user="ad"
    )
    memory.set_role("ed", Role.EDITOR, user="ad")
    termbase = Termbase.open(tmp_path / "our terms", create=True, tm_uri=memory.uri)
    termbase.add([Concept((Term("kk", "банк"), Term("en", "bank")), "b")], user="ad")
    termbase.add([Concept((Term("kk", "Үкімет"), Term("en", "Government")), "g")], user="ad")
    assert termbase.version() == 2
    return termbase


def _work(termbase: Termbase) -> None:
    """Versions 3..5 by two users: one concept made, one changed, one deleted."""
    termbase.add([Concept((Term("kk", "Сенат"), Term("en", "Senate")), "s")], user="ed")
    termbase.put([Concept((Term("kk", "банк"), Term("en", "lender")), "b")], user="ed")
    termbase.delete(["g"], user="ad")


def test_the_plan_names_the_versions_users_and_concepts_a_restore_undoes(desk: Termbase) -> None:
    _work(desk)
    plan = desk.plan_restore(2)
    assert plan.latest == desk.version() == 5
    assert [commit.version for commit in plan.commits] == [5, 4, 3]
    assert plan.users == ("ad", "ed")
    assert (plan.removed, plan.returned, plan.reverted) == (1, 1, 1)
    assert "undoes 3 versions (3..5) by ad, ed: 1 concepts made since are taken out" in (
        plan.summary()
    )
    assert desk.plan_restore(5).changes_nothing
    assert "nothing to undo" in desk.plan_restore(5).summary()
    assert desk.version() == 5  # planning writes nothing
    with pytest.raises(InputError, match="no version 9"):
        desk.plan_restore(9)


def test_a_restore_refuses_a_termbase_written_since_its_plan(desk: Termbase) -> None:
    _work(desk)
    plan = desk.plan_restore(2)
    desk.add([Concept((Term("kk", "Мәжіліс"),), "m")], user="ed")  # saved while ad reads
    with pytest.raises(StoreError, match="changed since the restore was planned"):
        desk.restore(2, user="ad", expect_latest=plan.latest)
    assert desk.version() == 6
    assert "m" in _terms(desk)


def test_a_restore_is_counted_recorded_and_undone_by_restoring_the_version_before_it(
    desk: Termbase,
) -> None:
    _work(desk)
    worked = _terms(desk)
    plan = desk.plan_restore(2)
    change = desk.restore(2, user="ad", expect_latest=plan.latest)
    assert (change.added, change.updated, change.removed, change.version) == (1, 1, 1, 6)
    assert _terms(desk) == {"b": ["банк", "bank"], "g": ["Үкімет", "Government"]}
    newest = desk.log()[0]
    assert (newest.version, newest.user, newest.operation) == (6, "ad", "restore 2")

    undo = desk.plan_restore(plan.latest)
    assert [commit.version for commit in undo.commits] == [6]
    assert (undo.removed, undo.returned, undo.reverted) == (1, 1, 1)
    desk.restore(plan.latest, user="ad", expect_latest=undo.latest)
    assert _terms(desk) == worked


def test_restoring_the_latest_version_writes_nothing(desk: Termbase) -> None:
    change = desk.restore(2, user="ad", expect_latest=2)
    assert (change.unchanged, change.version) == (2, 2)
    assert desk.version() == 2


def test_the_cli_says_what_it_would_undo_and_restores_only_with_yes(desk: Termbase) -> None:
    _work(desk)
    asked = run("term", "restore", *_at(desk), "--version", "2", "--user", "ad")
    assert asked[0] == 0, asked[2]
    lines = asked[1].splitlines()
    assert lines[0] == f"{desk.uri}: {desk.plan_restore(2).summary()}"
    assert [line.split()[:2] for line in lines[1:4]] == [["v5", "ad"], ["v4", "ed"], ["v3", "ed"]]
    assert lines[-1] == "nothing was changed: run again with --yes to restore"
    assert desk.version() == 5

    code, said, err = run(
        "term", "restore", *_at(desk), "--version", "2", "--user", "ad", "--yes"
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "restored the termbase as it was at version 2 as version 6 (2 concepts)" in said
    assert desk.log()[0].user == "ad"

    # The hint is a command that runs as printed (a space in the folder's name, the TM
    # whose users may restore it named).
    hint = said.rstrip("\n").split("to undo it: python -m tm ", 1)[1]
    assert shlex.split(hint) == ["term", "restore", *_at(desk), "--version", "5"]
    undone = run(*shlex.split(hint), "--user", "ad", "--yes")
    assert undone[0] == 0, undone[2]
    assert set(_terms(desk)) == {"b", "s"}


def test_the_cli_refuses_an_editor_before_showing_a_plan(desk: Termbase) -> None:
    code, said, err = run("term", "restore", *_at(desk), "--version", "1",
                          "--user", "ed", "--yes")  # fmt: skip
    assert (code, said) == (1, "")
    assert err == "error: 'ed' is an editor and may not restore an earlier version\n"
    assert desk.version() == 2


def test_the_cli_restores_one_concept_without_yes(desk: Termbase) -> None:
    _work(desk)
    code, said, err = run("term", "restore", *_at(desk), "--version", "2",
                          "--concept", "g", "--user", "ed")  # fmt: skip
    assert (code, err) == (0, "")
    assert "restored concept g as it was at version 2 (now version 6)" in said
    assert _terms(desk)["g"] == ["Үкімет", "Government"]
    assert _terms(desk)["s"] == ["Сенат", "Senate"]  # the rest stays


def _vacuumed(termbase: Termbase) -> int:
    """The termbase's old data vacuumed away as any Delta tool does it; its horizon."""
    from deltalake import DeltaTable

    DeltaTable(termbase.uri).vacuum(
        retention_hours=0, dry_run=False, enforce_retention_duration=False
    )
    return termbase.horizon()


def test_after_a_vacuum_log_history_and_restore_say_what_is_gone(desk: Termbase) -> None:
    _work(desk)  # b changed at 4, g deleted at 5
    oldest = _vacuumed(desk)
    desk.put([Concept((Term("kk", "банк"), Term("en", "creditor")), "b")], user="ed")
    assert 0 < oldest < desk.version()
    assert [commit.version for commit in desk.log()][-1] == oldest
    assert len(desk.log(all_versions=True)) > len(desk.log())

    for version in range(1, oldest):
        with pytest.raises(StoreError, match=f"version {version} can no longer be restored"):
            desk.plan_restore(version)
        with pytest.raises(StoreError, match="can no longer be restored"):
            desk.restore(version, user="ad")
        with pytest.raises(StoreError, match="can no longer be restored"):
            desk.restore_concept("b", version, user="ed")
    plan = desk.plan_restore(oldest)
    assert plan.reverted == 1
    desk.restore(oldest, user="ad", expect_latest=plan.latest)
    assert _terms(desk)["b"] == ["банк", "lender"]

    history = desk.history("b")  # read the vacuumed feed and failed before
    assert (history[0].version, history[0].operation) == (oldest, "oldest kept")
    assert history[0].concept is not None
    assert [t.text for t in history[0].concept.terms] == ["банк", "lender"]
    restored = history[-1].concept
    assert restored is not None
    assert [t.text for t in restored.terms] == ["банк", "lender"]
    assert [state.user for state in history[1:]] == ["ed", "ad"]

    code, listed, _ = run("term", "log", "--termbase", desk.uri)
    assert code == 0
    assert listed.splitlines()[-1] == (
        f"(versions before v{oldest} cannot be restored: a vacuum removed their data)"
    )
    assert f"v{oldest - 1} " not in listed
    code, told, err = run("term", "history", "b", "--termbase", desk.uri)
    assert (code, err) == (0, "")
    assert f"versions before v{oldest} are gone" in told


def test_history_names_each_change_s_user_and_role(desk: Termbase) -> None:
    _work(desk)
    states = desk.history("b")
    assert [(state.user, state.role) for state in states] == [
        ("ad", "admin"),
        ("ed", "editor"),
    ]
    code, told, err = run("term", "history", "b", *_at(desk))
    assert (code, err) == (0, "")
    lines = [line for line in told.splitlines() if line.startswith("v")]
    assert [line.split("  ")[2] for line in lines] == ["ad (admin)", "ed (editor)"]
    code, listed, _ = run("term", "log", *_at(desk))
    assert "  ed (editor)  delete" not in listed
    assert "  ad (admin)  delete" in listed


@pytest.mark.parametrize("output", ["text", "json"])
def test_history_of_an_unknown_concept_is_an_error_in_one_line(desk: Termbase, output: str) -> None:
    code, told, err = run("term", "history", "nosuch", "--format", output, *_at(desk))
    assert (code, told) == (1, "")
    assert err == (
        "error: field 'concept_id': no concept nosuch in the termbase's history (`term export` "
        "lists the concept ids)\n"
    )
