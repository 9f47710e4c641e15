"""One unit of the TM: edit its text, approve, reject or delete it, and see its history."""

from __future__ import annotations

from typing import Any

import streamlit as st

import tm
from ui.components import text


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
    st.subheader(f"Unit {unit_id[:8]}… · {unit['src_lang']}→{unit['tgt_lang']} · {unit['status']}")
    with st.form(f"{key}_form"):
        source = st.text_area("Source", unit["source"], key=f"{key}_source")
        target = st.text_area("Target", unit["target"], key=f"{key}_target")
        note = st.text_input("Note", unit["note"] or "", key=f"{key}_note")
        if st.form_submit_button("Save changes"):
            _run(
                lambda: memory.edit(unit_id, source=source, target=target, note=note, user=user),
                "Unit saved.",
            )
    approve, unapprove, reject, delete = st.columns(4)
    if approve.button("Approve", key=f"{key}_approve", disabled=unit["status"] == "approved"):
        _run(lambda: memory.approve([unit_id], user=user), "Approved.")
    if unapprove.button(
        "Un-approve", key=f"{key}_unapprove", disabled=unit["status"] != "approved"
    ):
        _run(lambda: memory.unapprove([unit_id], user=user), "No longer approved.")
    if reject.button("Reject", key=f"{key}_reject", disabled=unit["status"] == "rejected"):
        _run(lambda: memory.reject([unit_id], user=user), "Rejected.")
    if delete.button("Delete", key=f"{key}_delete"):
        _run(lambda: memory.delete([unit_id], user=user), "Deleted; its history stays readable.")
    with st.expander("History"):
        st.dataframe(tm.history_frame(memory, unit_id), hide_index=True, width="stretch")
