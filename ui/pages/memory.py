"""Memory: what the translation memory holds (search, edit and history are coming)."""

import streamlit as st

from ui import cache

st.title("Memory")
memory = cache.memory()
stats = memory.stats()
st.metric("Translation units", f"{stats.units:,}")
left, right = st.columns(2)
left.dataframe({"language pair": list(stats.by_pair), "units": list(stats.by_pair.values())})
right.dataframe({"status": list(stats.by_status), "units": list(stats.by_status.values())})
st.caption(f"Stored at {memory.uri}, table version {stats.version}.")
st.info(
    "Coming soon: concordance search with Kazakh inflected forms, filters, editing and "
    "deleting units, and each unit's history.",
    icon=":material/construction:",
)
