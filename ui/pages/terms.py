"""Termbase: the concepts beside the TM; find, add, import, export, and term candidates
mined from approved units for a linguist to accept."""

import streamlit as st

from ui import cache
from ui.components import access, termbase, terms, user

st.title("Termbase")
user_name = user.show()
memory = cache.memory()
base = terms.termbase()
writable = access.require(memory, "termbase", name=user_name)
termbase.notice()

termbase.table(base, st.text_input("Find a term (any language, any part)", key=termbase.SEARCH))

with st.expander("Add a concept"):
    termbase.add_form(base, user=user_name, disabled=not writable)
with st.expander("Import a termbase file (TBX, CSV, TSV, OmegaT)"):
    termbase.import_form(base, user=user_name, disabled=not writable)
with st.expander("Export"):
    termbase.export_form(base)
with st.expander("Extract candidates from approved units", expanded=True):
    termbase.extraction(memory, base, user=user_name, disabled=not writable)
