"""Who is working (`tm.identity`): the signed-in user when `[auth]` is in the app's secrets,
else the server's `WORKBENCH_USER`, else a name typed in the sidebar, which is taken only on
a single-user TM. `show()` comes first on every page and returns the name that the page's
writes are stamped with."""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping

import streamlit as st

import tm
from tm.identity import (
    SETTINGS_SECTION,
    Identity,
    Source,
    acting_user,
    anonymous,
    claimed_role,
    parse_claim_settings,
    signed_in_user,
)
from ui import cache, state
from ui.components import text

SERVER_USER_VARIABLE = "WORKBENCH_USER"


def _default_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "translator"


def _remember() -> None:
    st.session_state[state.USER] = st.session_state[state.USER_WIDGET].strip()


def _secret(section: str) -> Mapping[str, object] | None:
    try:
        found = st.secrets.get(section)
    except Exception:  # no secrets file at all: Streamlit raises its own not-found error
        return None
    return found if isinstance(found, Mapping) else None


def _login_configured() -> bool:
    return _secret("auth") is not None


def _signed_in(*, warn: bool) -> Identity | None:
    """The signed-in user with the role their ID token claims; None before the login."""
    if not st.user.get("is_logged_in", False):
        return None
    claims = st.user.to_dict()
    settings = parse_claim_settings(_secret(SETTINGS_SECTION))
    name = signed_in_user(claims)
    try:
        claimed = claimed_role(claims, settings)
    except tm.TMError as err:
        # The provider sent what the set-up does not expect: the TM's list decides.
        if warn:
            text.error(f"Your sign-in's role claim is not understood: {err}")
        claimed = None
    return Identity(name, Source.SIGN_IN, claimed)


def identity(*, warn: bool = False) -> Identity | None:
    """Who is working, and how the app knows; None while a configured login is pending.
    `warn`: say on the page when the sign-in's role claim cannot be read."""
    if _login_configured():
        return _signed_in(warn=warn)
    if server_user := os.environ.get(SERVER_USER_VARIABLE, "").strip():
        return Identity(server_user, Source.SERVER)
    return Identity(str(st.session_state.get(state.USER) or _default_name()), Source.TYPED)


def _sidebar(who: Identity) -> None:
    if who.source is Source.SIGN_IN:
        role = f", {who.claimed.value} by your sign-in" if who.claimed else ""
        st.sidebar.caption(text.plain(f"Signed in as {who.name}{role}"))
        st.sidebar.button("Log out", on_click=st.logout)
    elif who.source is Source.SERVER:
        st.sidebar.caption(text.plain(f"Working as {who.name} (set where the app was started)"))


def show() -> str:
    """The name this session writes as; the typed name outlives page switches (state.USER)."""
    try:
        who = identity(warn=True)
    except tm.TMError as err:  # the sign-in set-up in the secrets is wrong: say where
        text.error(f"The app's sign-in is not set up right: {err}")
        st.stop()
    if who is None:
        st.sidebar.button("Log in", on_click=st.login, type="primary")
        st.info("Log in to work on the translation memory.")
        st.stop()
    _sidebar(who)
    memory = cache.memory()
    if who.source is Source.SIGN_IN:  # the store checks this user's writes with the claim
        memory.claim_role(who.name, who.claimed)
    listed = memory.access()
    if anonymous(who, listed):
        st.info(
            text.plain(
                "Read only: this TM is shared, and a typed name proves no one's identity. "
                f"To write, sign in, or start the app with {SERVER_USER_VARIABLE} set."
            ),
            icon=":material/lock:",
        )
    elif who.source is Source.TYPED:
        st.session_state.setdefault(state.USER, who.name)
        st.sidebar.text_input(
            "Your name",
            key=state.USER_WIDGET,
            value=st.session_state[state.USER],
            on_change=_remember,
            help="Stamped on every unit you save.",
        )
    return acting_user(who, listed)
