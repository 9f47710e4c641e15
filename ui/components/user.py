"""The user name in the sidebar, stamped on every change the user makes."""

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


def show() -> str:
    """The current user name; the widget's value outlives page switches through state.USER."""
    name = st.session_state.setdefault(state.USER, _default_name())
    st.sidebar.text_input(
        "Your name",
        value=name,
        key=state.USER_WIDGET,
        on_change=_remember,
        help="Stamped on every unit you save.",
    )
    return str(st.session_state[state.USER] or _default_name())
