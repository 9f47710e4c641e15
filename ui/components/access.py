"""Who may do what to the app's TM: the current user's role, controls that follow it (each
refused one with a one-line why), and the Users section where an admin gives roles.

The store enforces the roles (`tm.access`); a page only asks, to disable what would be
refused."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

import tm
from tm.access import Role, allowed
from tm.errors import AccessError
from ui import state
from ui.components import text, user

# Session-state keys of the Users section (to move to ui/state.py).
USERS_NAME = "memory_user_name"
USERS_ROLE = "memory_user_role"
USERS_REMOVE = "memory_user_remove"


def current_user() -> str:
    """The user working now, as `user.show()` (called first on every page) found them."""
    if st.user.get("is_logged_in", False):
        return str(st.user.get("name") or st.user.get("email") or "unknown")
    return str(st.session_state.get(state.USER) or user._default_name())


def current_role(memory: tm.TranslationMemory, *, name: str | None = None) -> Role | None:
    """The user's role on the TM (admin on a single-user TM); None: a shared TM does not
    list them, so they may only read."""
    return memory.access().role(name or current_user())


def refusal(memory: tm.TranslationMemory, operation: str, *, name: str | None = None) -> str | None:
    """Why the user may not do `operation` (`tm.access.OPERATIONS`), or None when they may."""
    try:
        memory.access().check(name or current_user(), operation)
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
    who = name or current_user()
    role = current_role(memory, name=who)
    may = {operation: role is not None and allowed(role, operation) for operation in labels}
    if refused := [labels[operation] for operation, ok in may.items() if not ok]:
        why = f"{who} ({role.value})" if role else f"{who}, not a user of this shared TM,"
        line = f"{why} may not: {', '.join(refused)}."
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
    mine = current_role(memory, name=name)
    st.caption(text.plain(f"You ({name}) are {mine.value if mine else 'not a user of this TM'}."))
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
    new = who.text_input("User (name or e-mail)", key=USERS_NAME)
    chosen = pick.selectbox("Role", list(Role), key=USERS_ROLE)
    if add.button("Add or change"):
        _run(lambda: memory.set_role(new.strip(), Role(chosen), user=name), f"{new}: {chosen}")
    gone, remove = st.columns([5, 1], vertical_alignment="bottom")
    leaving = gone.selectbox("User to remove", list(roles), key=USERS_REMOVE)
    if remove.button("Remove", disabled=leaving is None):
        _run(lambda: memory.remove_user(str(leaving), user=name), f"{leaving} removed")
