"""Going back: the TM to an earlier version (admins; what it undoes is shown first, and the
restore can be undone), or one unit to an earlier state of its own."""

from __future__ import annotations

import polars as pl
import streamlit as st

import tm
from tm.store import horizon, restorable
from ui import state
from ui.components import access, text


def _restore(memory: tm.TranslationMemory, plan: tm.RestorePlan, user: str) -> None:
    st.session_state.pop(state.MEMORY_RESTORE_PLAN, None)
    try:
        memory.restore(plan.version, user=user, expect_latest=plan.latest)
    except tm.TMError as err:
        text.error(str(err))
        return
    st.session_state[state.MEMORY_RESTORE_UNDO] = plan.latest
    st.toast(f"Restored version {plan.version}.")
    st.rerun()


def _plan(memory: tm.TranslationMemory, version: int) -> None:
    try:
        st.session_state[state.MEMORY_RESTORE_PLAN] = tm.plan_restore(memory, version)
    except tm.TMError as err:
        text.error(str(err))


def tm_versions(memory: tm.TranslationMemory, *, user: str) -> None:
    """The versions the TM can go back to; an admin picks one, reads what restoring it
    undoes (worked out on request: it reads two versions of the table), restores it, and
    can undo that restore."""
    every = memory.log(all_versions=True)  # one read of the log for both
    log, oldest = restorable(every), horizon(every)
    st.dataframe(
        {
            "version": [commit.version for commit in log],
            "when (UTC)": [commit.committed_at.replace(tzinfo=None) for commit in log],
            "user": [commit.user or "?" for commit in log],
            "role": [commit.role for commit in log],
            "operation": [commit.operation for commit in log],
        },
        hide_index=True,
        width="stretch",
    )
    if oldest:
        st.caption(f"Versions before {oldest} cannot be restored: a vacuum removed their data.")
    if not access.require(memory, "restore", name=user):
        return
    latest = log[0].version if log else 0
    undo = st.session_state.get(state.MEMORY_RESTORE_UNDO)
    if undo is not None and undo < latest:
        st.button(
            f"Undo the last restore (back to version {undo})…",
            key="memory_restore_undo_plan",
            on_click=_plan,
            args=(memory, undo),
        )
    choice, ask = st.columns([3, 1], vertical_alignment="bottom")
    chosen = choice.selectbox(
        "Version to go back to",
        [commit.version for commit in log[1:]],
        key=state.MEMORY_RESTORE_VERSION,
    )
    ask.button(
        "What would it undo?",
        key="memory_restore_ask",
        disabled=chosen is None,
        on_click=_plan,
        args=(memory, chosen),
    )
    plan: tm.RestorePlan | None = st.session_state.get(state.MEMORY_RESTORE_PLAN)
    if plan is None or plan.uri != memory.uri:
        return
    if plan.latest != latest:
        st.caption("The TM changed since: ask again what the restore would undo.")
        return
    st.warning(text.plain(plan.summary() + "."), icon=":material/history:")
    if st.button(f"Restore version {plan.version}", key="memory_restore_go", type="primary"):
        _restore(memory, plan, user)


def unit_versions(memory: tm.TranslationMemory, unit_id: str, *, user: str, key: str) -> None:
    """One unit's history, and its earlier states to bring back."""
    states = tm.history_frame(memory, unit_id)
    st.dataframe(states, hide_index=True, width="stretch")
    earlier = states.head(-1).filter(pl.col("change") != "delete")["version"].to_list()
    if not earlier:
        return
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    version = pick.selectbox(
        "Bring back its state of version", list(reversed(earlier)), key=f"{key}_restore_version"
    )
    if go.button("Restore this state", key=f"{key}_restore_go"):
        try:
            memory.restore_unit(unit_id, int(version), user=user)
        except tm.TMError as err:
            text.error(str(err))
            return
        st.toast(f"The unit is as it was at version {version}.")
        st.rerun()
