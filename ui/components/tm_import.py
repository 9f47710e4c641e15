"""Importing a TM file (TMX, TSV, CSV, JSONL, Parquet) into the memory, with a progress bar."""

from __future__ import annotations

import streamlit as st

import tm
from tm.limits import MAX_UPLOAD_BYTES, size
from ui import state
from ui.components import text

_TYPES = ["tmx", "tsv", "tab", "csv", "jsonl", "ndjson", "parquet"]


def show(memory: tm.TranslationMemory, *, user: str) -> None:
    upload = st.file_uploader("TM file", type=_TYPES, key=state.MEMORY_IMPORT)
    left, right = st.columns(2)
    src = left.selectbox(
        "Source language (if the file does not say)",
        ["kk", "en", "ru"],
        key=state.MEMORY_IMPORT_SRC,
    )
    tgt = right.selectbox(
        "Target language (if the file does not say)",
        ["en", "ru", "kk"],
        key=state.MEMORY_IMPORT_TGT,
    )
    if upload is None or not st.button("Import", type="primary"):
        return
    # The server cuts uploads at the same number (.streamlit/config.toml): this says so
    # should the two ever differ.
    if upload.size > MAX_UPLOAD_BYTES:
        text.error(
            f"{upload.name} is {size(upload.size)}; the limit is {size(MAX_UPLOAD_BYTES)} for "
            "a TM file uploaded to the app (import a larger one with `python -m tm import`)."
        )
        return
    bar = st.progress(0.0, text=text.plain(f"Reading {upload.name}…"))
    try:
        result = tm.import_upload(
            memory,
            upload.getvalue(),
            name=upload.name,
            user=user,
            src_lang=src,
            tgt_lang=tgt,
            progress=lambda done, total: bar.progress(min(1.0, done / max(total, 1))),
        )
    except tm.TMError as err:
        bar.empty()
        text.error(str(err))
        return
    bar.progress(1.0, text="Done")
    skipped = ", ".join(f"{count} {why}" for why, count in result.skipped.items()) or "none"
    st.success(
        text.plain(
            f"{upload.name}: {result.records} records, {result.added} added, "
            f"{result.merged} merged into known units; skipped: {skipped}."
        )
    )
