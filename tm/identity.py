"""Who is working in the app, and with which role: from a sign-in, the server, or a typed name.

Three ways the app learns who is working, strongest first:

    sign-in   `[auth]` in the app's secrets: Streamlit's OIDC login. The user is the ID
              token's `email`, else its subject `sub`; never its `name`, which two people
              can share. A claim may carry the role (below).
    server    `WORKBENCH_USER` in the environment of the server process: whoever starts
              the server vouches for everyone who reaches it (a desk's own machine, a test).
    typed     a name typed in the sidebar: anyone can type anyone's name, so it is taken
              only on a single-user TM (`Access.shared` is False); on a shared TM the
              session writes as `ANONYMOUS`, whom no TM lists, so the store refuses it.

A role claim is set up in the app's secrets:

    [workbench]
    role_claim = "groups"              # the ID token claim that carries roles or groups
    [workbench.roles]                  # optional: claim values to roles; without it the
    "kz-desk-editors" = "editor"       # claim's values must be role names themselves

How a claimed role and the TM's own list combine (`with_claims`): a user whose token carries
a role has that role, whatever the list says; a user whose token carries none has the role
the TM lists for them (or none). The claim is read afresh at every sign-in and kept nowhere:
removing someone from a group takes their role away at their next sign-in, with no list to
clean up, and nobody writes the TM's list on anyone's behalf. Several values mapping to
roles give the strongest of them (the one allowing the most operations).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from tm.access import OPERATIONS, Access, Role, parse_role
from tm.errors import InputError

SETTINGS_SECTION = "workbench"
ANONYMOUS = "anonymous"
"""The user a session without a trusted identity writes as on a shared TM: refused there."""

_USER_CLAIMS = ("email", "sub")


class Source(StrEnum):
    SIGN_IN = "sign-in"
    SERVER = "server"
    TYPED = "typed"


@dataclass(frozen=True)
class Identity:
    """Who the app believes is working, how it knows, and the role a sign-in claims."""

    name: str
    source: Source
    claimed: Role | None = None

    @property
    def trusted(self) -> bool:
        return self.source is not Source.TYPED


@dataclass(frozen=True)
class ClaimSettings:
    """Where a sign-in's role comes from: `claim`, its values mapped through `roles`
    (None: the values are role names). No claim: roles come from the TM's list only."""

    claim: str | None = None
    roles: Mapping[str, Role] | None = None


NO_CLAIM = ClaimSettings()


def _setting(key: str) -> str:
    return f"[{SETTINGS_SECTION}] {key}"


def parse_claim_settings(section: Mapping[str, object] | None) -> ClaimSettings:
    """The `[workbench]` table of the app's secrets as settings; an `InputError` names the
    key that is wrong (a typo in a key, a role that does not exist, a table without claim)."""
    if not section:
        return NO_CLAIM
    unknown = sorted(set(section) - {"role_claim", "roles"})
    if unknown:
        raise InputError(
            f"unknown setting {_setting(unknown[0])} (known: role_claim, roles)",
            field=_setting(unknown[0]),
        )
    claim = section.get("role_claim")
    if claim is not None and (not isinstance(claim, str) or not claim.strip()):
        raise InputError("must be the name of an ID token claim", field=_setting("role_claim"))
    table = section.get("roles")
    if table is None:
        return ClaimSettings(claim.strip() if claim else None)
    where = f"[{SETTINGS_SECTION}.roles]"
    if not isinstance(table, Mapping):
        raise InputError("must be a table of claim values and roles", field=where)
    if claim is None:
        raise InputError(
            f"{where} needs {_setting('role_claim')}, the claim whose values it maps",
            field=_setting("role_claim"),
        )
    roles: dict[str, Role] = {}
    for value, role in table.items():
        if not isinstance(role, str):
            raise InputError(f"{role!r} is not a role name", field=f"{where} {value}")
        try:
            roles[str(value)] = parse_role(role)
        except InputError as err:
            raise InputError(err.message, field=f"{where} {value}") from None
    return ClaimSettings(claim.strip(), MappingProxyType(roles))


def signed_in_user(claims: Mapping[str, object]) -> str:
    """The user an ID token names: its e-mail when it has one, else its subject."""
    for key in _USER_CLAIMS:
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    raise InputError("the sign-in names no user (the ID token has neither email nor sub)")


def strongest(roles: Iterable[Role]) -> Role | None:
    """The role allowing the most operations (they nest: admin > editor > translator >
    linguist); None for no roles."""
    ranked = sorted(roles, key=lambda role: sum(role in allowed for allowed in OPERATIONS.values()))
    return ranked[-1] if ranked else None


def _values(claim: str, value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return list(value)
    raise InputError(f"the claim holds {type(value).__name__}, not text", field=claim)


def claimed_role(claims: Mapping[str, object], settings: ClaimSettings) -> Role | None:
    """The role the ID token's claim gives, or None when it gives none (no claim set up,
    the token lacks it, or none of its values is in the mapping table)."""
    if settings.claim is None or claims.get(settings.claim) is None:
        return None
    values = _values(settings.claim, claims[settings.claim])
    if settings.roles is None:
        return strongest(parse_role(value) for value in values)
    mapping = settings.roles
    return strongest(mapping[value] for value in values if value in mapping)


def with_claims(listed: Access, claimed: Mapping[str, Role]) -> Access:
    """The TM's list with the claimed roles laid over it: a claim replaces what the list
    says of that user. A single-user TM stays one while nobody claims a role."""
    if not claimed:
        return listed
    return Access(MappingProxyType({**listed.roles, **claimed}))


def effective_access(listed: Access, identity: Identity) -> Access:
    """Who may do what for this identity: its sign-in's claimed role over the TM's list."""
    if identity.claimed is None:
        return listed
    return with_claims(listed, {identity.name: identity.claimed})


def anonymous(identity: Identity, listed: Access) -> bool:
    """Whether the identity proves too little for the TM: a typed name on a shared TM."""
    return not identity.trusted and effective_access(listed, identity).shared


def acting_user(identity: Identity, listed: Access) -> str:
    """The name the identity's writes are stamped and checked with: its own, except a
    typed name on a shared TM, which writes as `ANONYMOUS`."""
    return ANONYMOUS if anonymous(identity, listed) else identity.name
