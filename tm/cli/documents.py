"""Commands on documents: `segment` and `align`."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from tm.cli._common import Command, acting_user, add_tm_option, add_user_option, open_tm, read_text
from tm.errors import InputError

if TYPE_CHECKING:
    from tm.align.pivot import Disagreement
    from tm.workflow import AlignedDocument


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
    parser.add_argument(
        "--tgt-lang",
        required=True,
        type=lambda codes: codes.split(","),
        help="the translation's language; give two (e.g. --tgt-lang en,ru) with two target "
        "files to align all three and check them against each other through the pivot",
    )
    parser.add_argument("src", help="the source article (or sentences, with --presegmented)")
    parser.add_argument("tgt", nargs="+", help="its translation(s), in --tgt-lang order")
    parser.add_argument(
        "--presegmented",
        action="store_true",
        help="the files hold one sentence a line already (a blank line ends a paragraph)",
    )
    parser.add_argument("--format", choices=("beads", "json"), default="beads")
    parser.add_argument(
        "--save",
        metavar="DOC_ID",
        help="store the pairs in the TM under this document id (status aligned)",
    )
    parser.add_argument(
        "--use-tm",
        action="store_true",
        help="also use a bilingual lexicon learned from the TM's approved pairs",
    )
    add_tm_option(parser)
    add_user_option(parser)


def _bead_json(aligned: AlignedDocument) -> dict[str, Any]:
    return {
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


def _run_align(args: argparse.Namespace, out: TextIO) -> int:
    from tm.align import format_bead
    from tm.workflow import align_texts, align_trilingual, save_alignment, tm_lexicon

    if len(args.tgt_lang) != len(args.tgt) or len(args.tgt) > 2:
        raise InputError(
            f"{len(args.tgt_lang)} target languages but {len(args.tgt)} target files "
            "(give one or two of each, in the same order)",
            field="tgt_lang",
        )
    source = read_text(args.src)
    lexicons = (
        {lang: tm_lexicon(open_tm(args), args.src_lang, lang) for lang in args.tgt_lang}
        if args.use_tm
        else {}
    )
    if len(args.tgt) == 1:
        aligned = align_texts(
            source,
            read_text(args.tgt[0]),
            args.src_lang,
            args.tgt_lang[0],
            presegmented_lines=args.presegmented,
            src_name=args.src,
            tgt_name=args.tgt[0],
            lexicon=lexicons.get(args.tgt_lang[0]),
        )
        alignments: tuple[AlignedDocument, ...] = (aligned,)
        disagreements: tuple[Disagreement, ...] = ()
    else:
        three = align_trilingual(
            source,
            [(lang, read_text(path)) for lang, path in zip(args.tgt_lang, args.tgt, strict=True)],
            args.src_lang,
            presegmented_lines=args.presegmented,
            src_name=args.src,
            lexicons=lexicons,
        )
        alignments, disagreements = three.pairs, three.disagreements
    if args.save:
        memory = open_tm(args, create=True)
        for aligned in alignments:
            save_alignment(memory, aligned, doc_id=args.save, user=acting_user(args))
    if args.format == "json":
        document: dict[str, Any] = _bead_json(alignments[0])
        if len(alignments) == 2:
            document = {
                "alignments": [_bead_json(aligned) for aligned in alignments],
                "disagreements": [
                    {"src": list(d.kk), "tgt": [list(d.en), list(d.ru)], "reason": d.reason}
                    for d in disagreements
                ],
            }
        json.dump(document, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return 0
    for aligned in alignments:
        if len(alignments) > 1:
            out.write(f"# {aligned.source.lang}-{aligned.target.lang}\n")
        out.writelines(format_bead(bead) + "\n" for bead in aligned.beads)
    if len(alignments) > 1:
        out.write(f"# disagreements through the pivot: {len(disagreements)}\n")
        out.writelines(f"# {args.src_lang} {list(d.kk)}: {d.reason}\n" for d in disagreements)
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
