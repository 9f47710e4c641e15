"""The real app in headless Chromium (Debian's package, driven by Playwright).

The journey of the skeleton: open the app, align the demo article with its English draft,
see the pairs, save them. Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser_support import (
    ARTIFACTS,
    click_row,
    click_until_shown,
    open_expander,
    press,
)
from ui.server import running_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(data_dir=str(tmp_path_factory.mktemp("browser"))) as url:
        yield url


def test_align_the_demo_article_with_its_english_draft(app_url: str, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Align & review")).to_be_visible(timeout=30_000)

    page.get_by_role("button", name="Align", exact=True).click()
    expect(page.get_by_text("83 Kazakh and 82 en sentences")).to_be_visible(timeout=60_000)
    # The grid draws on a canvas; its accessible rows carry the text (hidden from sight).
    rows = page.get_by_test_id("stDataFrame").locator("[role=row]")
    first_pair = rows.filter(has_text="АСТАНА. KAZINFORM — Астанада")
    expect(first_pair).to_have_count(1)
    expect(first_pair).to_contain_text("ASTANA, Nov. 18 (Kazinform) – An official welcome")
    page.screenshot(path=ARTIFACTS / "align-demo-en.png", full_page=True)

    page.get_by_role("button", name="Save to the translation memory").click()
    expect(page.get_by_text("Saved:")).to_be_visible(timeout=30_000)
    page.screenshot(path=ARTIFACTS / "align-saved.png", full_page=True)


HOSTILE = [
    '<img src=x onerror="window.__xss = 1">',
    "<svg><script>window.__xss = 2</script></svg>",
]


def test_hostile_text_is_shown_as_text_and_runs_nothing(app_url: str, page: Page) -> None:
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Align & review")).to_be_visible(timeout=30_000)
    pasted = {
        "Kazakh article": f"Бірінші {HOSTILE[0]} сөйлем.\nЕкінші {HOSTILE[1]} сөйлем.",
        "Draft": f"The first {HOSTILE[0]} sentence.\nThe second {HOSTILE[1]} sentence.",
    }
    for number, (label, text) in enumerate(pasted.items()):
        page.get_by_text("Paste text").nth(number).click()
        box = page.get_by_label(f"{label}: one paragraph a line")
        box.fill(text)
        box.blur()
    page.get_by_role("button", name="Align", exact=True).click()
    rows = page.get_by_test_id("stDataFrame").locator("[role=row]")
    expect(rows.filter(has_text=HOSTILE[0])).to_have_count(1, timeout=60_000)
    expect(rows.filter(has_text="<svg><script>")).to_have_count(1)
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src=x]").count() == 0
    page.screenshot(path=ARTIFACTS / "hostile-text.png", full_page=True)


def test_an_upload_above_the_apps_limit_is_refused(app_url: str, page: Page) -> None:
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Align & review")).to_be_visible(timeout=30_000)
    page.get_by_text("Upload a file").first.click()
    big = ("Сөйлем. " * 1_000_000).encode()  # 14 MB: above an article's 8 MiB, below 20 MiB
    page.locator("input[type=file]").first.set_input_files(
        {"name": "huge.txt", "mimeType": "text/plain", "buffer": big}
    )
    expect(page.get_by_text("huge.txt is")).to_contain_text("the limit is", timeout=30_000)


def test_journey_align_review_translate_export(app_url: str, page: Page) -> None:
    """The main journey of a translator and a reviewer, start to end, in the real app."""
    ARTIFACTS.mkdir(exist_ok=True)
    shot = lambda name: page.screenshot(path=ARTIFACTS / f"journey-{name}.png", full_page=True)  # noqa: E731

    # 1. Documents: the demo article with its English draft, and a new article to translate.
    page.goto(f"{app_url}/documents")
    expect(page.get_by_role("heading", name="Documents")).to_be_visible(timeout=30_000)
    page.get_by_text("Add a document").click()
    page.get_by_role("tab", name="English draft").click()
    page.get_by_role("tabpanel").get_by_text("Demo article").click()
    page.get_by_label("Document id").fill("journey")
    page.get_by_label("Document id").press("Enter")
    click_until_shown(page, "Save document", "Saved journey: kk, en.")
    shot("1-documents")

    # 2. Align & review: from the library, align, merge one pair, approve, save.
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Align & review")).to_be_visible(timeout=30_000)
    page.get_by_text("From documents").first.click()
    page.get_by_text("From documents").nth(1).click()
    page.get_by_role("button", name="Align", exact=True).click()
    expect(page.get_by_text("83 Kazakh and 82 en sentences")).to_be_visible(timeout=60_000)
    rows = page.get_by_test_id("stDataFrame").locator("[role=row]")
    expect(rows.filter(has_text="АСТАНА. KAZINFORM")).to_have_count(1)
    click_row(page, 0)
    expect(page.get_by_text("1 selected")).to_be_visible(timeout=10_000)
    press(page, "Alt+m", "Merge with next")
    merged = rows.filter(has_text="АСТАНА. KAZINFORM")
    expect(merged).to_contain_text("2-", timeout=30_000)
    shot("2-merged")
    page.get_by_role("button", name="Approve all").click()
    expect(page.get_by_text(re.compile(r"^[1-9]\d* of \d+ approved"))).to_be_visible()
    page.get_by_label("Document id").fill("journey")
    page.get_by_role("button", name="Save to the translation memory").click()
    expect(page.get_by_text("Saved:")).to_be_visible(timeout=30_000)
    shot("3-saved")

    # 3. Translate: a new article whose first sentence is close to an approved one.
    page.goto(f"{app_url}/documents")
    page.get_by_text("Add a document").click()
    page.get_by_role("tabpanel").get_by_text("Paste text").click()
    close = (
        "Астанада Қазақстанға ресми сапармен келген Эстония Президенті Алар Каристі қарсы "
        "алу рәсімі өтті."
    )
    page.get_by_label("Kazakh article: one paragraph a line").fill(f"date 2025-11-19 Жаңа\n{close}")
    page.get_by_label("Kazakh article: one paragraph a line").blur()
    page.get_by_label("Document id").fill("close-one")
    page.get_by_label("Document id").press("Enter")
    click_until_shown(page, "Save document", "Saved close-one")

    page.goto(f"{app_url}/translate")
    expect(page.get_by_role("heading", name="Translate")).to_be_visible(timeout=30_000)
    page.get_by_label("Document").click()
    page.get_by_role("option", name="close-one").click()
    expect(page.get_by_text("0 of 2 segments confirmed")).to_be_visible(timeout=30_000)
    # The title comes first; the keyboard moves on to the sentence (Alt+Down).
    expect(page.get_by_text("Title of 2")).to_be_visible(timeout=30_000)
    page.get_by_label("Translation").click()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.get_by_text("Segment 2 of 2")).to_be_visible(timeout=30_000)
    match = page.get_by_text(re.compile(r"^(9\d|8\d)%$")).first
    expect(match).to_be_visible(timeout=30_000)
    shot("4-translate-match")
    page.get_by_role("button", name="Use").first.click()
    editor = page.get_by_label("Translation")
    expect(editor).to_have_value(re.compile("An official welcome ceremony"), timeout=10_000)
    editor.fill(
        "An official welcome ceremony for Estonian President Alar Karis was held in Astana."
    )
    editor.blur()
    page.get_by_role("button", name="Confirm and go to the next segment").click()
    expect(page.get_by_text("1 of 2 segments confirmed")).to_be_visible(timeout=30_000)
    shot("5-translate-confirmed")

    # 4. Export TMX and read the file the browser downloads.
    page.goto(f"{app_url}/export")
    expect(page.get_by_role("heading", name="Export")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Prepare the export").click()
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name=re.compile("Download corpus.tmx")).click()
    tmx = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert tmx.startswith("<?xml")
    assert '<tmx version="1.4"' in tmx
    assert "Алар Каристі" in tmx
    shot("6-export")


def test_a_translator_works_by_keyboard_with_concordance(app_url: str, page: Page) -> None:
    """Translate: three segments confirmed with the keyboard only, a concordance of an
    inflected Kazakh form, the grid's progress following."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{app_url}/translate")
    expect(page.get_by_role("heading", name="Translate")).to_be_visible(timeout=30_000)
    page.get_by_label("Document").click()
    page.get_by_role("option", name="kazinform-2025-11-18-karis").click()
    expect(page.get_by_text(re.compile(r"of 84 segments confirmed$"))).to_be_visible(timeout=30_000)
    progress = page.get_by_text(re.compile(r"^\d+ of \d+ segments confirmed$"))
    expect(progress).to_be_visible(timeout=30_000)
    before = int((progress.text_content() or "0").split(" of ")[0])
    editor = page.get_by_label("Translation")
    for number in range(3):
        editor.click()
        editor.fill(f"Keyboard translation number {number + 1}.")
        page.keyboard.press("Control+Enter")
        done = page.get_by_text(re.compile(rf"^{before + number + 1} of 84 segments confirmed$"))
        expect(done).to_be_visible(timeout=30_000)
    page.get_by_text("Concordance").click()
    page.get_by_label("Find in the TM (Kazakh)").fill("Эстония")
    page.get_by_label("Find in the TM (Kazakh)").press("Enter")
    hits = page.get_by_test_id("stDataFrame").last.locator("[role=row]")
    expect(hits.filter(has_text="Эстонияның").first).to_be_attached(timeout=30_000)
    page.screenshot(path=ARTIFACTS / "translate-keyboard.png", full_page=True)


