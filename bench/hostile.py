"""Hostile files at full size, and a longer fuzz of every reader than the tests run.

    .venv/bin/python bench/hostile.py                      # 2 GB inputs, 2 minutes of fuzzing
    .venv/bin/python bench/hostile.py --size-mb 256 --fuzz-seconds 30   # a quick look
    .venv/bin/python bench/hostile.py --only tmx/ --fuzz-seconds 0

Every input of tests/hostile_inputs.py is written to a temporary folder in 1 MiB chunks
(the 2 GB ones too; each file is deleted after its run; the Parquet bombs and the .docx
whose zip entry under-states its size are a few MB of file that decode to 1-2 GB) and read
in a child process, which reports the time, the growth of its peak resident memory (VmHWM,
reset before the read) and the error. The baseline, measured in the same run the same way,
is reading valid files of every format (--baseline-mb each): what a hostile input costs
should be next to nothing beside it. A child that runs past --timeout is killed and
reported as HANG.

The fuzz loop mutates each reader's valid seed (flips, insertions of syntax bytes, cuts,
repeats) for its share of --fuzz-seconds and counts inputs that read, that fail with a
tm.errors error, and that raise anything else (a bug: the first of each kind is printed).
"""

from __future__ import annotations

import argparse
import faulthandler
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hostile_inputs import (
    MOSES_EN,
    MOSES_KK,
    SEEDS,
    TU,
    TXT,
    Hostile,
    corpus,
    fuzz_file,
    mutate,
    padded,
    parquet_bytes,
    read_input,
    reset_peak,
    status_kib,
    tmx,
)
from tm.errors import TMError
from tm.limits import MAX_ARTICLE_CHARS

Outcome = tuple[float, int, str, str]  # seconds, peak growth in KiB, error class, message


def _child(path: Path, fmt: str, out: Connection) -> None:
    reset_peak()
    before = status_kib("VmRSS")
    start = time.perf_counter()
    try:
        read_input(path, fmt)
        kind, message = "-", "read without error"
    except TMError as err:
        kind, message = type(err).__name__, str(err)
    # Reported, not handled: a non-TMError is the finding. BaseException too: a panic in
    # polars' or pyarrow's native code arrives as pyo3's PanicException, no Exception.
    except BaseException as err:
        if isinstance(err, KeyboardInterrupt):
            raise
        kind, message = f"BUG {type(err).__name__}", str(err)
    out.send((time.perf_counter() - start, status_kib("VmHWM") - before, kind, message))


# What a child has imported before its peak memory is reset: every reader's libraries. The
# children fork from a server that imported them and ran nothing: polars' thread pool does
# not survive a fork once it has run a query (the child waits for it forever), and the
# readers run queries.
_PRELOAD = [
    "tests.hostile_inputs",
    "tm.formats.documents",
    "tm.formats.jsonl",
    "tm.formats.moses",
    "tm.formats.parquet",
    "tm.formats.tabular",
    "tm.formats.tmx",
    "tm.segment",
    "docx",
    "lxml.etree",
    "polars",
    "pyarrow.compute",
    "pyarrow.parquet",
]


def _context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def measure(path: Path, fmt: str, timeout: float) -> Outcome | None:
    """The outcome of reading `path` in a child process, or None when it hung."""
    receive, send = multiprocessing.Pipe(duplex=False)
    child = _context().Process(target=_child, args=(path, fmt, send))
    child.start()
    outcome = receive.recv() if receive.poll(timeout) else None
    child.kill()
    child.join()
    return outcome


# How many leading lines of each seed are a header, written once; the rest is repeated.
_HEADER_LINES = {"tsv": 1, "csv": 1, "jsonl": 0}


def _valid(fmt: str, name: str, size: int) -> Hostile:
    """A valid file of `fmt` of about `size` bytes: its seed's body repeated."""
    partners = {}
    if fmt == "docx":  # a zip cannot be repeated: its seed is the baseline
        content = padded(SEEDS[fmt][1](), 0)
    elif fmt == "parquet":  # rows of words in random order, about `size` bytes compressed

        def content() -> list[bytes]:
            rng = random.Random(size)
            words = ("Бір", "екі", "үш", "сөйлем", "мектеп", "Астана", "жаңа", "ашылды")
            rows = size // 24

            def text() -> str:
                return " ".join(rng.choices(words, k=rng.randint(3, 12))) + "."

            return [
                parquet_bytes(
                    {
                        "source": [text() for _ in range(rows)],
                        "target": [text() for _ in range(rows)],
                    }
                )
            ]

    elif fmt == "tmx":
        head, tail = tmx("@").split(b"@")
        record = TU.encode() + b"\n"
        content = padded(head, size - size % len(record), tail, fill=record)
    elif fmt == "moses":
        repeats = size // len(MOSES_KK)
        content = padded(b"", repeats * len(MOSES_KK), fill=MOSES_KK)
        partners["fuzz.en"] = padded(b"", repeats * len(MOSES_EN), fill=MOSES_EN)
    elif fmt in ("txt", "md"):  # an article within its limits: long paragraphs, blank-separated
        paragraph = "Бірінші абзац, жаңа мектеп ашылды. ".encode() * 20 + b"\n\n"
        length = min(size, MAX_ARTICLE_CHARS)  # 2 MB of Cyrillic: about 1.1 M characters
        head = TXT.split(b"\n")[0] + b"\n"
        content = padded(head, length - length % len(paragraph), fill=paragraph)
    else:
        lines = SEEDS[fmt][1]().splitlines(keepends=True)
        header, body = b"".join(lines[: _HEADER_LINES[fmt]]), b"".join(lines[_HEADER_LINES[fmt] :])
        content = padded(header, size - size % len(body), fill=body)
    return Hostile(f"{fmt}/valid", fmt, name, content, None, "", partners)


