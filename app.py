"""Kazakh translation-memory workbench: started by `python3 dev.py run` (see README)."""

import streamlit as st

st.set_page_config(
    page_title="Kazakh TM workbench", page_icon=":material/translate:", layout="wide"
)

PAGES = {
    "Work": [
        st.Page("ui/pages/documents.py", title="Documents", icon=":material/description:"),
        st.Page(
            "ui/pages/align.py",
            title="Align & review",
            icon=":material/compare_arrows:",
            default=True,
        ),
        st.Page("ui/pages/trilingual.py", title="Three languages", icon=":material/view_column:"),
        st.Page("ui/pages/translate.py", title="Translate", icon=":material/translate:"),
    ],
    "Corpus": [
        st.Page("ui/pages/memory.py", title="Memory", icon=":material/database:"),
        st.Page("ui/pages/terms.py", title="Termbase", icon=":material/dictionary:"),
        st.Page("ui/pages/quality.py", title="Quality", icon=":material/monitoring:"),
        st.Page("ui/pages/export.py", title="Export", icon=":material/download:"),
    ],
}

st.navigation(PAGES).run()