# A new article: the title (nothing in the TM), three sentences the demo TM holds (101 %,
# 101 % and 100 %), one with a word changed (85 %), and one that only holds a TM fragment:
# "Астанада болу - үлкен құрмет." is a whole demo unit inside a longer sentence.
NEW_ARTICLE = (
    "date 2025-11-20 Алар Карис Астанада\n"
    "Осы жолы Президент ретінде алғаш рет сапарладым. Мемлекеттік сапарымда менімен бірге "
    "40-тан астам компанияның өкілінен тұратын сегіз бизнес делегация еріп жүр. Қазіргі "
    "уақытта біздің қарым-қатынасымыз өте жақсы деңгейде.\n"
    "Осы жолы Премьер-министр ретінде алғаш рет сапарладым.\n"
    "Президент сұхбатында Астанада болу - үлкен құрмет екенін айтып, алғысын білдірді.\n"
)


def _add_document(page: Page, app_url: str, doc_id: str, kazakh: str) -> None:
    page.goto(f"{app_url}/documents")
    expect(page.get_by_role("heading", name="Documents")).to_be_visible(timeout=30_000)
    page.get_by_text("Add a document").click()
    page.get_by_role("tabpanel").get_by_text("Paste text").click()
    box = page.get_by_label("Kazakh article: one paragraph a line")
    box.fill(kazakh)
    box.blur()
    page.get_by_label("Document id").fill(doc_id)
    page.get_by_label("Document id").press("Enter")
    click_until_shown(page, "Save document", f"Saved {doc_id}")


