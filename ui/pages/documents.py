"""Documents: a Kazakh article and its English and Russian drafts, and how far each has got."""

import streamlit as st

import tm
from ui import cache, state
from ui.components import access, article, text, user

st.title("Documents")
user_name = user.show()
documents = cache.library()

with st.expander("Add a document", expanded=False):
    kk_tab, en_tab, ru_tab = st.tabs(["Kazakh article", "English draft", "Russian draft"])
    with kk_tab:
        kk = article.show("Kazakh article", "kk", key=state.DOCS_KK)
    with en_tab:
        en = article.show("English draft", "en", key=state.DOCS_EN, optional=True)
    with ru_tab:
        ru = article.show("Russian draft", "ru", key=state.DOCS_RU, optional=True)
    suggested = tm.make_doc_id(kk.name) if kk else ""
    doc_id = st.text_input("Document id", value=suggested, key=state.DOCS_ID)
    # The documents are the TM's sources: saving one is adding work, as for its units.
    may_save = access.require(cache.memory(), "add", name=user_name)
    if st.button(
        "Save document", type="primary", disabled=kk is None or not doc_id or not may_save
    ):
        chosen = {lang: (c.text, c.name) for lang, c in (("kk", kk), ("en", en), ("ru", ru)) if c}
        try:
            documents.add_texts(doc_id, chosen, user=user_name)
            text.success(f"Saved {doc_id}: {', '.join(chosen)}.")
        except tm.TMError as err:
            text.error(str(err))

st.dataframe(
    tm.document_progress(documents, cache.memory()),
    hide_index=True,
    width="stretch",
    column_config={
        "date": st.column_config.DateColumn("Date"),
        "en approved": st.column_config.ProgressColumn("English approved", format="percent"),
        "ru approved": st.column_config.ProgressColumn("Russian approved", format="percent"),
    },
)
st.caption("Align a document and approve its pairs on the Align & review page.")
