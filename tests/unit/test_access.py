"""Roles and what they allow, before any store: the table the store's checks read."""

from __future__ import annotations

import pytest

from tm.access import OPERATIONS, SINGLE_USER, Access, Role, allowed, parse_role
from tm.errors import AccessError, InputError

# The table, written out: the roles that may do each write.
EXPECTED = {
    "add": {"translator", "editor", "admin"},
    "retire": {"translator", "editor", "admin"},
    "edit-own": {"translator", "editor", "admin"},
    "approve": {"editor", "admin"},
    "unapprove": {"editor", "admin"},
    "reject": {"editor", "admin"},
    "edit-any": {"editor", "admin"},
    "termbase": {"editor", "admin"},
    "delete": {"admin"},
    "restore": {"admin"},
    "vacuum": {"admin"},
    "manage-users": {"admin"},
}


def test_every_operation_has_its_roles() -> None:
    assert set(OPERATIONS) == set(EXPECTED)


@pytest.mark.parametrize("operation", sorted(EXPECTED))
@pytest.mark.parametrize("role", list(Role))
def test_role_by_operation(role: Role, operation: str) -> None:
    team = Access({"ann": role})
    if role.value in EXPECTED[operation]:
        assert allowed(role, operation)
        assert team.check("ann", operation) is role
    else:
        assert not allowed(role, operation)
        with pytest.raises(AccessError, match=f"'ann' is an? {role.value} and may not") as err:
            team.check("ann", operation)
        assert (err.value.user, err.value.operation) == ("ann", operation)


def test_a_linguist_writes_nothing() -> None:
    assert not any(allowed(Role.LINGUIST, operation) for operation in OPERATIONS)


def test_a_single_user_tm_lets_its_user_do_everything() -> None:
    assert not SINGLE_USER.shared
    assert all(SINGLE_USER.check("anyone", operation) is Role.ADMIN for operation in OPERATIONS)


def test_a_shared_tm_refuses_someone_it_does_not_list() -> None:
    with pytest.raises(AccessError, match="'mallory' is not a user of this shared TM"):
        Access({"ann": Role.ADMIN}).check("mallory", "add")


@pytest.mark.parametrize(("text", "role"), [("Editor", Role.EDITOR), (" admin ", Role.ADMIN)])
def test_roles_are_read_leniently(text: str, role: Role) -> None:
    assert parse_role(text) is role


def test_an_unknown_role_names_the_known_ones() -> None:
    with pytest.raises(InputError, match="translator, editor, linguist, admin"):
        parse_role("owner")
