"""The termbase in the real app (headless Chromium): on Translate, the demo article's title
shows the termbase's terms in their inflected forms, a term's translation goes into the
translation box with its button and with its shortcut, and a translation that uses a
rendering the termbase forbids, and not the one it gives, draws the QA warnings of the term
checks. The termbase is made through `tm` before the app starts, beside the embedded TM."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser_support import ARTIFACTS
from tm.demo import open_demo_tm
from tm.store_terms import Termbase, default_termbase_uri
from tm.termbase import Concept, Term
from ui.server import running_app

pytestmark = pytest.mark.browser

DOC_ID = "kazinform-2025-11-18-karis"
# The demo article's title, where these terms stand (Эстония in the genitive).
TITLE = "Президент Алар Карис: Қазақстан – Эстонияның Азияға кірер қақпасы"
CONCEPTS = [
    Concept((Term("kk", "Алар Карис"), Term("en", "Alar Karis"))),
    Concept((Term("kk", "Қазақстан"), Term("en", "Kazakhstan"))),
    Concept(
        (
            Term("kk", "Эстония"),
            Term("en", "Estonia"),
            Term("en", "Estland", status="forbidden", note="the German name"),
        )
    ),
]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a data folder whose embedded demo TM has a termbase beside it."""
    data = tmp_path_factory.mktemp("terms")
    memory = open_demo_tm(str(data / "tm"))
    termbase = Termbase.open(default_termbase_uri(memory.uri), create=True)
    termbase.add(CONCEPTS, user="owner")
    with running_app(data_dir=str(data)) as url:
        yield url


def _insert_button(page: Page, number: int) -> Locator:
    """The Insert button of the panel's term `number` (the fragments have Insert buttons
    too)."""
    return page.locator(f".st-key-translate_terms_{number}").get_by_role("button")


def _box_shows(page: Page, value: str) -> None:
    expect(page.get_by_label("Translation", exact=True)).to_have_value(value, timeout=30_000)


def test_a_term_is_inserted_and_a_forbidden_rendering_is_warned_of(
    app_url: str, page: Page
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{app_url}/translate")
    expect(page.get_by_role("heading", name="Translate")).to_be_visible(timeout=30_000)
    page.get_by_label("Document").click()
    page.get_by_role("option", name=DOC_ID).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Title of \d+"))).to_be_visible(
        timeout=30_000
    )

    # The panel marks the forms found and lists each term with its translation.
    marked = "Президент ⟦Алар Карис⟧: ⟦Қазақстан⟧ – ⟦Эстонияның⟧ Азияға кірер қақпасы"
    expect(page.get_by_text(marked, exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Эстонияның", exact=True)).to_be_visible()
    expect(page.get_by_text("Estonia\n✗ forbidden: Estland", exact=True)).to_be_visible()

    editor = page.get_by_label("Translation", exact=True)
    editor.fill("")
    editor.blur()
    _box_shows(page, "")
    # The third term's button, then the second term's shortcut.
    _insert_button(page, 3).click()
    _box_shows(page, "Estonia")
    # As `press` does: one copy of the button, enabled, before its shortcut is pressed.
    expect(_insert_button(page, 2)).to_have_count(1, timeout=30_000)
    expect(_insert_button(page, 2)).to_be_enabled(timeout=30_000)
    page.keyboard.press("Alt+Shift+2")
    _box_shows(page, "Estonia Kazakhstan")
    page.screenshot(path=ARTIFACTS / "terms-inserted.png", full_page=True)

    # The forbidden name where the termbase's translation should be.
    editor.fill("President Alar Karis: Kazakhstan is Estland's gateway to Asia")
    editor.blur()
    forbidden = page.get_by_text(
        'QA, forbidden-term: "Estland\'s" (Estland) is forbidden by the termbase for '
        "'Эстония': use 'Estonia'"
    )
    expect(forbidden).to_be_visible(timeout=30_000)
    expect(
        page.get_by_text(
            "QA, term-translation: 'Эстонияның' (Эстония) is not translated as the termbase "
            "says: 'Estonia'"
        )
    ).to_be_visible()
    # The terms it renders as the termbase says draw no warning.
    expect(page.get_by_text("'Алар Карис' is not translated")).to_have_count(0)
    expect(page.get_by_text("'Қазақстан' is not translated")).to_have_count(0)
    page.screenshot(path=ARTIFACTS / "terms-qa-warning.png", full_page=True)

    # Put right, the warnings go.
    editor.fill("President Alar Karis: Kazakhstan is Estonia's gateway to Asia")
    editor.blur()
    expect(forbidden).to_have_count(0, timeout=30_000)
    expect(page.get_by_text("QA, term-translation")).to_have_count(0)


def test_the_termbase_is_the_one_beside_the_embedded_tm(app_url: str, page: Page) -> None:
    page.goto(f"{app_url}/terms")
    expect(page.get_by_role("heading", name="Termbase")).to_be_visible(timeout=30_000)
    rows = page.get_by_test_id("stDataFrame").first.locator("[role=row]")
    expect(rows.filter(has_text="Эстония")).to_have_count(1, timeout=30_000)
    expect(rows.filter(has_text="Estland (forbidden)")).to_have_count(1)
