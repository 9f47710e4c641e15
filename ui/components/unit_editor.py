"""One unit of the TM: edit its text, approve, reject or delete it, and see its history."""

from __future__ import annotations

from typing import Any

import streamlit as st

import tm
from ui.components import access, restore, text

_LABELS = {"unapprove": "un-approve"}


def _run(action: Any, done: str) -> None:
    try:
        action()
    except tm.TMError as err:
        text.error(str(err))
        return
    st.toast(done)
    st.rerun()


def show(memory: tm.TranslationMemory, unit_id: str, *, user: str, key: str) -> None:
    unit = memory.unit(unit_id)
    pair = f"{unit['src_lang']}→{unit['tgt_lang']}"
    st.subheader(text.plain(f"Unit {unit_id[:8]}… · {pair} · {unit['status']}"))
    own = unit["created_by"] == user and unit["status"] != "approved"
    edit = "edit-own" if own else "edit-any"
    labels = {edit: "edit", **{name: _LABELS.get(name, name) for name in tm.UNIT_ACTIONS}}
    may = access.permitted(memory, labels, name=user)
    with st.form(f"{key}_form"):
        source = st.text_area("Source", unit["source"], key=f"{key}_source")
        target = st.text_area("Target", unit["target"], key=f"{key}_target")
        note = st.text_input("Note", unit["note"] or "", key=f"{key}_note")
        if st.form_submit_button("Save changes", disabled=not may[edit]):
            _run(
                lambda: memory.edit(unit_id, source=source, target=target, note=note, user=user),
                "Unit saved.",
            )
    done = {
        "approve": "Approved.",
        "unapprove": "No longer approved.",
        "reject": "Rejected.",
        "delete": "Deleted; its history stays readable.",
    }
    disabled = {
        "approve": unit["status"] == "approved",
        "unapprove": unit["status"] != "approved",
        "reject": unit["status"] == "rejected",
        "delete": False,
    }
    for column, (name, action) in zip(
        st.columns(len(tm.UNIT_ACTIONS)), tm.UNIT_ACTIONS.items(), strict=True
    ):
        label = _LABELS.get(name, name).capitalize()
        if column.button(label, key=f"{key}_{name}", disabled=disabled[name] or not may[name]):
            _run(lambda action=action: action(memory, [unit_id], user), done[name])
    with st.expander("History"):
        restore.unit_versions(memory, unit_id, user=user, key=key)
