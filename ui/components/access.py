"""Who may do what to the app's TM: the current user's role, controls that follow it (each
refused one with a one-line why), and the Users section where an admin gives roles.

The store enforces the roles (`tm.access`); a page only asks, to disable what would be
refused."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

import tm
from tm.access import Access, Role, allowed
from tm.errors import AccessError
from tm.identity import ANONYMOUS, Identity, acting_user, effective_access
from ui import cache, state
from ui.components import text, user

_ANONYMOUS_WHY = (
    "This TM is shared and a typed name proves no one's identity: sign in, or have the app "
    "started with WORKBENCH_USER, to write."
)


def _identity() -> Identity:
    who = user.identity()
    assert who is not None, "user.show() comes first on every page, and stops before login"
    return who


def _anonymous(memory: tm.TranslationMemory, name: str) -> bool:
    """Whether `name` is the no one a typed name on a shared TM writes as."""
    return name == ANONYMOUS and memory.access().shared


def effective(memory: tm.TranslationMemory) -> Access:
    """The TM's users and roles as they apply to this session: its sign-in's claimed role
    laid over the TM's list (`tm.identity.with_claims`)."""
    return effective_access(memory.access(), _identity())


def current_user(memory: tm.TranslationMemory | None = None) -> str:
    """The name this session writes as (`tm.identity.acting_user`), as `user.show()`
    returns it."""
    return acting_user(_identity(), (memory or cache.memory()).access())


def current_role(memory: tm.TranslationMemory, *, name: str | None = None) -> Role | None:
    """The user's role on the TM (admin on a single-user TM); None: a shared TM does not
    list them, so they may only read."""
    return effective(memory).role(name or current_user(memory))


def refusal(memory: tm.TranslationMemory, operation: str, *, name: str | None = None) -> str | None:
    """Why the user may not do `operation` (`tm.access.OPERATIONS`), or None when they may."""
    who = name or current_user(memory)
    if _anonymous(memory, who):
        return _ANONYMOUS_WHY
    try:
        effective(memory).check(who, operation)
    except AccessError as err:
        return str(err)
    return None


def require(memory: tm.TranslationMemory, operation: str, *, name: str | None = None) -> bool:
    """Whether the user may do `operation`; when not, a one-line caption says why."""
    why = refusal(memory, operation, name=name)
    if why is not None:
        st.caption(f":material/lock: {text.plain(why)}")
    return why is None


def permitted(
    memory: tm.TranslationMemory, labels: Mapping[str, str], *, name: str | None = None
) -> dict[str, bool]:
    """Which operations (mapped to what their controls are called) the user may do; one
    caption names the refused ones."""
    who = name or current_user(memory)
    anonymous = _anonymous(memory, who)
    role = None if anonymous else current_role(memory, name=who)
    may = {operation: role is not None and allowed(role, operation) for operation in labels}
    if refused := [labels[operation] for operation, ok in may.items() if not ok]:
        why = f"{who} ({role.value})" if role else f"{who}, not a user of this shared TM,"
        line = f"{why} may not: {', '.join(refused)}."
        if anonymous:
            line = _ANONYMOUS_WHY
        st.caption(f":material/lock: {text.plain(line)}")
    return may


def _run(action: Callable[[], object], done: str) -> None:
    try:
        action()
    except tm.TMError as err:
        text.error(str(err))
        return
    st.toast(text.plain(done))
    st.rerun()


def users(memory: tm.TranslationMemory, *, name: str) -> None:
    """The TM's users and roles; an admin adds, changes and removes them."""
    roles = memory.access().roles
    mine = None if _anonymous(memory, name) else current_role(memory, name=name)
    claimed = _identity().claimed
    how = " (by your sign-in)" if mine is not None and mine is claimed else ""
    what = f"{mine.value}{how}" if mine else "not a user of this TM"
    st.caption(text.plain(f"You ({name}) are {what}."))
    if roles:
        st.dataframe(
            {"user": list(roles), "role": [role.value for role in roles.values()]},
            hide_index=True,
        )
    else:
        st.caption(
            "A single-user TM: whoever writes is its admin. Listing a first user makes it "
            "shared (its creator becomes its admin)."
        )
    if not require(memory, "manage-users", name=name):
        return
    who, pick, add = st.columns([3, 2, 1], vertical_alignment="bottom")
    new = who.text_input("User (name or e-mail)", key=state.USERS_NAME)
    chosen = pick.selectbox("Role", list(Role), key=state.USERS_ROLE)
    if add.button("Add or change"):
        _run(lambda: memory.set_role(new.strip(), Role(chosen), user=name), f"{new}: {chosen}")
    gone, remove = st.columns([5, 1], vertical_alignment="bottom")
    leaving = gone.selectbox("User to remove", list(roles), key=state.USERS_REMOVE)
    if remove.button("Remove", disabled=leaving is None):
        _run(lambda: memory.remove_user(str(leaving), user=name), f"{leaving} removed")
