"""Translate: a Kazakh article segment by segment, with TM matches, concordance and QA."""

import streamlit as st

import tm
from ui import cache, state
from ui.components import target_language, translation, user

st.title("Translate")
user_name = user.show()
documents = cache.library()
memory = cache.memory()

pick, lang = st.columns([3, 1])
doc_id = pick.selectbox("Document", documents.doc_ids(), key=state.TRANSLATE_DOC)
tgt_lang = target_language.show("Into", key=state.TRANSLATE_LANG, where=lang)
if doc_id is None:
    st.stop()

job = translation.job(memory, documents.text(doc_id, "kk").text, doc_id=doc_id, tgt_lang=tgt_lang)
index = translation.segment(job)
st.subheader("Source")
st.text(job.segments[index])
before, after = job.neighbours(index)
found = tm.lookup(
    memory, job.segments[index], "kk", tgt_lang, prev_source=before, next_source=after
)
translation.editor(memory, job, index, found, user=user_name)

with st.sidebar:
    st.subheader("Concordance")
    term = st.text_input("Find in the TM (Kazakh)", key=state.TRANSLATE_TERM)
    if term.strip():
        st.dataframe(tm.concordance_frame(memory, term, "kk", other_lang=tgt_lang), hide_index=True)

left, right = st.columns(2)
left.download_button("Download .txt", tm.translated_text(job), f"{doc_id}.{tgt_lang}.txt")
right.download_button("Download .docx", tm.translated_docx(job), f"{doc_id}.{tgt_lang}.docx")
