"""tm.identity: the user a sign-in names, the role its claim gives, how that combines with the
TM's list, and the name a session writes as."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from tm.access import SINGLE_USER, Access, Role
from tm.errors import InputError
from tm.identity import (
    ANONYMOUS,
    NO_CLAIM,
    ClaimSettings,
    Identity,
    Source,
    acting_user,
    anonymous,
    claimed_role,
    effective_access,
    parse_claim_settings,
    signed_in_user,
    strongest,
    with_claims,
)

DESK = Access(MappingProxyType({"boss@agency.kz": Role.ADMIN, "ali@agency.kz": Role.TRANSLATOR}))
GROUPS = ClaimSettings(
    "groups",
    MappingProxyType({"kz-desk-editors": Role.EDITOR, "kz-desk": Role.TRANSLATOR}),
)


@pytest.mark.parametrize(
    ("claims", "user"),
    [
        ({"email": "ali@agency.kz", "sub": "123", "name": "Ali"}, "ali@agency.kz"),
        ({"sub": "123", "name": "Ali"}, "123"),
        ({"email": "", "sub": "123"}, "123"),
        ({"email": " ali@agency.kz "}, "ali@agency.kz"),
    ],
)
def test_the_user_is_the_email_else_the_subject_never_the_name(
    claims: dict[str, object], user: str
) -> None:
    assert signed_in_user(claims) == user


def test_a_token_without_email_or_subject_names_no_user() -> None:
    with pytest.raises(InputError, match="neither email nor sub"):
        signed_in_user({"name": "Ali"})


@pytest.mark.parametrize(
    ("section", "settings"),
    [
        (None, NO_CLAIM),
        ({}, NO_CLAIM),
        ({"role_claim": "workbench_role"}, ClaimSettings("workbench_role")),
        (
            {
                "role_claim": "groups",
                "roles": {"kz-desk-editors": "Editor", "kz-desk": "translator"},
            },
            GROUPS,
        ),
    ],
)
def test_settings_parse(section: dict[str, object] | None, settings: ClaimSettings) -> None:
    parsed = parse_claim_settings(section)
    assert parsed.claim == settings.claim
    assert (dict(parsed.roles) if parsed.roles is not None else None) == (
        dict(settings.roles) if settings.roles is not None else None
    )


@pytest.mark.parametrize(
    ("section", "named", "says"),
    [
        ({"role_clam": "groups"}, "[workbench] role_clam", "unknown setting"),
        ({"role_claim": ""}, "[workbench] role_claim", "name of an ID token claim"),
        ({"role_claim": 3}, "[workbench] role_claim", "name of an ID token claim"),
        ({"roles": {"kz-desk": "editor"}}, "[workbench] role_claim", "needs"),
        (
            {"role_claim": "groups", "roles": {"kz-desk": "boss"}},
            "[workbench.roles] kz-desk",
            "unknown role 'boss'",
        ),
        (
            {"role_claim": "groups", "roles": {"kz-desk": 1}},
            "[workbench.roles] kz-desk",
            "not a role",
        ),
        ({"role_claim": "groups", "roles": "editor"}, "[workbench.roles]", "must be a table"),
    ],
)
def test_a_wrong_setting_is_refused_naming_its_key(
    section: dict[str, object], named: str, says: str
) -> None:
    with pytest.raises(InputError, match=says) as raised:
        parse_claim_settings(section)
    assert raised.value.field == named
    assert named in str(raised.value)


@pytest.mark.parametrize(
    ("claims", "settings", "role"),
    [
        ({"email": "a@x"}, NO_CLAIM, None),
        ({"workbench_role": "editor"}, ClaimSettings("workbench_role"), Role.EDITOR),
        ({"workbench_role": ["linguist", "admin"]}, ClaimSettings("workbench_role"), Role.ADMIN),
        ({"other": "editor"}, ClaimSettings("workbench_role"), None),
        ({"groups": ["staff", "kz-desk"]}, GROUPS, Role.TRANSLATOR),
        ({"groups": ["kz-desk", "kz-desk-editors"]}, GROUPS, Role.EDITOR),
        ({"groups": ["staff"]}, GROUPS, None),
        ({"groups": "kz-desk-editors"}, GROUPS, Role.EDITOR),
        ({"groups": []}, GROUPS, None),
    ],
)
def test_the_claim_gives_the_strongest_role_it_maps_to(
    claims: dict[str, object], settings: ClaimSettings, role: Role | None
) -> None:
    assert claimed_role(claims, settings) is role


@pytest.mark.parametrize(
    ("claims", "says"),
    [
        ({"workbench_role": "chief"}, "unknown role 'chief'"),
        ({"workbench_role": 7}, "holds int, not text"),
        ({"workbench_role": ["editor", 7]}, "holds list, not text"),
    ],
)
def test_a_claim_that_is_not_a_role_is_an_error(claims: dict[str, object], says: str) -> None:
    with pytest.raises(InputError, match=says):
        claimed_role(claims, ClaimSettings("workbench_role"))


def test_roles_rank_by_what_they_allow() -> None:
    assert strongest([Role.LINGUIST, Role.TRANSLATOR]) is Role.TRANSLATOR
    assert strongest([Role.EDITOR, Role.TRANSLATOR, Role.LINGUIST]) is Role.EDITOR
    assert strongest([Role.EDITOR, Role.ADMIN]) is Role.ADMIN
    assert strongest([]) is None


def test_a_claim_replaces_what_the_list_says_of_that_user_only() -> None:
    combined = with_claims(DESK, {"ali@agency.kz": Role.EDITOR, "new@agency.kz": Role.LINGUIST})
    assert combined.role("ali@agency.kz") is Role.EDITOR
    assert combined.role("new@agency.kz") is Role.LINGUIST
    assert combined.role("boss@agency.kz") is Role.ADMIN
    assert combined.role("stranger@agency.kz") is None
    assert DESK.role("ali@agency.kz") is Role.TRANSLATOR  # the list itself is untouched


def test_without_claims_the_list_decides_and_a_single_user_tm_stays_one() -> None:
    assert with_claims(DESK, {}) is DESK
    assert not with_claims(SINGLE_USER, {}).shared
    unclaimed = Identity("ali@agency.kz", Source.SIGN_IN)
    assert effective_access(DESK, unclaimed).role("ali@agency.kz") is Role.TRANSLATOR


def test_a_claim_on_a_single_user_tm_makes_it_shared_with_only_the_claimed_role() -> None:
    # Otherwise every signed-in user of a TM without a list would be its admin.
    linguist = Identity("lin@agency.kz", Source.SIGN_IN, Role.LINGUIST)
    access = effective_access(SINGLE_USER, linguist)
    assert access.shared
    assert access.role("lin@agency.kz") is Role.LINGUIST
    assert access.role("someone") is None


@pytest.mark.parametrize(
    ("identity", "listed", "writes_as"),
    [
        (Identity("ali", Source.TYPED), SINGLE_USER, "ali"),
        (Identity("ali@agency.kz", Source.TYPED), DESK, ANONYMOUS),
        (Identity("boss@agency.kz", Source.TYPED), DESK, ANONYMOUS),
        (Identity("ali@agency.kz", Source.SERVER), DESK, "ali@agency.kz"),
        (Identity("ali@agency.kz", Source.SIGN_IN), DESK, "ali@agency.kz"),
        (Identity("ed", Source.SIGN_IN, Role.EDITOR), SINGLE_USER, "ed"),
    ],
)
def test_a_typed_name_writes_only_on_a_single_user_tm(
    identity: Identity, listed: Access, writes_as: str
) -> None:
    assert acting_user(identity, listed) == writes_as


def test_a_typed_anonymous_on_a_single_user_tm_is_just_a_name() -> None:
    typed = Identity(ANONYMOUS, Source.TYPED)
    assert not anonymous(typed, SINGLE_USER)
    assert anonymous(typed, DESK)
