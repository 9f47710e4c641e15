"""The app in a real browser with a large TM: first render and lookup latency.

    .venv/bin/python bench/browser.py                  # a 1M-unit TM, and the demo TM as baseline
    .venv/bin/python bench/browser.py --units 100000   # quicker

For each TM the app is started with `WORKBENCH_TM` pointing at it and driven in headless
Chromium (Debian's package, through Playwright):

- first render: from navigation to the Align & review page drawn, and to the Translate page
  drawn with its first TM matches (this includes loading the fuzzy index in the server);
- lookup: on the Translate page, from the click on Next (the next segment) to its matches
  drawn and the run finished, repeated; medians and the worst are printed.

The demo TM (154 units) runs first as the baseline in the same run; the ratios say what the
large TM costs. Targets at 1M units: first render <= 5 s, lookup click to result <= 500 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ui.server import running_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def measure(tm_uri: str, lookups: int) -> dict[str, float]:
    import re

    from playwright.sync_api import expect, sync_playwright

    with running_app(tm_uri=tm_uri, seconds=120) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.perf_counter()
        page.goto(url)
        expect(page.get_by_role("button", name="Align", exact=True)).to_be_visible(timeout=120_000)
        align_render = time.perf_counter() - started

        started = time.perf_counter()
        page.goto(f"{url}/translate")
        expect(page.get_by_text("segments confirmed")).to_be_visible(timeout=120_000)
        expect(page.get_by_role("heading", name="TM matches")).to_be_visible(timeout=120_000)
        translate_render = time.perf_counter() - started

        times = []
        heading = page.get_by_role("heading", name=re.compile(r"^(Title|Segment \d+) of \d+"))
        for _ in range(lookups):
            shown = heading.text_content()
            started = time.perf_counter()
            page.get_by_role("button", name=re.compile(r"^Next")).click()
            # Done when the next segment's heading is drawn and the run has finished (its
            # matches are drawn after it, in the same run).
            expect(heading).not_to_have_text(shown or "", timeout=30_000)
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                timeout=30_000,
            )
            times.append(time.perf_counter() - started)
        browser.close()
    return {
        "align_render": align_render,
        "translate_render": translate_render,
        "lookup_p50": statistics.median(times),
        "lookup_max": max(times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=15)
    args = parser.parse_args()

    from fuzzy import make_tm

    import tm
    from tm.fuzzy import index_for

    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo" / "tm"
        tm.open_demo_tm(str(demo))
        large = Path(folder) / "large" / "tm"
        started = time.perf_counter()
        make_tm(large, args.units, seed=7)
        built = time.perf_counter() - started
        started = time.perf_counter()
        index_for(tm.TranslationMemory(large)).refresh()
        indexed = time.perf_counter() - started
        print(
            f"built a {args.units:,}-unit TM in {built:.0f} s, its fuzzy index in {indexed:.0f} s"
        )

        rows = [("demo (154 units)", measure(str(demo), args.lookups))]
        rows.append((f"{args.units:,} units", measure(str(large), args.lookups)))
    base = rows[0][1]
    print(
        f"{'TM':<18} {'Align page':>11} {'Translate page':>15} {'lookup p50':>11} "
        f"{'lookup max':>11}"
    )
    for label, figures in rows:
        print(
            f"{label:<18} {figures['align_render']:>10.2f}s {figures['translate_render']:>14.2f}s "
            f"{figures['lookup_p50'] * 1000:>9.0f}ms {figures['lookup_max'] * 1000:>9.0f}ms"
        )
    large_figures = rows[1][1]
    print(
        "ratios to the demo TM: "
        + ", ".join(f"{name} x{large_figures[name] / base[name]:.1f}" for name in base)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
