from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def tm_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder, so no test touches the user's: its embedded TM (seeded with the
    demo on first use) is at the returned path."""
    monkeypatch.delenv("WORKBENCH_TM", raising=False)
    monkeypatch.setenv("WORKBENCH_DATA", str(tmp_path))
    return tmp_path / "tm"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (Playwright's own browsers cannot be downloaded here)."""
    from playwright.sync_api import sync_playwright

    from ui.server import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _main_module_kept() -> Iterator[None]:
    """Streamlit's AppTest runs a page as `__main__` and leaves it there; a process that a
    later test spawns (Dask workers, concurrent writers) re-runs `__main__` from its file,
    and would run the page's temporary script instead of nothing."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main
