"""Who may do what to a TM: roles, the operations each allows, and the TM's list of users.

    translator  add and confirm translations, edit their own units not yet approved
    editor      a translator's work, plus approve, reject, edit any unit, save alignments
                as approved, manage the termbase
    linguist    read everything, export, run QA and scores; no writes to the TM
    admin       everything: restore, vacuum, delete, manage users and roles

A TM without a list of users is a single-user TM (the embedded default, a folder of one's
own): whoever writes is its admin. The first `users add` makes it shared: from then on only
listed users write, each within their role, and the TM's creator (the user of its first
commit) is listed as admin then. The list is kept by the store beside the TM, versioned
(`TranslationMemory.users`, `set_role`, `remove_user`).

The checks live in the store's writes, not in the pages: a page or a command asks
`allowed(role, operation)` only to hide what would be refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from tm.errors import AccessError, InputError


class Role(StrEnum):
    TRANSLATOR = "translator"
    EDITOR = "editor"
    LINGUIST = "linguist"
    ADMIN = "admin"


_WRITERS = frozenset({Role.TRANSLATOR, Role.EDITOR, Role.ADMIN})
_REVIEWERS = frozenset({Role.EDITOR, Role.ADMIN})
_ADMINS = frozenset({Role.ADMIN})

# Each write the store does, and the roles that may do it. Reading, exporting, QA and
# scores need no entry: every listed role may read.
OPERATIONS: Mapping[str, frozenset[Role]] = MappingProxyType(
    {
        "add": _WRITERS,  # new units as draft or aligned (import, confirm, save an alignment)
        "retire": _WRITERS,  # a save replacing its own earlier pairs
        "edit-own": _WRITERS,  # a unit the user made, not yet approved
        "approve": _REVIEWERS,  # also: units that arrive approved or rejected
        "unapprove": _REVIEWERS,
        "reject": _REVIEWERS,
        "edit-any": _REVIEWERS,
        "termbase": _REVIEWERS,
        "delete": _ADMINS,
        "restore": _ADMINS,
        "vacuum": _ADMINS,
        "manage-users": _ADMINS,
    }
)

# What the operations are called in a refusal: "a linguist may not approve units".
_SAYING = {
    "add": "add units",
    "retire": "replace saved pairs",
    "edit-own": "edit units",
    "edit-any": "edit units made by others or approved",
    "approve": "approve units",
    "unapprove": "un-approve units",
    "reject": "reject units",
    "termbase": "change the termbase",
    "delete": "delete units",
    "restore": "restore an earlier version",
    "vacuum": "vacuum the history",
    "manage-users": "manage users and roles",
}


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise InputError(f"unknown role {text!r} (one of {known})", field="role") from None


def allowed(role: Role, operation: str) -> bool:
    return role in OPERATIONS[operation]


@dataclass(frozen=True)
class Access:
    """A TM's users and their roles at one version of the list; empty: single-user."""

    roles: Mapping[str, Role]

    @property
    def shared(self) -> bool:
        return bool(self.roles)

    def role(self, user: str) -> Role | None:
        """The user's role: admin on a single-user TM, None for a user a shared TM does
        not list."""
        return self.roles.get(user) if self.shared else Role.ADMIN

    def check(self, user: str, operation: str) -> Role:
        """The user's role, when it allows `operation`; raises `AccessError` otherwise."""
        role = self.role(user)
        if role is None:
            raise AccessError(
                f"{user!r} is not a user of this shared TM; an admin adds users with "
                "`python -m tm users add NAME --role ROLE`",
                user=user,
                operation=operation,
            )
        if not allowed(role, operation):
            who = "an" if role.value[0] in "aeiou" else "a"
            raise AccessError(
                f"{user!r} is {who} {role.value} and may not {_SAYING[operation]}",
                user=user,
                operation=operation,
            )
        return role


SINGLE_USER = Access(MappingProxyType({}))
