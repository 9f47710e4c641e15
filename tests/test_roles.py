"""Who may do what, enforced by the store and through the CLI (issue 16's role table)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tm.access import Role
from tm.cli import main
from tm.errors import AccessError, InputError, StoreError
from tm.store import TranslationMemory
from tm.unit import Unit

ROLES = ("translator", "editor", "linguist", "admin")


def _unit(n: int, status: str = "draft") -> Unit:
    return Unit("kk", "en", f"Сөйлем {n}.", f"Sentence {n}.", status=status, doc_id="d")


def _team(tmp_path: Path) -> TranslationMemory:
    memory = TranslationMemory.create(
        tmp_path / "tm", [_unit(0, "approved"), _unit(1, "approved")], user="owner"
    )
    memory.set_role("tr", Role.TRANSLATOR, user="owner")
    memory.set_role("ed", Role.EDITOR, user="owner")
    memory.set_role("li", Role.LINGUIST, user="owner")
    memory.set_role("ad", Role.ADMIN, user="owner")
    memory.add([_unit(2)], user="owner")  # version 1, so that there is a version to go back to
    memory.add([_unit(3)], user="owner")
    memory.delete(_ids(memory, "draft")[-1:], user="owner")  # version 3: one unit to bring back
    return memory


def _ids(memory: TranslationMemory, status: str = "approved") -> list[str]:
    return sorted(memory.live(statuses=(status,)).collect()["unit_id"].to_list())


def _deleted(memory: TranslationMemory) -> str:
    """The unit `_team` made at version 2 and deleted at version 3."""
    (unit_id,) = set(memory.units(version=2)["unit_id"]) - set(memory.units()["unit_id"])
    return str(unit_id)


Operation = Callable[[TranslationMemory, str], object]
OPERATIONS: dict[str, tuple[Operation, set[str]]] = {
    "add": (lambda m, u: m.add([_unit(7)], user=u), {"translator", "editor", "admin"}),
    "approve": (lambda m, u: m.approve(_ids(m)[:1], user=u), {"editor", "admin"}),
    "reject": (lambda m, u: m.reject(_ids(m)[:1], user=u), {"editor", "admin"}),
    "unapprove": (lambda m, u: m.unapprove(_ids(m)[:1], user=u), {"editor", "admin"}),
    "edit another's unit": (
        lambda m, u: m.edit(_ids(m)[0], target="Changed.", user=u),
        {"editor", "admin"},
    ),
    "delete": (lambda m, u: m.delete(_ids(m)[:1], user=u), {"admin"}),
    "restore": (lambda m, u: m.restore(0, user=u), {"admin"}),
    "restore a deleted unit": (
        lambda m, u: m.restore_unit(_deleted(m), 2, user=u),
        {"admin"},
    ),
    "restore a unit's approved state": (
        lambda m, u: m.restore_unit(_ids(m)[0], 1, user=u),
        {"editor", "admin"},
    ),
    "vacuum": (lambda m, u: m.vacuum(keep_days=30, user=u), {"admin"}),
    "manage users": (lambda m, u: m.set_role("new", Role.LINGUIST, user=u), {"admin"}),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("role", ROLES)
def test_the_store_enforces_each_role(tmp_path: Path, role: str, operation: str) -> None:
    memory = _team(tmp_path)
    user = {"translator": "tr", "editor": "ed", "linguist": "li", "admin": "ad"}[role]
    act, allowed = OPERATIONS[operation]
    before = (memory.version(), dict(memory.access().roles))
    if role in allowed:
        act(memory, user)
        after = (memory.version(), dict(memory.access().roles))
        assert after != before or operation == "vacuum"
    else:
        with pytest.raises(AccessError, match=f"'{user}' is an? {role}"):
            act(memory, user)
        assert (memory.version(), dict(memory.access().roles)) == before


def test_a_translator_edits_their_own_draft_but_not_once_approved(tmp_path: Path) -> None:
    memory = _team(tmp_path)
    memory.add([_unit(5)], user="tr")
    [own] = memory.live().collect().filter(created_by="tr")["unit_id"].to_list()
    memory.edit(own, target="Mine, better.", user="tr")
    memory.approve([own], user="ed")
    with pytest.raises(AccessError, match="may not edit units made by others or approved"):
        memory.edit(own, target="Mine, changed again.", user="tr")


def test_an_unlisted_user_is_refused_on_a_shared_tm(tmp_path: Path) -> None:
    memory = _team(tmp_path)
    with pytest.raises(AccessError, match="not a user of this shared TM"):
        memory.add([_unit(9)], user="stranger")


def test_a_single_user_tm_needs_no_set_up(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm", [_unit(0)], user="me")
    assert not memory.access().shared
    memory.approve(_ids(memory, "draft"), user="anyone")  # the writer of a single-user TM is admin
    assert memory.live(statuses=("approved",)).collect().height == 1


def test_only_the_creator_can_share_a_tm_and_becomes_its_admin(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm", [_unit(0)], user="owner")
    with pytest.raises(AccessError, match="owner"):
        memory.set_role("tr", Role.TRANSLATOR, user="someone-else")
    memory.set_role("tr", Role.TRANSLATOR, user="owner")
    assert dict(memory.access().roles) == {"owner": Role.ADMIN, "tr": Role.TRANSLATOR}


def test_the_last_admin_cannot_be_removed_or_demoted(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm", [_unit(0)], user="owner")
    memory.set_role("tr", Role.TRANSLATOR, user="owner")
    with pytest.raises(AccessError, match="last admin"):
        memory.remove_user("owner", user="owner")
    with pytest.raises(AccessError, match="last admin"):
        memory.set_role("owner", Role.EDITOR, user="owner")


def test_a_translator_cannot_import_approved_units(tmp_path: Path) -> None:
    memory = _team(tmp_path)
    memory.add([_unit(8, status="approved")], user="tr")
    row = memory.live().collect().filter(source="Сөйлем 8.").row(0, named=True)
    assert row["status"] == "draft"
    assert ("x-tm-imported-status", "approved") in [(p["type"], p["value"]) for p in row["props"]]
    assert row["changed_by"] == "tr"


def test_the_cli_manages_users_and_refuses_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tm = str(tmp_path / "tm")
    TranslationMemory.create(tm, [_unit(0)], user="owner")
    assert main(["users", "add", "li", "--role", "linguist", "--tm", tm, "--user", "owner"]) == 0
    assert "li\tlinguist" in capsys.readouterr().out
    assert main(["users", "list", "--tm", tm, "--user", "li"]) == 0
    assert "owner\tadmin" in capsys.readouterr().out
    [unit_id] = TranslationMemory.open(tm).live().collect()["unit_id"].to_list()
    assert main(["unit", "approve", unit_id, "--tm", tm, "--user", "li"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "'li' is a linguist and may not approve units" in err
    assert main(["users", "remove", "li", "--tm", tm, "--user", "owner"]) == 0
    assert "li" not in capsys.readouterr().out.split()


def test_vacuum_is_attributed_and_a_vacuumed_version_says_it_is_gone(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm", [_unit(0)], user="owner")
    memory.add([_unit(1)], user="owner")
    memory.edit(_ids(memory, "draft")[0], target="Changed.", user="owner")
    memory.compact()
    assert memory.vacuum(keep_days=0, user="owner", force=True) > 0
    assert {(c.user, c.operation) for c in memory.log()[:2]} == {("owner", "vacuum")}
    with pytest.raises(StoreError, match="version 0 can no longer be restored: a vacuum"):
        memory.restore(0, user="owner")
    for bad in (-5.0, float("nan"), float("inf")):
        with pytest.raises(InputError, match="keep_days"):
            memory.vacuum(keep_days=bad, user="owner")


def test_a_claimed_role_is_checked_by_the_store_and_never_written_to_the_list(
    tmp_path: Path,
) -> None:
    memory = _team(tmp_path)
    with pytest.raises(AccessError):
        memory.approve(_ids(memory)[:1], user="tr")
    memory.claim_role("tr", Role.EDITOR)
    assert memory.approve(_ids(memory)[:1], user="tr").changed == 1
    assert memory.log()[0].role == "editor"
    memory.set_role("li", Role.TRANSLATOR, user="ad")
    assert memory.access().roles["tr"] == Role.TRANSLATOR
    memory.claim_role("tr", None)
    with pytest.raises(AccessError):
        memory.approve(_ids(memory)[:1], user="tr")
    with pytest.raises(InputError, match=r"'anonymous' stands for .* a session nobody signed in"):
        memory.set_role("anonymous", Role.EDITOR, user="ad")


def test_the_user_whose_import_makes_a_tm_is_its_admin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("Бір.\tOne.\n", encoding="utf-8")
    tm = str(tmp_path / "tm")
    assert main(["import", str(pairs), "--src-lang", "kk", "--tgt-lang", "en", "--tm", tm,
                 "--user", "boss"]) == 0  # fmt: skip
    assert main(["users", "add", "tr", "--role", "translator", "--tm", tm, "--user", "mallory"])
    assert "only 'boss', who created this TM, may list its first users" in capsys.readouterr().err
    assert TranslationMemory(tm).log()[-1].user == "boss"


@pytest.mark.parametrize("name", ["bad\x1b[31mRED", "system", "demo-seed", "anonymous"])
def test_names_that_are_not_people_or_hold_escapes_are_refused(tmp_path: Path, name: str) -> None:
    memory = _team(tmp_path)
    with pytest.raises(InputError, match=r"cannot be a user|not a user name"):
        memory.set_role(name, Role.EDITOR, user="ad")
    with pytest.raises(InputError, match="not a user name"):
        memory.add([_unit(9)], user="bad\x1b[31mRED")


def test_vacuum_bounds_the_days_it_keeps_and_compaction_names_its_user(tmp_path: Path) -> None:
    memory = _team(tmp_path)
    with pytest.raises(InputError, match="keep_days must be from 0 to 36,500 days"):
        memory.vacuum(keep_days=1e300, user="ad")
    memory.compact(user="ad")
    assert (memory.log()[0].user, memory.log()[0].operation) == ("ad", "compact")
