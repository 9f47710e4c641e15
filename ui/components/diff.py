"""A word diff as coloured Markdown: text from the TM and the query is escaped, never HTML."""

from __future__ import annotations

from collections.abc import Sequence

import tm.fuzzy
from ui.components.text import plain


def markdown(diff: Sequence[tm.fuzzy.DiffOp]) -> str:
    """Equal words plain, words only in the query green, words only in the match struck red."""
    parts = []
    for step in diff:
        if step.op == "equal":
            parts.append(plain(step.query))
            continue
        if step.tm:
            parts.append(f":red[~~{plain(step.tm)}~~]")
        if step.query:
            parts.append(f":green[**{plain(step.query)}**]")
    return " ".join(parts)
