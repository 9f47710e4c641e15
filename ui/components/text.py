"""Showing text that came from users, files or the TM: always as data, never as markup.

Streamlit reads as Markdown the body of st.markdown, st.caption, st.title/header/subheader,
the alerts (st.error, st.warning, st.info, st.success) and st.toast, and the labels and
`help=` tooltips of widgets, buttons, expanders, tabs, metrics and progress bars, and the
options of st.radio and st.segmented_control. Text of ours goes there through `plain`
(or one of the alerts below). Where text stands alone it is shown with st.text, which,
like st.code, dataframe cells and the options of st.selectbox and st.multiselect, is
never read as Markdown.

What `plain` defeats, in the renderer of Streamlit 1.67 (react-markdown with GFM, math
and directives, then Streamlit's own transforms of the parsed text):

- Markdown syntax (headings, `===` and `---` underlines, lists, quotes, tables, code,
  emphasis, links, autolinks in `<>`, HTML, `&` references, `$` math, `:red[...]`
  directives): every ASCII punctuation character gets a backslash, which CommonMark
  allows before any of them. The blanks that start a line would make an indented code
  block: they become character references.
- Transforms that run on the parsed text, after the backslashes are gone, so that an
  escape does not stop them: GFM's literal links (`https://`, `www.`, `name@host`),
  `:material/name:` icons, `:emoji:` shortcodes, `:streamlit:`, and the typographic
  replacements (` -> ` to an arrow, ` -- ` to a dash, ` >= `...). Each matches inside
  one text node only, so `plain` splits the text where one could start with an empty
  directive, `:red[]` (the "null Markdown directive" of st.error's documentation), which
  renders as an empty <span>. Nothing is added to the text itself: the reader sees, and
  copies, exactly its characters. (A zero-width joiner would split them as well, but
  would travel with every copy into the translator's editor, and from there into the TM.)

Streamlit shows raw HTML as text already (without `unsafe_allow_html`); `<` is escaped
anyway, for the `<https://...>` autolinks.
"""

from __future__ import annotations

import re

import streamlit as st

# Every ASCII punctuation character: any of them may start or close some Markdown.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Where a transform of the parsed text could match across: after a colon that starts a
# shortcode (`:name:`) or a link (`://`), between `www` and its dot, after the `@` of an
# address, inside `->`, `--`, `>=`, `<=`, `~=`, `<->`.
_SPLIT = re.compile(
    r"(?<=:)(?=[\w+/-]+:|//)|(?<=www)(?=\.)|(?<=@)(?=[\w-])|(?<=[-<>=~])(?=[-<>=~])",
    re.IGNORECASE,
)
SPLIT = ":red[]"
# Blanks at the start of a line (a CR alone ends a line in Markdown too).
_INDENT = re.compile(r"(?:^|(?<=\r))[ \t]+", re.MULTILINE)
_REFERENCES = {" ": "&#32;", "\t": "&#9;"}
# What `plain` adds, each with what a reader sees of it.
_ADDED = {SPLIT: "", **{reference: blank for blank, reference in _REFERENCES.items()}}
_ADDED_OR_ESCAPED = re.compile(r":red\[\]|&#32;|&#9;|\\([!-/:-@\[-`{-~])")


def plain(text: str) -> str:
    """Markdown that Streamlit shows as `text`: every character as itself, none read as
    markup (blanks and line breaks show as in any paragraph: runs of them as one)."""
    escaped = SPLIT.join(_PUNCTUATION.sub(r"\\\1", piece) for piece in _SPLIT.split(text))
    return _INDENT.sub(lambda blanks: "".join(_REFERENCES[c] for c in blanks[0]), escaped)


def shown(markdown: str) -> str:
    """The text a reader sees for Markdown that `plain` made (its inverse): for tests that
    read what a page shows."""
    return _ADDED_OR_ESCAPED.sub(lambda found: found[1] or _ADDED[found[0]], markdown)


# The alerts name their icon: without one, Streamlit would take an emoji that starts the
# text for the alert's icon, out of the text.
def error(message: str) -> None:
    st.error(plain(message), icon=":material/error:")


def warning(message: str) -> None:
    st.warning(plain(message), icon=":material/warning:")


def info(message: str) -> None:
    st.info(plain(message), icon=":material/info:")


def success(message: str) -> None:
    st.success(plain(message), icon=":material/check_circle:")


def toast(message: str) -> None:
    st.toast(plain(message))
