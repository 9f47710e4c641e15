"""Three languages: a Kazakh article with both drafts, side by side, checked through the pivot."""

import streamlit as st

import tm
from ui import cache, state
from ui.components import access, save_guard, text, user

st.title("Kazakh | English | Russian")
user_name = user.show()
documents = cache.library()
complete = [d for d in documents.doc_ids() if {"en", "ru"} <= set(documents.languages(d))]
doc_id = st.selectbox("Document with both drafts", complete, key=state.THREE_DOC)

if st.button("Align all three", type="primary", disabled=doc_id is None):
    assert doc_id is not None
    with st.spinner("Aligning kk-en, kk-ru and en-ru…"):
        try:
            st.session_state[state.THREE_RESULT] = (
                doc_id,
                tm.align_trilingual(
                    documents.text(doc_id, "kk").text,
                    [(lang, documents.text(doc_id, lang).text) for lang in ("en", "ru")],
                    "kk",
                    src_name=doc_id,
                ),
            )
        except tm.TMError as err:
            text.error(str(err))

if result := st.session_state.get(state.THREE_RESULT):
    aligned_doc, three = result
    st.caption(
        f"{len(three.disagreements)} places where kk-en and kk-ru disagree through the pivot "
        "are flagged; fix a pair on the Align & review page."
    )
    low_first = st.toggle("Low confidence first", key=state.THREE_LOW_FIRST)
    st.dataframe(
        tm.trilingual_frame(three, low_confidence_first=low_first),
        hide_index=True,
        width="stretch",
        column_config={
            "score": st.column_config.ProgressColumn("Confidence", min_value=0.0, max_value=1.0),
        },
    )
    may_save = access.require(cache.memory(), "retire", name=user_name)
    save_guard.save_button(
        "Save both pairs to the translation memory",
        lambda confirmed: tm.save_trilingual(
            cache.memory(),
            three,
            doc_id=aligned_doc,
            user=user_name,
            wrong_language_confirmed=confirmed,
        ),
        wrong=sum(len(tm.wrong_language_pairs(pair)) for pair in three.pairs),
        lang="en/ru",
        key=state.THREE_WRONG_LANGUAGE_OK,
        saved="Saved kk-en and kk-ru",
        disabled=not may_save,
    )