def test_pretranslate_then_a_fragment_match_by_keyboard(app_url: str, page: Page) -> None:
    """Translate a new article: pre-translate it (exact matches confirmed, a fuzzy one as a
    draft), confirm the rest with the keyboard, and insert a fragment match where the TM
    has no whole match."""
    ARTIFACTS.mkdir(exist_ok=True)
    _add_document(page, app_url, "pretranslate-fragment", NEW_ARTICLE)

    page.goto(f"{app_url}/translate")
    expect(page.get_by_role("heading", name="Translate")).to_be_visible(timeout=30_000)
    page.get_by_label("Document").click()
    page.get_by_role("option", name="pretranslate-fragment").click()
    expect(page.get_by_text("0 of 6 segments confirmed", exact=True)).to_be_visible(timeout=30_000)
    rows = page.get_by_test_id("stDataFrame").first.locator("[role=row]")
    fuzzy_row = rows.filter(has_text="Осы жолы Премьер-министр")
    expect(fuzzy_row).to_contain_text("fuzzy", timeout=30_000)

    # Pre-translate: 100 and 101 % confirmed into the TM, the 85 % match as a draft.
    open_expander(page, "Pre-translate")
    page.get_by_text("Confirm 100 % and 101 % matches into the TM").click()
    expect(page.get_by_role("checkbox", name="Confirm 100 % and 101 %")).to_be_checked()
    page.get_by_role("button", name="Pre-translate").click()
    expect(page.get_by_text("Pre-translated 4 segments; 3 confirmed.")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_text("3 of 6 segments confirmed", exact=True)).to_be_visible()
    expect(fuzzy_row).to_contain_text("draft", timeout=30_000)
    expect(fuzzy_row).to_contain_text("This time, however, I have come as president")
    page.screenshot(path=ARTIFACTS / "translate-pretranslated.png", full_page=True)

    # The keyboard from here: the title (new), then the pre-translated draft. (Headings are
    # found by their text: while a run redraws the page, the old one can stay a moment.)
    heading = lambda text: page.get_by_role("heading", name=text)  # noqa: E731
    expect(heading("Title of 6 · new")).to_be_visible(timeout=30_000)
    editor = page.get_by_label("Translation")
    editor.click()
    editor.fill("Alar Karis in Astana")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("4 of 6 segments confirmed", exact=True)).to_be_visible(timeout=30_000)
    expect(heading("Segment 5 of 6 · draft")).to_be_visible(timeout=30_000)
    expect(editor).to_have_value(re.compile("^This time, however, I have come as president"))
    editor.click()
    editor.fill("This time, I have come as prime minister for the first time.")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("5 of 6 segments confirmed", exact=True)).to_be_visible(timeout=30_000)

    # No whole match for the last sentence: the TM's fragment is offered, and inserted.
    expect(heading("Segment 6 of 6 · new")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("No TM match of 50% or more.")).to_be_visible()
    expect(page.get_by_text("Fragments the TM knows")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Астанада болу - үлкен құрмет (4 words)")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "translate-fragment.png", full_page=True)
    page.get_by_role("button", name="Insert").first.click()
    expect(editor).to_have_value("It is a great honor to be in Astana.", timeout=30_000)
    editor.click()
    editor.fill("The President said it is a great honor to be in Astana, and thanked his hosts.")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("6 of 6 segments confirmed", exact=True)).to_be_visible(timeout=30_000)

    # The grid chooses a segment by a click; after moving away by the keyboard, a click on
    # the same row chooses it again (the grid does not keep the old selection).
    for _ in range(2):
        click_row(page, 1)
        expect(heading("Segment 2 of 6 · confirmed")).to_be_visible(timeout=30_000)
        press(page, "Alt+ArrowUp", "Previous")
        expect(heading("Title of 6 · confirmed")).to_be_visible(timeout=30_000)


