"""Text stays text, as the browser draws it (issue 16): on a TM and a document whose text,
notes, document ids and user names look like Markdown, the Translate, Memory and Documents
pages show the characters themselves, and make no link, heading, emphasis, icon, emoji,
colour or math out of them. The payloads and the seeding are tests/test_text_stays_text.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser_support import ARTIFACTS, open_expander
from tests.test_text_stays_text import (
    EMAIL,
    EMOJI,
    EMPHASIS,
    EXACT_TARGET,
    FUZZY_TARGET,
    ICON,
    TITLE,
    TM_DOC_ID,
    TM_FOLDER,
    URL,
    WWW,
    seed,
)
from ui.server import running_app

pytestmark = pytest.mark.browser

LOADED = 60_000


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("text")
    folder = data / TM_FOLDER
    seed(folder)
    with running_app(tm_uri=str(folder / "tm"), data_dir=str(data)) as url:
        yield url


def assert_nothing_made_of_the_payloads(page: Page) -> None:
    """No element that Markdown would have made out of a payload is on the page."""
    assert page.locator("a[href*='evil.example'], a[href^='mailto:']").count() == 0
    headings = page.locator("h1, h2, h3, h4, h5, h6")
    assert headings.filter(has_text=re.compile(r"Heading|evil|__|===")).count() == 0
    assert page.locator("em, strong").filter(has_text=re.compile(r"^\s*[xy]\s*$")).count() == 0
    assert page.locator("[aria-label='delete icon']").count() == 0  # a Markdown icon
    assert page.get_by_text("😄").count() == 0  # :smile: as an emoji
    assert page.locator(".katex").count() == 0  # $x^2$ as math
    assert page.locator(".stMarkdownColoredText").filter(has_text="alert").count() == 0


def test_translate_page_shows_matches_as_text(app_url: str, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{app_url}/translate")
    expect(page.get_by_role("heading", name="TM matches")).to_be_visible(timeout=LOADED)
    main = page.get_by_test_id("stMain")
    # The suggestions, the segment and the diff of the TM's source, character for character.
    expect(main.get_by_text(URL, exact=False).first).to_be_visible()
    for shown in (EXACT_TARGET.splitlines()[0], FUZZY_TARGET, TITLE):
        expect(main.get_by_text(shown, exact=False).first).to_be_visible()
    diff = main.get_by_test_id("stMarkdownContainer").filter(has_text=TITLE)
    expect(diff.first).to_be_visible()
    expect(main.get_by_text(f"{TM_DOC_ID} · approved")).to_be_visible()
    expect(main.get_by_text(f"{WWW} {EMOJI}", exact=False).first).to_be_visible()
    assert_nothing_made_of_the_payloads(page)
    diff.first.scroll_into_view_if_needed()  # the page scrolls inside its main area
    page.screenshot(path=ARTIFACTS / "text-stays-text-translate.png", full_page=True)


def test_memory_page_shows_units_as_text(app_url: str, page: Page) -> None:
    page.goto(f"{app_url}/memory")
    expect(page.get_by_text("2 units shown", exact=False)).to_be_visible(timeout=LOADED)
    units = page.get_by_test_id("stDataFrame").filter(
        has=page.locator("[role=row]").filter(has_text=TITLE)
    )
    expect(units).to_have_count(1)
    expect(page.get_by_text(f"{TM_FOLDER}/tm", exact=False)).to_be_visible()
    units.scroll_into_view_if_needed()
    box = units.bounding_box()
    assert box is not None
    # The grid draws on a canvas: tick the first row's box by position, under the header.
    page.mouse.click(box["x"] + 18, box["y"] + 35 * 1.5)
    source = page.get_by_label("Source", exact=True)
    expect(source).to_have_value(re.compile(re.escape(TITLE)), timeout=LOADED)
    assert page.get_by_label("Target", exact=True).input_value() in {EXACT_TARGET, FUZZY_TARGET}
    assert_nothing_made_of_the_payloads(page)
    page.screenshot(path=ARTIFACTS / "text-stays-text-memory.png", full_page=True)


def test_documents_page_shows_document_ids_as_text(app_url: str, page: Page) -> None:
    page.goto(f"{app_url}/documents")
    rows = page.get_by_test_id("stDataFrame").locator("[role=row]")
    expect(rows.filter(has_text=EMPHASIS).first).to_be_attached(timeout=LOADED)
    open_expander(page, "Add a document")
    page.get_by_text("Paste text").first.click()
    box = page.get_by_label("Kazakh article: one paragraph a line")
    box.fill(f"date 2025-11-21 {URL} {EMAIL} {ICON}\nБір сөйлем {WWW}.")
    box.blur()
    doc_id = page.get_by_label("Document id")
    doc_id.fill("__y__")
    doc_id.press("Enter")
    page.get_by_role("button", name="Save document").click()
    expect(page.get_by_text("Saved __y__: kk.")).to_be_visible(timeout=LOADED)
    expect(rows.filter(has_text="__y__").first).to_be_attached(timeout=LOADED)
    assert_nothing_made_of_the_payloads(page)
    page.screenshot(path=ARTIFACTS / "text-stays-text-documents.png", full_page=True)
