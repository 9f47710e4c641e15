"""Text stays text (issue 16): TM text, notes, document ids and user names that look like
Markdown are shown as text on the Translate, Memory and Documents pages.

A TM and a document carry the payloads; each page is walked with AppTest, and every string
that Streamlit reads as Markdown (bodies, labels, tooltips, radio options) is checked: no
payload reaches it unescaped. tests/test_browser_text.py checks what the browser draws.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tm.library import DocumentLibrary
from tm.store import TranslationMemory
from tm.unit import Unit
from ui.components.text import shown

TIMEOUT = 60

URL = "https://evil.example/x"
WWW = "www.evil.example"
EMAIL = "desk@evil.example"
ICON = ":material/delete:"
EMOJI = ":smile:"
EMPHASIS = "__x__"
COLOUR = ":red[alert]"
MATH = "$x^2$"
PAYLOAD = f"{URL} {WWW} {EMAIL} {ICON} {EMOJI} {EMPHASIS} {COLOUR} {MATH}"

DOC_ID = "__x__"  # the library's document: its id as emphasis
TITLE = f"Астанада жаңа кітапхана ашылды {URL} {EMPHASIS} {ICON}"
ARTICLE = (
    f"date 2025-11-20 {TITLE}\n"
    f"Кітапхана қала орталығында орналасқан {WWW} {EMPHASIS}.\n"
    f"Оған мыңдаған кітап әкелінді {EMOJI}.\n"
)
ARTICLE_EN = (
    f"date 2025-11-20 A new library opened in Astana {URL} {EMPHASIS}\n"
    f"The library is in the city centre {WWW}.\n"
    f"Thousands of books were brought to it {EMOJI}.\n"
)
TM_FOLDER = f"{EMPHASIS}{WWW}"  # where the TM is: the Memory page names it
TM_DOC_ID = f"{EMPHASIS} {URL}"
TM_USER = f"{EMPHASIS}{WWW}"
EXACT_TARGET = f"# Heading {PAYLOAD}\n==="
FUZZY_TARGET = f"- {WWW} {EMOJI} {COLOUR}"
NOTE = f"# note {PAYLOAD}\n==="

# What must never reach Markdown as written: each would render as a link, a heading, an
# emphasis, an icon, an emoji, a colour or math (a heading or underline only at a line's
# start, which `plain` escapes with a backslash).
UNESCAPED = [
    re.compile(re.escape(fragment))
    for fragment in (URL, WWW, EMAIL, ICON, EMOJI, EMPHASIS, COLOUR, MATH, "evil.example")
] + [re.compile(r"(?m)^\s*(?:# Heading|# note|===)")]
# What must not be whole in any text node either, once the backslashes are resolved: the
# renderer links, and replaces shortcodes, in the parsed text, where an escape no longer
# counts. `plain` splits text nodes with an empty directive.
IN_ONE_TEXT_NODE = (URL, WWW, EMAIL, ICON, EMOJI)
NODE_SPLIT = ":red[]"
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

# Fields that Streamlit never reads as Markdown: st.text, st.code, text boxes' values,
# the options of selectboxes and multiselects, Arrow data and column settings.
LITERAL_FIELDS = {
    ("Text", "body"),
    ("Code", "code_text"),
    ("TextArea", "default"),
    ("TextArea", "value"),
    ("TextInput", "default"),
    ("TextInput", "value"),
    ("Selectbox", "options"),
    ("Selectbox", "raw_value"),
    ("MultiSelect", "options"),
    ("MultiSelect", "raw_values"),
    ("Arrow", "columns"),
}


def seed(folder: Path) -> TranslationMemory:
    """A single-user TM at `folder`/tm whose units carry the payloads in every text field,
    and beside it the library with the document `__x__`, whose title the TM matches."""
    units = [
        Unit(
            "kk",
            "en",
            TITLE,
            EXACT_TARGET,
            doc_id=TM_DOC_ID,
            seg_no=0,
            status="approved",
            note=NOTE,
            props=(("client", PAYLOAD),),
        ),
        Unit(
            "kk",
            "en",
            f"{TITLE} {WWW} {EMOJI}",
            FUZZY_TARGET,
            doc_id=TM_DOC_ID,
            seg_no=1,
            note=NOTE,
        ),
    ]
    memory = TranslationMemory.create(folder / "tm", units, user=TM_USER)
    DocumentLibrary(folder / "documents").add_texts(
        DOC_ID, {"kk": (ARTICLE, f"{URL}.txt"), "en": (ARTICLE_EN, f"{EMPHASIS}.txt")}, user=TM_USER
    )
    return memory


def markdown_strings(app: AppTest) -> Iterator[tuple[str, str]]:
    """(where, text) for every string of the page that Streamlit reads as Markdown."""
    for root in (app.main, app.sidebar):
        for node in _nodes(root):
            proto = getattr(node, "proto", None)
            if isinstance(proto, Message):
                yield from _strings(proto)


def _nodes(node: object) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _strings(message: Message) -> Iterator[tuple[str, str]]:
    kind = type(message).__name__
    for field, value in message.ListFields():
        if (kind, field.name) in LITERAL_FIELDS:
            continue
        values = value if field.is_repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item)
            elif isinstance(item, str):
                yield f"{kind}.{field.name}", item


def assert_no_payload_as_markdown(app: AppTest) -> None:
    assert not app.exception, app.exception
    for where, markdown in markdown_strings(app):
        for pattern in UNESCAPED:
            assert not pattern.search(markdown), (where, markdown)
        for node in markdown.split(NODE_SPLIT):
            parsed = ESCAPE.sub(r"\1", node)
            for fragment in IN_ONE_TEXT_NODE:
                assert fragment not in parsed, (where, markdown)


def start(page: str) -> AppTest:
    """The page, opened by a user whose typed name is a payload too."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.session_state["user_name"] = TM_USER
    app.run()
    app.switch_page(page)
    app.run()
    return app


