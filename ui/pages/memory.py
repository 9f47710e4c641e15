"""Memory: what the translation memory holds; filter it, fix a unit, see its history."""

import streamlit as st

import tm
from ui import cache, state
from ui.components import access, restore, text, tm_import, unit_editor, user

st.title("Memory")
user_name = user.show()
memory = cache.memory()
stats = memory.stats()

total, pairs, statuses = st.columns(3)
total.metric("Translation units", f"{stats.units:,}")
pairs.dataframe({"pair": list(stats.by_pair), "units": list(stats.by_pair.values())})
statuses.dataframe({"status": list(stats.by_status), "units": list(stats.by_status.values())})

with st.expander("Import a TM file (TMX, TSV, CSV, JSONL, Parquet)"):
    if access.require(memory, "add", name=user_name):
        tm_import.show(memory, user=user_name)

pair_box, status_box, doc_box, text_box = st.columns([1, 2, 2, 3])
query = tm.UnitQuery(
    pair=pair_box.selectbox("Pair", [None, *stats.by_pair], key=state.MEMORY_PAIR),
    statuses=tuple(status_box.multiselect("Status", tm.STATUSES, key=state.MEMORY_STATUSES)),
    doc_id=doc_box.text_input("Document id", key=state.MEMORY_DOC) or None,
    contains=text_box.text_input("Text contains", key=state.MEMORY_CONTAINS) or None,
)
found = tm.find_units(memory, query)
st.caption(f"{found.height} units shown (newest change first, at most {query.limit}).")
event = st.dataframe(
    found,
    key=state.MEMORY_TABLE,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    column_config={"unit_id": None},
)
if event.selection.rows:
    unit_editor.show(
        memory, found["unit_id"][event.selection.rows[0]], user=user_name, key="memory_unit"
    )
st.caption(text.plain(f"Stored at {memory.uri}, table version {stats.version}."))
with st.expander("Versions and restore"):
    restore.tm_versions(memory, user=user_name)
with st.expander("Users and roles"):
    access.users(memory, name=user_name)
