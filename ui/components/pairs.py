"""The side-by-side table of aligned pairs."""

from __future__ import annotations

import streamlit as st

import tm


def show(aligned: tm.AlignedDocument, *, key: str) -> None:
    frame = tm.pairs_frame(aligned)
    src, tgt = aligned.source.lang, aligned.target.lang
    st.dataframe(
        frame,
        key=key,
        hide_index=True,
        width="stretch",
        column_config={
            "source": st.column_config.TextColumn(f"Source ({src})", width="large"),
            "target": st.column_config.TextColumn(f"Target ({tgt})", width="large"),
            "kind": st.column_config.TextColumn("Bead", help="sentences on each side: 2-1, 1-0…"),
            "score": st.column_config.ProgressColumn(
                "Confidence", min_value=0.0, max_value=1.0, format="%.2f"
            ),
            "src": st.column_config.TextColumn(f"{src} #"),
            "tgt": st.column_config.TextColumn(f"{tgt} #"),
        },
    )
