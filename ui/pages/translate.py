"""Translate: a Kazakh article segment by segment, with TM matches, concordance and QA."""

import streamlit as st

import tm
from ui import cache, state
from ui.components import matches, target_language, text, user

st.title("Translate")
user_name = user.show()
documents = cache.library()
memory = cache.memory()

pick, lang = st.columns([3, 1])
doc_id = pick.selectbox("Document", documents.doc_ids(), key=state.TRANSLATE_DOC)
tgt_lang = target_language.show("Into", key=state.TRANSLATE_LANG, where=lang)
if doc_id is None:
    st.stop()

job = st.session_state.get(state.TRANSLATE_JOB)
if job is None or (job.doc_id, job.tgt_lang) != (doc_id, tgt_lang):
    job = tm.start_translation(
        memory, documents.text(doc_id, "kk").text, doc_id=doc_id, tgt_lang=tgt_lang
    )
    st.session_state[state.TRANSLATE_JOB] = job
    st.session_state[state.TRANSLATE_INDEX] = job.next_open()
    st.session_state.pop(state.TRANSLATE_TARGET, None)

st.progress(job.progress, text=f"{job.done} of {len(job.segments)} segments confirmed")
index = (
    st.number_input(
        "Segment",
        min_value=1,
        max_value=len(job.segments),
        key="translate_segment_number",
        value=st.session_state[state.TRANSLATE_INDEX] + 1,
    )
    - 1
)
if index != st.session_state[state.TRANSLATE_INDEX]:
    st.session_state[state.TRANSLATE_INDEX] = index
    st.session_state.pop(state.TRANSLATE_TARGET, None)

source = job.segments[index]
st.subheader("Source")
st.text(source)
before, after = job.neighbours(index)
found = tm.lookup(memory, source, "kk", tgt_lang, prev_source=before, next_source=after)


def take(suggestion: str) -> None:
    st.session_state[state.TRANSLATE_TARGET] = suggestion


st.subheader("TM matches")
matches.show(found, on_take=take, key="translate_match")

st.session_state.setdefault(state.TRANSLATE_TARGET, job.targets[index] or "")
target = st.text_area("Translation", key=state.TRANSLATE_TARGET, height=120)
if st.button("Confirm and go to the next segment", type="primary"):
    try:
        confirmed = tm.confirm_segment(memory, job, index, target, user=user_name)
    except tm.TMError as err:
        text.error(str(err))
    else:
        st.session_state[state.TRANSLATE_JOB] = confirmed.job
        st.session_state[state.TRANSLATE_WARNINGS] = confirmed.warnings
        st.session_state[state.TRANSLATE_INDEX] = confirmed.job.next_open(index)
        st.session_state.pop(state.TRANSLATE_TARGET, None)
        st.session_state.pop("translate_segment_number", None)
        st.rerun()
for warning in st.session_state.get(state.TRANSLATE_WARNINGS, ()):
    st.warning(text.plain(f"QA on the segment just confirmed, {warning.check}: {warning.message}"))

with st.sidebar:
    st.subheader("Concordance")
    term = st.text_input("Find in the TM (Kazakh)", key=state.TRANSLATE_TERM)
    if term.strip():
        st.dataframe(tm.concordance_frame(memory, term, "kk", other_lang=tgt_lang), hide_index=True)

left, right = st.columns(2)
left.download_button("Download .txt", tm.translated_text(job), f"{doc_id}.{tgt_lang}.txt")
right.download_button("Download .docx", tm.translated_docx(job), f"{doc_id}.{tgt_lang}.docx")
