"""Quality: a draft scored against a reference, and the TM's scores, QA warnings and trends."""

import streamlit as st

import tm
from ui import cache, state
from ui.components import text

st.title("Quality")
compare, overview = st.tabs(["Draft against reference", "Translation memory"])

with compare:
    st.caption("One segment a line on each side, in the same order (e.g. exported from the TM).")
    left, right = st.columns(2)
    draft = left.text_area("Draft (hypothesis)", height=200, key=state.QUALITY_HYP)
    reference = right.text_area(
        "Reference (the editor's version)", height=200, key=state.QUALITY_REF
    )
    if st.button("Score", type="primary", disabled=not (draft.strip() and reference.strip())):
        try:
            report = tm.document_report(draft.splitlines(), reference.splitlines())
        except (tm.TMError, ValueError) as err:
            text.error(str(err))
        else:
            st.dataframe(report.scores_frame(), hide_index=True, width="stretch")
            for score in report.scores:
                st.caption(text.plain(f"{score}: {score.explanation}"))
            st.caption("Weakest segments (chrF), with the draft and the reference of each:")
            st.dataframe(report.worst_frame(10), hide_index=True, width="stretch")

with overview:
    doc_id = st.text_input("Only this document (id)", key=state.QUALITY_DOC) or None
    summary = tm.quality_overview(cache.memory(), doc_id=doc_id)
    st.subheader("Per document")
    st.dataframe(summary.documents, hide_index=True, width="stretch")
    st.subheader("Per translator")
    st.dataframe(summary.translators, hide_index=True, width="stretch")
    chart_left, chart_right = st.columns(2)
    chart_left.caption("Alignment confidence (units per bin)")
    chart_left.bar_chart(
        summary.confidence, x="bin", y="units", x_label="Alignment confidence", y_label="Units"
    )
    chart_right.caption("Units changed per day")
    chart_right.bar_chart(summary.timeline, x="day", y="units", color="status")
    st.subheader(f"QA warnings ({summary.warnings.height})")
    st.dataframe(summary.warnings, hide_index=True, width="stretch")
