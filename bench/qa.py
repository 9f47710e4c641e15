"""Every QA warning raised on the reviewer-approved gold pairs, and how language ID fares.

    .venv/bin/python bench/qa.py                 # gold warnings + language ID on 700 x 3 lines
    .venv/bin/python bench/qa.py --no-langid     # gold warnings only

Part 1 builds the approved pairs of corpora/karis from the gold segmentation (.sents) and
the gold beads (.gold): a bead with sentences on both sides is one pair (merged or split
sentences joined with a space); beads with an empty side are omissions or captions, not
pairs. It prints every warning, so that a person can judge whether it is a false alarm,
and counts them by check and severity. Error-level warnings there are false alarms (the
gold test asserts none).

Part 2 measures wrong-language detection on the X-WMT sentences (700 per language): the
accuracy and time per sentence of lingua restricted to kk/ru/en, next to the baseline of a
letters-only rule measured in the same run (Latin -> en; Cyrillic with a Kazakh-only letter
-> kk; other Cyrillic -> ru).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.align import parse_beads  # noqa: E402
from tm.quality import QAContext, QAWarning, Segment, run_checks  # noqa: E402
from tm.quality.langid import KAZAKH_LETTERS, identify  # noqa: E402
from tm.segment import presegmented  # noqa: E402

KARIS = ROOT / "corpora" / "karis"
XWMT = ROOT.parent / "shared" / "corpora" / "xwmt"


def gold_pairs(directory: Path, src_lang: str, tgt_lang: str) -> list[Segment]:
    """The approved pairs of one document: one Segment per bead with both sides, keyed by bead."""

    def sentences(lang: str) -> tuple[str, ...]:
        lines = (directory / f"{lang}.sents").read_text(encoding="utf-8").splitlines()
        return presegmented(lines, lang).sentences

    source, target = sentences(src_lang), sentences(tgt_lang)
    gold = directory / f"{src_lang}-{tgt_lang}.gold"
    segments = []
    for src, tgt in parse_beads(gold.read_text(encoding="utf-8"), source=str(gold)):
        if src and tgt:
            key = f"{list(src)}:{list(tgt)}"
            segments.append(
                Segment(key, " ".join(source[i] for i in src), " ".join(target[j] for j in tgt))
            )
    return segments


def print_warnings(segments: Sequence[Segment], warnings: Sequence[QAWarning]) -> None:
    by_key = {segment.key: segment for segment in segments}
    for warning in warnings:
        segment = by_key[warning.key]
        text = segment.target if warning.side == "target" else segment.source
        print(f"  {warning.key} {warning.severity} {warning.check}: {warning.message}")
        print(
            f"    at {warning.side} {warning.start}-{warning.end}: "
            f"{text[warning.start : warning.end][:80]!r}"
        )
        print(f"    src: {segment.source[:160]}")
        print(f"    tgt: {segment.target[:160]}")


def gold_report() -> int:
    errors = 0
    for tgt_lang in ("en", "ru"):
        segments = gold_pairs(KARIS, "kk", tgt_lang)
        started = time.perf_counter()
        warnings = run_checks(segments, QAContext("kk", tgt_lang))
        elapsed = time.perf_counter() - started
        counts = Counter((w.check, str(w.severity)) for w in warnings)
        print(
            f"kk->{tgt_lang}: {len(segments)} gold pairs, {len(warnings)} warnings "
            f"in {elapsed:.2f} s"
        )
        for (check, severity), count in sorted(counts.items()):
            print(f"  {count:3d}  {severity:7s} {check}")
        print_warnings(segments, warnings)
        errors += sum(1 for w in warnings if w.severity == "error")
        print()
    print(f"error-level warnings on gold pairs (false alarms): {errors}")
    return errors


def letters_rule(text: str) -> str:
    if KAZAKH_LETTERS & set(text):
        return "kk"
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "ru" if cyrillic > latin else "en"


@cache
def _lingua_three() -> Callable[[str], str]:
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(
        Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH
    ).build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "?"

    return detect


def lingua_rule(text: str) -> str:
    return _lingua_three()(text)


def workbench_rule(text: str) -> str:
    found = identify.__wrapped__(text)  # uncached: time the work, not the cache
    return found.lang if found else "?"


def measure(rule: Callable[[str], str], lines: dict[str, list[str]]) -> tuple[float, float]:
    """Accuracy over all languages, and median milliseconds per sentence over 3 runs."""
    rule("warm-up: load the models before the clock starts")
    right = total = 0
    times = []
    for _ in range(3):
        started = time.perf_counter()
        right = total = 0
        for lang, texts in lines.items():
            for text in texts:
                right += rule(text) == lang
                total += 1
        times.append((time.perf_counter() - started) / total * 1000)
    return right / total, statistics.median(times)


def langid_report() -> None:
    lines = {
        lang: (XWMT / f"xwmt.{lang}").read_text(encoding="utf-8").splitlines()
        for lang in ("kk", "ru", "en")
    }
    print_langid("X-WMT", lines)
    # Harder, and common in real drafts: Kazakh typed on a Russian keyboard (қ as к, і as и),
    # and Russian sentences that name a place in its Kazakh spelling.
    plain = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
    stressed = {
        "kk": [line.translate(plain) for line in lines["kk"]],
        "ru": [f"{line} (Ақорда, Қонаев)" for line in lines["ru"]],
    }
    print()
    print_langid("X-WMT kk without Kazakh letters, ru with Kazakh names", stressed)


def print_langid(title: str, lines: dict[str, list[str]]) -> None:
    print(f"language ID on {title} ({', '.join(f'{k} {len(v)}' for k, v in lines.items())}):")
    base_accuracy, base_ms = measure(letters_rule, lines)
    print(f"  letters rule (baseline):   accuracy {base_accuracy:.4f}, {base_ms:.3f} ms/sentence")
    rules = (("lingua kk/ru/en alone", lingua_rule), ("tm.quality.langid", workbench_rule))
    for name, rule in rules:
        accuracy, ms = measure(rule, lines)
        print(
            f"  {name + ':':26s} accuracy {accuracy:.4f}, {ms:.3f} ms/sentence "
            f"({ms / base_ms:.1f}x the baseline's time)"
        )
        for lang, texts in lines.items():
            wrong = [(text, guess) for text in texts if (guess := rule(text)) != lang]
            print(
                f"    on {lang}: {len(texts) - len(wrong)}/{len(texts)} right"
                + "".join(f"\n      as {guess}: {text[:90]}" for text, guess in wrong[:3])
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--no-langid", action="store_true", help="skip the language-ID part")
    args = parser.parse_args(argv)
    errors = gold_report()
    if not args.no_langid:
        print()
        langid_report()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
