"""What the browser tests share: Debian's Chromium driven by Playwright, and the moves a
person makes in the app that need care on a busy machine (a click while the app reruns).

The `browser` and `page` fixtures are in tests/conftest.py (the browser is
`ui.server.CHROMIUM`); each test file starts its own app (`ui.server.running_app`) on the
TM it needs."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"


def click_row(page: Page, row: int, *, row_height: float = 35) -> None:
    """Tick a row's selection box in the first grid (drawn on a canvas: click by position,
    under its 35 px header)."""
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + row_height * (row + 0.5))


def press(page: Page, keys: str, button: str) -> None:
    """A button's shortcut, once the button shows enabled: the app binds the shortcut of a
    button that a run has just enabled a moment after that run ends."""
    # During a rerun Streamlit can show the previous run's copy of a button beside the new
    # one until the run ends: wait for exactly one, enabled.
    expect(page.get_by_role("button", name=button)).to_have_count(1, timeout=30_000)
    expect(page.get_by_role("button", name=button)).to_be_enabled(timeout=30_000)
    page.keyboard.press(keys)


def click_until_shown(page: Page, button: str, shown: str) -> None:
    """Click a button until its result shows: on a busy machine a click can land while the
    app is still rerunning for the text typed just before, and be lost with that run.
    Only for buttons whose action may be repeated (saving the same document again)."""
    for _ in range(3):
        page.get_by_role("button", name=button).click()
        try:
            expect(page.get_by_text(shown)).to_be_visible(timeout=15_000)
            return
        except AssertionError:
            continue
    expect(page.get_by_text(shown)).to_be_visible(timeout=15_000)


def open_expander(page: Page, label: str) -> None:
    """Open an expander and let it finish opening: a click on a button still sliding into
    place can miss it (2 clicks in 15 did in bench/browser.py)."""
    summary = page.locator("summary").filter(has_text=label)
    summary.click()
    summary.locator("xpath=..").evaluate(
        "element => Promise.allSettled(element.getAnimations({subtree: true}).map(a => a.finished))"
    )
