"""TMX import and export speed and memory, against lxml's iterparse alone on the same file.

    .venv/bin/python bench/formats.py                    # 200,000 units, under a minute
    .venv/bin/python bench/formats.py --units 1000000    # the issue's size: ~2 min, ~4 GB RAM

A generated TMX file holds kk+en+ru `<tu>`s (two units each: kk-en and kk-ru). Each phase
runs in its own process, so that its peak memory (ru_maxrss) is its own:

  lxml-only   iterparse with the reader's settings, clearing each <tu>: the floor
  read        tm.formats: parse, check and build every unit (no TM)
  import      read + one TranslationMemory.add into an empty TM (the CLI's import)
  export      the TM -> TMX through tm.formats.transfer.export_file

Times are medians of --repeats runs; the ratios compare each phase with lxml-only.
Targets from issue 6 at 1M units: import <= 60 s with peak <= 1.5 GB, export <= 30 s.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = {
    "kk": "Қазақстан Астана сапар президент келіссөз ынтымақтастық экономика жоба мемлекет халық",
    "en": "Kazakhstan Astana visit president talks cooperation economy project state people",
    "ru": "Казахстан Астана визит президент переговоры сотрудничество экономика проект народ",
}


def _sentence(words: list[str], rng: random.Random, number: int) -> str:
    chosen = rng.choices(words, k=rng.randint(6, 18))
    return f"{' '.join(chosen).capitalize()} {number} & <{number % 97}>."


def generate(path: Path, units: int, seed: int = 6) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
            '<header creationtool="bench" creationtoolversion="1" segtype="sentence" '
            'o-tmf="bench" adminlang="en" srclang="kk" datatype="plaintext"/>\n<body>\n'
        )
        for number in range(units // 2):
            kk, en, ru = (
                _sentence(WORDS[lang].split(), rng, number)
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                for lang in ("kk", "en", "ru")
            )
            out.write(
                f'<tu creationdate="20251118T093000Z" creationid="bench">'
                f'<prop type="x-tm-doc-id">doc-{number // 40}</prop>'
                f'<prop type="x-tm-seg-no">{number % 40}</prop>'
                f'<tuv xml:lang="kk"><seg>{kk}</seg></tuv>'
                f'<tuv xml:lang="en"><seg>{en}</seg></tuv>'
                f'<tuv xml:lang="ru"><seg>{ru}</seg></tuv></tu>\n'
            )
        out.write("</body>\n</tmx>\n")


# --- phases, each run in a child process -------------------------------------------------


def _lxml_only(path: Path, work: Path) -> int:
    from lxml import etree

    count = 0
    for _event, tu in etree.iterparse(
        str(path),
        events=("end",),
        tag="tu",
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    ):
        count += len(tu) - 1 - sum(1 for child in tu if child.tag == "prop")
        tu.clear(keep_tail=False)
        parent = tu.getparent()
        while tu.getprevious() is not None:
            del parent[0]  # type: ignore[union-attr]
    return count


def _read(path: Path, work: Path) -> int:
    from tm.formats.transfer import read_file

    return read_file(path).rows.height


def _import(path: Path, work: Path) -> int:
    from tm.formats.transfer import import_file
    from tm.store import TranslationMemory

    memory = TranslationMemory.create(work / "tm")
    return import_file(memory, path, user="bench").added


def _export(path: Path, work: Path) -> int:
    from tm.formats.transfer import export_file
    from tm.store import TranslationMemory

    return export_file(TranslationMemory(work / "tm"), work / "out.tmx").stats.units


PHASES = {"lxml-only": _lxml_only, "read": _read, "import": _import, "export": _export}


def _child(phase: str, path: Path, work: Path) -> None:
    started = time.perf_counter()
    count = PHASES[phase](path, work)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "count": count}))


def _measure(phase: str, path: Path, work: Path) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", phase, str(path), str(work)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=1, help="runs per phase (median)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        phase, path, work = args.child
        _child(phase, Path(path), Path(work))
        return

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        path = work / "bench.tmx"
        started = time.perf_counter()
        generate(path, args.units)
        size_mb = path.stat().st_size / 1e6
        print(
            f"generated {args.units:,} units ({args.units // 2:,} kk+en+ru <tu>), "
            f"{size_mb:.0f} MB, in {time.perf_counter() - started:.1f} s"
        )
        results: dict[str, dict[str, float]] = {}
        for phase in PHASES:
            runs = []
            for _ in range(args.repeats if phase != "import" else 1):
                if phase == "import":
                    subprocess.run(["rm", "-rf", str(work / "tm")], check=True)
                runs.append(_measure(phase, path, work))
            results[phase] = {
                "seconds": statistics.median(run["seconds"] for run in runs),
                "peak_mb": max(run["peak_mb"] for run in runs),
                "count": runs[0]["count"],
            }
        base = results["lxml-only"]["seconds"]
        header = ("units", "seconds", "x lxml", "units/s", "peak MB")
        print(f"{'phase':<10} " + " ".join(f"{name:>9}" for name in header))
        for phase, result in results.items():
            print(
                f"{phase:<10} {int(result['count']):>9,} {result['seconds']:>9.2f} "
                f"{result['seconds'] / base:>9.1f} {result['count'] / result['seconds']:>9,.0f} "
                f"{result['peak_mb']:>9.0f}"
            )
        scale = 1_000_000 / args.units
        print(
            f"linear estimate at 1M units: import {results['import']['seconds'] * scale:.0f} s "
            f"(target 60), export {results['export']['seconds'] * scale:.0f} s (target 30)"
        )


if __name__ == "__main__":
    main()
