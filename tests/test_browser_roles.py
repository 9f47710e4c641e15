"""Roles in the real app (headless Chromium): on a shared TM, the app started for a
translator offers no approving; started for an editor, an approved pair reaches the TM as
approved, stamped with the editor's name. The server vouches for the user (WORKBENCH_USER),
as a desk without a sign-in provider runs it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser_support import ARTIFACTS, click_row, click_until_shown
from tm.access import Role
from tm.store import TranslationMemory, Unit
from ui.server import running_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding a shared TM: its creator "owner" (admin), an editor "ed" and a
    translator "tr"."""
    data = tmp_path_factory.mktemp("desk")
    memory = TranslationMemory.create(
        data / "desk-tm", [Unit("kk", "en", "Сәлем, әлем.", "Hello, world.")], user="owner"
    )
    memory.set_role("ed", Role.EDITOR, user="owner")
    memory.set_role("tr", Role.TRANSLATOR, user="owner")
    return data


def _aligned_with_first_pair_selected(url: str, page: Page) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="Align & review")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Align", exact=True).click()
    expect(page.get_by_text("83 Kazakh and 82 en sentences")).to_be_visible(timeout=60_000)
    click_row(page, 0)
    expect(page.get_by_text("1 selected")).to_be_visible(timeout=10_000)


def test_a_translator_finds_no_enabled_approve_button_and_reads_why(desk: Path, page: Page) -> None:
    env = {"WORKBENCH_USER": "tr"}
    with running_app(tm_uri=str(desk / "desk-tm"), data_dir=str(desk), env=env) as url:
        _aligned_with_first_pair_selected(url, page)
        expect(page.get_by_text("Working as tr")).to_be_visible()
        expect(page.get_by_text("'tr' is a translator and may not approve units")).to_be_visible()
        expect(page.get_by_role("button", name="Approve selected")).to_be_disabled()
        expect(page.get_by_role("button", name=re.compile("^Approve all"))).to_be_disabled()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "roles-translator.png", full_page=True)


def test_an_editor_approves_a_pair_and_the_tm_holds_it_approved_by_them(
    desk: Path, page: Page
) -> None:
    env = {"WORKBENCH_USER": "ed"}
    with running_app(tm_uri=str(desk / "desk-tm"), data_dir=str(desk), env=env) as url:
        _aligned_with_first_pair_selected(url, page)
        approve = page.get_by_role("button", name="Approve selected")
        # During a rerun the previous run's copy can stand beside the new one: wait for one.
        expect(approve).to_have_count(1, timeout=30_000)
        expect(approve).to_be_enabled(timeout=30_000)
        approve.click()
        expect(page.get_by_text(re.compile(r"^1 of \d+ approved"))).to_be_visible(timeout=30_000)
        click_until_shown(page, "Save to the translation memory", "Saved:")

    approved = TranslationMemory.open(desk / "desk-tm").units().filter(status="approved")
    assert approved.height == 1
    unit = approved.row(0, named=True)
    assert unit["source"].startswith("АСТАНА. KAZINFORM")
    assert (unit["changed_by"], unit["created_by"]) == ("ed", "ed")