def baseline(directory: Path, size: int, timeout: float) -> dict[str, Outcome | None]:
    """Reading a valid file of every format of about `size` bytes."""
    results = {}
    for fmt, (name, _seed) in SEEDS.items():
        case = _valid(fmt, name, size)
        results[case.name] = measure(case.write(directory), fmt, timeout)
        show(case.name, results[case.name], _written(directory))
    return results


def _written(directory: Path) -> int:
    """The bytes of the files in `directory`, which are then deleted."""
    size = 0
    for file in directory.iterdir():
        size += file.stat().st_size
        file.unlink()
    return size


def show(name: str, outcome: Outcome | None, size: int | None = None) -> None:
    if outcome is None:
        print(f"{name:34} HANG (killed)")
        return
    seconds, kib, kind, message = outcome
    mb = f"{size / (1 << 20):8.1f}" if size is not None else " " * 8
    short = message.replace("\n", " ")
    short = short if len(short) < 110 else short[:107] + "..."
    print(f"{name:34} {mb} MB {seconds:7.2f} s {kib / 1024:7.1f} MiB  {kind:13} {short}")


def fuzz(seconds: float, seed: int) -> int:
    """Mutate every reader's seed for its share of `seconds`; returns the number of bugs."""
    rng = random.Random(seed)
    bugs = 0
    share = seconds / len(SEEDS)
    print(f"\nfuzz: {share:.0f} s per reader, seed {seed}")
    print(f"{'reader':8} {'inputs':>7} {'read':>7} {'TMError':>8} {'other':>6} {'median ms':>10}")
    with tempfile.TemporaryDirectory() as directory:
        for fmt, (_name, make_seed) in SEEDS.items():
            original = make_seed()
            counts: Counter[str] = Counter()
            times: list[float] = []
            first: dict[str, str] = {}
            deadline = time.monotonic() + share
            while time.monotonic() < deadline:
                content = mutate(original, rng, steps=8)
                path = fuzz_file(Path(directory), fmt, content)
                faulthandler.dump_traceback_later(30, exit=True)  # a hang stops the bench
                start = time.perf_counter()
                try:
                    read_input(path, fmt)
                    counts["read"] += 1
                except TMError:
                    counts["TMError"] += 1
                except BaseException as err:  # the finding (a panic too): report it, go on
                    if isinstance(err, KeyboardInterrupt):
                        raise
                    counts["other"] += 1
                    kind = type(err).__name__
                    first.setdefault(kind, f"{content[:200]!r}\n{traceback.format_exc(limit=-3)}")
                finally:
                    faulthandler.cancel_dump_traceback_later()
                times.append(time.perf_counter() - start)
            median = statistics.median(times) * 1000 if times else 0.0
            print(
                f"{fmt:8} {len(times):7} {counts['read']:7} {counts['TMError']:8} "
                f"{counts['other']:6} {median:10.2f}"
            )
            for kind, example in first.items():
                print(f"  BUG {kind} on input:\n{example}")
            bugs += counts["other"]
    return bugs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size-mb", type=int, default=2048, help="size of the long inputs")
    parser.add_argument(
        "--baseline-mb",
        type=int,
        default=4,
        help="size of the valid files (articles may have 8 MiB: tm.limits.MAX_DOCUMENT_BYTES)",
    )
    parser.add_argument("--fuzz-seconds", type=float, default=120.0)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before HANG")
    parser.add_argument("--only", default="", help="run the inputs whose name contains this")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)

    size = args.size_mb << 20
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        print(f"baseline: valid files of {args.baseline_mb} MB (docx: one small document)")
        base = baseline(directory, args.baseline_mb << 20, args.timeout)
        print(f"\nhostile inputs (long ones {args.size_mb} MB), read in a child process each")
        peaks = []
        for case in corpus(size):
            if args.only not in case.name:
                continue
            outcome = measure(case.write(directory), case.fmt, args.timeout)
            show(case.name, outcome, _written(directory))
            if outcome is None or outcome[2] == "-" or outcome[2].startswith("BUG"):
                failures += 1
            else:
                peaks.append(outcome[1])
        valid_peaks = [outcome[1] for outcome in base.values() if outcome is not None]
        if peaks and valid_peaks:
            ratio = statistics.median(peaks) / max(statistics.median(valid_peaks), 1)
            print(
                f"\nmedian peak growth: hostile {statistics.median(peaks) / 1024:.1f} MiB, "
                f"valid {statistics.median(valid_peaks) / 1024:.1f} MiB (ratio {ratio:.2f}); "
                f"worst hostile {max(peaks) / 1024:.1f} MiB"
            )
    bugs = fuzz(args.fuzz_seconds, args.seed) if args.fuzz_seconds > 0 else 0
    print(
        f"\nhostile inputs not refused cleanly: {failures}; fuzz inputs raising non-TMError: {bugs}"
    )
    return 1 if failures or bugs else 0


if __name__ == "__main__":
    sys.exit(main())