@pytest.fixture(autouse=True)
def seeded(tm_dir: Path, monkeypatch: pytest.MonkeyPatch) -> TranslationMemory:
    import ui.cache

    folder = tm_dir.parent / TM_FOLDER
    monkeypatch.setenv("WORKBENCH_TM", str(folder / "tm"))
    ui.cache.memory.clear()
    ui.cache.library.clear()
    return seed(folder)


def test_translate_page_shows_matches_as_text() -> None:
    app = start("ui/pages/translate.py")
    assert_no_payload_as_markdown(app)
    # The match is there, and shown: its suggestion as text, its document in a caption.
    assert EXACT_TARGET in [element.value for element in app.text]
    assert TITLE in [element.value for element in app.text]  # the segment
    captions = [shown(caption.value) for caption in app.caption]
    assert f"{TM_DOC_ID} · approved" in captions
    diffs = [shown(m.value) for m in app.markdown if EMPHASIS in shown(m.value)]
    assert diffs, "the diff of the match shows the TM's source words"
    next(b for b in app.button if b.label == "Use").click().run()
    assert app.text_area(key="translate_target").value == EXACT_TARGET


def test_memory_page_shows_units_as_text() -> None:
    app = start("ui/pages/memory.py")
    assert_no_payload_as_markdown(app)
    table = next(frame.value for frame in app.dataframe if "source" in frame.value.columns)
    assert set(table["doc_id"]) == {TM_DOC_ID}
    for row in range(2):
        app.session_state["memory_table"] = {
            "selection": {"rows": [row], "columns": [], "cells": []}
        }
        app.run()
        assert_no_payload_as_markdown(app)
        assert app.text_input(key="memory_unit_note").value == NOTE


def test_documents_page_shows_document_ids_as_text() -> None:
    app = start("ui/pages/documents.py")
    assert_no_payload_as_markdown(app)
    assert list(app.dataframe[0].value["doc_id"]) == [DOC_ID]

    app.radio(key="docs_kk_choice").set_value("Paste text").run()
    app.text_area(key="docs_kk_paste").input(f"date 2025-11-21 {PAYLOAD}\n{NOTE}").run()
    app.text_input(key="docs_id").input("__y__").run()
    next(b for b in app.button if b.label == "Save document").click().run()
    assert_no_payload_as_markdown(app)
    assert re.compile(r"__y__").search(app.success[0].value) is None  # not emphasis
    assert shown(app.success[0].value) == "Saved __y__: kk."


def test_review_shows_the_pairs_of_a_document_as_text() -> None:
    app = start("ui/pages/align.py")
    for side in ("source", "target"):
        app.radio(key=f"align_{side}_choice").set_value("From documents").run()
        assert app.selectbox(key=f"align_{side}_doc").value == DOC_ID
    next(b for b in app.button if b.label == "Align").click().run()
    assert_no_payload_as_markdown(app)
    pairs = app.dataframe[0].value
    assert any(EMPHASIS in source for source in pairs["source"])
    app.session_state["align_pairs_0"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    assert_no_payload_as_markdown(app)