def _long_text(lang: str, copies: int) -> str:
    """The demo article's paragraphs `copies` times over: a long document to review."""
    from tm import demo_article

    lines = [line for line in demo_article(lang).text.splitlines() if line.strip()]
    body = [line for line in lines if not line.startswith("date ")]
    return "\n".join(body * copies)


def _review_counts(page: Page) -> tuple[int, int, int]:
    """(approved, pairs, shown) from the line under the review grid."""
    caption = page.get_by_text(re.compile(r"^\d+ of \d+ approved · \d+ shown · "))
    expect(caption).to_have_count(1, timeout=30_000)  # not a rerun's stale copy beside it
    expect(caption).to_be_visible(timeout=30_000)
    approved, pairs, shown = re.findall(r"\d+", caption.text_content() or "")[:3]
    return int(approved), int(pairs), int(shown)


def _expect_counts(page: Page, approved: int, pairs: int, shown: int | None = None) -> None:
    counts = rf"^{approved} of {pairs} approved · " + (rf"{shown} shown · " if shown else "")
    caption = page.get_by_text(re.compile(r"^\d+ of \d+ approved · "))
    expect(caption).to_have_text(re.compile(counts), timeout=30_000)


def test_a_500_pair_review_paged_filtered_and_by_keyboard(app_url: str, page: Page) -> None:
    """A long document (the demo article seven times: 587 x 574 sentences) aligned in the
    browser: paged, filtered to the unapproved low-confidence pairs, then reviewed with the
    keyboard (next low-confidence, approve, merge, undo), the counts following."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Align & review")).to_be_visible(timeout=30_000)
    pasted = {"Kazakh article": _long_text("kk", 7), "Draft": _long_text("en", 7)}
    for number, (label, text) in enumerate(pasted.items()):
        page.get_by_text("Paste text").nth(number).click()
        box = page.get_by_label(f"{label}: one paragraph a line")
        box.fill(text)
        box.blur()
    page.get_by_role("button", name="Align", exact=True).click()
    expect(page.get_by_text("587 Kazakh and 574 en sentences")).to_be_visible(timeout=60_000)
    approved, pairs, shown = _review_counts(page)
    assert (approved, shown) == (0, pairs)
    assert pairs >= 500
    pages = -(-pairs // 100)
    number_box = page.get_by_label(f"Page (of {pages})")
    expect(number_box).to_have_value("1")

    # The last page holds the last pairs: their positions are past 100 x (pages - 1).
    number_box.fill(str(pages))
    number_box.press("Enter")
    rows = page.get_by_test_id("stDataFrame").first.locator("[role=row]")
    first_of_page = rows.filter(has_text=re.compile(rf"^{100 * (pages - 1)}\D"))
    expect(first_of_page).to_have_count(1, timeout=30_000)
    page.screenshot(path=ARTIFACTS / "review-500-last-page.png", full_page=True)

    # Filter: unapproved pairs under 0.90 confidence fit on one page.
    open_expander(page, "Filter pairs")
    page.get_by_text("Not approved yet").click()
    page.get_by_text("Confidence under…").click()
    caption = page.get_by_text(re.compile(r"^\d+ of \d+ approved · "))
    # While the filter reruns the page, the previous run's caption can stand beside the
    # new one: wait for one.
    expect(caption).to_have_count(1, timeout=30_000)
    expect(caption).not_to_have_text(re.compile(rf" · {pairs} shown · "), timeout=30_000)
    _, _, low = _review_counts(page)
    assert 0 < low < 100
    expect(page.get_by_label(re.compile(r"^Page \(of"))).to_have_count(0)
    page.screenshot(path=ARTIFACTS / "review-500-filtered.png", full_page=True)

    # The keyboard: the next low-confidence pair, approved: it leaves the filtered list.
    page.keyboard.press("Alt+n")
    expect(page.get_by_text(re.compile(r" · 1 selected · "))).to_be_visible(timeout=30_000)
    press(page, "Alt+a", "Approve selected")
    _expect_counts(page, 1, pairs, low - 1)
    # The next one merged with the pair after it, then the merge undone.
    page.keyboard.press("Alt+n")
    expect(page.get_by_text(re.compile(r" · 1 selected · "))).to_be_visible(timeout=30_000)
    press(page, "Alt+m", "Merge with next")
    _expect_counts(page, 1, pairs - 1)
    press(page, "Alt+z", "Undo")
    _expect_counts(page, 1, pairs, low - 1)

    # Without the "not approved" filter, the approved pair is listed again.
    page.get_by_text("Not approved yet").click()
    _expect_counts(page, 1, pairs, low)
    page.screenshot(path=ARTIFACTS / "review-500-keyboard.png", full_page=True)
