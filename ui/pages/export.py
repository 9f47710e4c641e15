"""Export: parallel corpora out of the TM, filtered, in the format an MT pipeline wants."""

import streamlit as st

import tm
from ui import cache, state
from ui.components import text

st.title("Export")
memory = cache.memory()
stats = memory.stats()

left, right = st.columns(2)
fmt = left.selectbox(
    "Format",
    list(tm.FORMATS),
    key=state.EXPORT_FORMAT,
    format_func=lambda name: f"{name}: {tm.FORMATS[name].description}",
)
pairs = right.multiselect("Language pairs", list(stats.by_pair), key=state.EXPORT_PAIRS)
statuses = left.multiselect("Status", tm.STATUSES, default=["approved"], key=state.EXPORT_STATUSES)
min_score = right.slider(
    "Minimum alignment confidence", 0.0, 1.0, 0.0, 0.05, key=state.EXPORT_MIN_SCORE
)
docs = left.text_input("Documents (ids, comma-separated)", key=state.EXPORT_DOCS)
dedupe = right.checkbox("Drop repeated pairs (ignoring case and spacing)", key=state.EXPORT_DEDUPE)
clean = right.checkbox("QA-clean only (no error-level warning)", key=state.EXPORT_QA_CLEAN)
min_chrf = left.number_input(
    "Minimum chrF against the approved translation of the segment (0 = no filter)",
    0.0,
    100.0,
    0.0,
    5.0,
    key=state.EXPORT_MIN_CHRF,
)

chosen = tm.ExportFilter(
    pairs=tuple(tm.parse_pair(pair) for pair in pairs),
    exact_langs=True,  # the pairs listed are the TM's own, tag for tag
    statuses=tuple(statuses),
    min_align_score=min_score or None,
    doc_ids=tuple(doc.strip() for doc in docs.split(",") if doc.strip()),
    dedupe=dedupe,
    qa_clean=tm.qa_clean if clean else None,
    min_chrf=min_chrf or None,
    chrf=tm.chrf_against_approved(memory) if min_chrf else None,
)
# A prepared export belongs to the filters it was made with: stored under their values, it
# is not shown once any of them changes.
made_for = (fmt, tuple(pairs), tuple(statuses), min_score, docs, dedupe, clean, min_chrf)
if st.button("Prepare the export", type="primary"):
    st.session_state.pop(state.EXPORT_RESULT, None)
    bar = st.progress(0.0, text="Exporting…")
    try:
        prepared = tm.export_download(
            memory,
            fmt,
            chosen,
            progress=lambda done, total: bar.progress(min(1.0, done / max(total, 1))),
        )
    except tm.TMError as err:
        text.error(str(err))
    else:
        st.session_state[state.EXPORT_RESULT] = {made_for: prepared}
    bar.empty()

if download := st.session_state.get(state.EXPORT_RESULT, {}).get(made_for):
    st.download_button(f"Download {download.file_name}", download.data, download.file_name)
    st.code("\n".join(download.stats), language=None)
