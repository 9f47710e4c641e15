"""`job`: an article out to a translator's own CAT tool as XLIFF, and its translation back.

    job export --src-lang kk --tgt-lang en ARTICLE --format xliff2|xliff12 OUT
    job import FILE --tm DIR

Export makes one unit per segment (the title, then the sentences), with the TM's best
match for each as a candidate and the segments already confirmed in the TM translated;
import puts the units the tool marks translated or final into the TM, as a Translate
confirmation does, and prints the counts. `-` is stdout for OUT, stdin for FILE.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from tm.cli._common import Command, acting_user, add_tm_option, add_user_option, open_tm, read_text
from tm.errors import InputError


def _configure_export(parser: argparse.ArgumentParser) -> None:
    from tm.formats.xliff import XLIFF_FORMATS

    parser.add_argument("--src-lang", default="kk", help="the article's language (default: kk)")
    parser.add_argument("--tgt-lang", required=True, help="the language to translate into")
    parser.add_argument(
        "article",
        help="the article: optional 'date YYYY-MM-DD <title>' line, then one paragraph a line",
    )
    parser.add_argument(
        "--format",
        choices=XLIFF_FORMATS,
        default="xliff12",
        help="xliff12 (XLIFF 1.2, which every CAT tool reads; the default) or xliff2 "
        "(XLIFF 2.1, with TM matches in the Translation Candidates module)",
    )
    parser.add_argument("out", help="the XLIFF file to write, or - for stdout")
    parser.add_argument(
        "--doc-id",
        help="the document id the translations are stored under (default: ARTICLE's name "
        "without its extension)",
    )
    add_tm_option(parser)


def _write(data: bytes, out_path: str, out: TextIO) -> None:
    if out_path == "-":
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            out.write(data.decode("utf-8"))
        else:
            out.flush()
            buffer.write(data)
            buffer.flush()
        return
    path = Path(out_path)
    if path.exists() and not path.is_file():
        raise InputError(
            "is not a regular file; nothing is written over a device, pipe or folder "
            "(use - for stdout)",
            source=out_path,
        )
    from tm.formats.registry import replacing

    # Written beside it and renamed into place: a killed or failed export (a full disk)
    # leaves the file that was there, never half an XLIFF.
    try:
        with replacing(path) as stream:
            stream.write(data)
    except OSError as error:
        if error.filename in (None, out_path):
            raise
        # The temporary's or the folder's name would mislead: say the file asked for.
        raise OSError(error.errno, error.strerror, out_path) from None


def _run_export(args: argparse.Namespace, out: TextIO) -> int:
    from tm.formats.xliff import write_xliff
    from tm.translate import best_matches, start_translation

    text = read_text(args.article)
    memory = open_tm(args)
    job = start_translation(
        memory,
        text,
        doc_id=args.doc_id or Path(args.article).stem,
        tgt_lang=args.tgt_lang,
        src_lang=args.src_lang,
        source=args.article,
    )
    best = best_matches(memory, job)
    _write(write_xliff(job, args.format, best=best), args.out, out)
    if args.out != "-":
        titles = job.offset
        out.write(
            f"wrote {args.out}: {len(job.segments)} units ({titles} title, "
            f"{len(job.sentences)} sentences) of document {job.doc_id!r}, "
            f"{job.done} translated already, {sum(m is not None for m in best)} with a TM match\n"
        )
    return 0


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", help="the XLIFF (1.2 or 2.x) back from the CAT tool, or - for stdin"
    )
    add_tm_option(parser)
    add_user_option(parser)


def _read_xliff(path: str) -> bytes:
    from tm.formats.xliff import MAX_XLIFF_BYTES

    # One byte more than the limit is enough for the reader to refuse a file that is too big.
    if path == "-":
        return sys.stdin.buffer.read(MAX_XLIFF_BYTES + 1)
    with Path(path).open("rb") as stream:
        return stream.read(MAX_XLIFF_BYTES + 1)


def _run_import(args: argparse.Namespace, out: TextIO) -> int:
    from tm.formats.xliff import import_returned_job, job_from_xliff

    name = "<stdin>" if args.file == "-" else args.file
    returned = job_from_xliff(_read_xliff(args.file), name)
    result = import_returned_job(open_tm(args, create=True), returned, user=acting_user(args))
    out.write(f"{name}: {result.summary()}\n")
    return 0


ACTIONS = {
    "export": Command(
        "write an article as XLIFF for a CAT tool, with TM matches as candidates",
        _configure_export,
        _run_export,
    ),
    "import": Command(
        "put the translated units of an XLIFF back from a CAT tool into the TM",
        _configure_import,
        _run_import,
    ),
}


def _configure_job(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="job_action", metavar="ACTION", required=True)
    for name, action in ACTIONS.items():
        sub = actions.add_parser(name, help=action.help, description=action.help)
        action.configure(sub)
        sub.set_defaults(job_run=action.run)


def _run_job(args: argparse.Namespace, out: TextIO) -> int:
    action: Command = ACTIONS[args.job_action]
    return action.run(args, out)


COMMANDS = {
    "job": Command(
        "translate an article in another CAT tool: export it as XLIFF, import it back",
        _configure_job,
        _run_job,
    ),
}
