"""Who is working: stamped on every change the user makes.

With `[auth]` in .streamlit/secrets.toml, Streamlit's OIDC login (st.login) supplies the name;
otherwise the user types it in the sidebar.
"""

from __future__ import annotations

import getpass

import streamlit as st

from ui import state


def _default_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "translator"


def _remember() -> None:
    st.session_state[state.USER] = st.session_state[state.USER_WIDGET].strip()


def _login_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own not-found error
        return False


def _signed_in_name() -> str:
    if not st.user.get("is_logged_in", False):
        st.sidebar.button("Log in", on_click=st.login, type="primary")
        st.info("Log in to work on the translation memory.")
        st.stop()
    name = str(st.user.get("name") or st.user.get("email") or "unknown")
    st.sidebar.caption(f"Signed in as {name}")
    st.sidebar.button("Log out", on_click=st.logout)
    return name


def show() -> str:
    """The current user name; the widget's value outlives page switches through state.USER."""
    if _login_configured():
        return _signed_in_name()
    name = st.session_state.setdefault(state.USER, _default_name())
    st.sidebar.text_input(
        "Your name",
        value=name,
        key=state.USER_WIDGET,
        on_change=_remember,
        help="Stamped on every unit you save.",
    )
    return str(st.session_state[state.USER] or _default_name())
