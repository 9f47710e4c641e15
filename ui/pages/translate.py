"""Translate: a Kazakh article as a grid of segments (title first), the current one with its
TM matches, QA as it is typed, concordance, pre-translation and keyboard shortcuts."""

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
best = translation.best_matches(memory, job)
if notice := st.session_state.pop(state.TRANSLATE_NOTICE, None):
    st.info(notice)
translation.grid(job, best)
translation.pretranslate(memory, best, user=user_name)
index = translation.current_index()
before, after = job.neighbours(index)
found = tm.lookup(
    memory, job.segments[index], "kk", tgt_lang, prev_source=before, next_source=after
)
translation.editor(memory, job, found, user=user_name)
st.caption(
    "Keyboard: "
    + " · ".join(f"{name} {keys}" for name, keys in translation.SHORTCUTS.items())
    + " · use match 1–5 Alt+1…Alt+5"
)

with st.expander("Concordance", expanded=bool(st.session_state.get(state.TRANSLATE_TERM))):
    term = st.text_input("Find in the TM (Kazakh)", key=state.TRANSLATE_TERM)
    if term.strip():
        st.dataframe(
            tm.concordance_frame(memory, term, "kk", other_lang=tgt_lang),
            hide_index=True,
            width="stretch",
        )

left, right = st.columns(2)
left.download_button("Download .txt", tm.translated_text(job), f"{doc_id}.{tgt_lang}.txt")
right.download_button("Download .docx", tm.translated_docx(job), f"{doc_id}.{tgt_lang}.docx")
