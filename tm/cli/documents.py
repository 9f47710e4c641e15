"""Commands on documents: `segment` and `align`."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from tm.cli._common import Command, read_text


def _configure_segment(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", required=True, help="language of the text: kk, ru or en")
    parser.add_argument(
        "file",
        help="an article: optional 'date YYYY-MM-DD <title>' line, then one paragraph a line",
    )


def _run_segment(args: argparse.Namespace, out: TextIO) -> int:
    from tm.segment import format_document, segment_text

    out.write(format_document(segment_text(read_text(args.file), args.lang, source=args.file)))
    return 0


# align ----------------------------------------------------------------------------------


def _configure_align(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--src-lang", required=True)
    parser.add_argument("--tgt-lang", required=True)
    parser.add_argument("src", help="the source article (or sentences, with --presegmented)")
    parser.add_argument("tgt", help="its translation")
    parser.add_argument(
        "--presegmented",
        action="store_true",
        help="both files hold one sentence a line already (a blank line ends a paragraph)",
    )
    parser.add_argument("--format", choices=("beads", "json"), default="beads")


def _run_align(args: argparse.Namespace, out: TextIO) -> int:
    from tm.align import format_bead
    from tm.workflow import align_texts

    aligned = align_texts(
        read_text(args.src),
        read_text(args.tgt),
        args.src_lang,
        args.tgt_lang,
        presegmented_lines=args.presegmented,
        src_name=args.src,
        tgt_name=args.tgt,
    )
    if args.format == "beads":
        out.writelines(format_bead(bead) + "\n" for bead in aligned.beads)
        return 0
    document = {
        "src_lang": aligned.source.lang,
        "tgt_lang": aligned.target.lang,
        "beads": [
            {
                "src": list(pair.src),
                "tgt": list(pair.tgt),
                "kind": pair.kind,
                "score": round(pair.score, 4),
                "source": pair.source,
                "target": pair.target,
            }
            for pair in aligned.pairs()
        ],
    }
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return 0


COMMANDS = {
    "segment": Command(
        "split an article into sentences: one a line, a blank line between paragraphs",
        _configure_segment,
        _run_segment,
    ),
    "align": Command(
        "align an article with its translation: one bead a line, '[i, j]:[k]<TAB>score'",
        _configure_align,
        _run_align,
    ),
}
