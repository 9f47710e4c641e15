"""Align & review: a Kazakh article against an English or Russian draft, pairs side by side."""

import streamlit as st

import tm
from ui import cache, state
from ui.components import article, review, save_guard, target_language, text, user

st.title("Align & review")
user_name = user.show()

with st.expander("Article and draft", expanded=state.ALIGN_RESULT not in st.session_state):
    left, right = st.columns(2)
    with left:
        source = article.show("Kazakh article", "kk", key=state.ALIGN_SOURCE)
    with right:
        tgt_lang = target_language.show("Draft language", key=state.ALIGN_TARGET_LANG)
        target = article.show("Draft", tgt_lang, key=state.ALIGN_TARGET)
    align_clicked = st.button("Align", type="primary", disabled=source is None or target is None)

if align_clicked:
    assert source is not None
    assert target is not None
    bar = st.progress(0.0, text="Aligning…")
    try:
        aligned = tm.align_texts(
            source.text,
            target.text,
            "kk",
            tgt_lang,
            src_name=source.name,
            tgt_name=target.name,
            lexicon=cache.lexicon("kk", tgt_lang, cache.memory().version()),
            progress=lambda stage, share: bar.progress(share, text=stage.capitalize()),
        )
        st.session_state[state.ALIGN_RESULT] = (aligned, source.name)
        review.start(aligned, user=user_name, doc_id=aligned.source.title or source.name)
    except tm.TMError as err:
        text.error(str(err))
    bar.empty()

if result := st.session_state.get(state.ALIGN_RESULT):
    aligned, name = result
    st.caption(
        f"{len(aligned.source.sentences)} Kazakh and {len(aligned.target.sentences)} "
        f"{aligned.target.lang} sentences"
    )
    if span := aligned.coverage():
        first, last, total = span
        st.info(
            f"The draft covers sentences {first}–{last} of {total}: the others are left "
            "untranslated (1-0), not spread over the draft."
        )
    current = review.show(aligned, key="align_pairs")
    doc_id = st.text_input("Document id", value=aligned.source.title or name)
    save_guard.save_button(
        "Save to the translation memory",
        lambda confirmed: review.saved(
            tm.save_review(
                cache.memory(),
                aligned,
                current,
                doc_id=doc_id,
                user=user_name,
                wrong_language_confirmed=confirmed,
            )
        ),
        wrong=len(tm.wrong_language_pairs(aligned, current)),
        lang=aligned.target.lang,
        key=state.ALIGN_WRONG_LANGUAGE_OK,
    )
