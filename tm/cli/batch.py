"""`batch align`: a news archive aligned in one run, serially or on a Dask cluster."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from tm.cli._common import Command, acting_user, add_tm_option, add_user_option, open_tm
from tm.cli.exchange import progress_bar


def _languages(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _configure_batch(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    align = actions.add_parser(
        "align",
        help="align every story of an archive and save the pairs",
        description="Align every story listed in MANIFEST (a CSV with the header doc_id,kk,en,ru; "
        "paths relative to it, an empty cell for a missing language) and save the pairs as "
        "aligned units, one commit per batch. A rerun skips the documents the TM holds.",
    )
    align.add_argument(
        "manifest",
        help="the archive's manifest CSV, or a folder with one subfolder per language "
        "(kk/, en/, ru/) of *.txt articles whose stories are found by document alignment",
    )
    align.add_argument("--src-lang", default="kk", help="the articles' language (kk)")
    align.add_argument(
        "--tgt-lang", type=_languages, default=["en"], help="target languages: en or en,ru"
    )
    add_tm_option(align)
    align.add_argument("--presegmented", action="store_true", help="files hold one sentence a line")
    align.add_argument("--engine", choices=("local", "dask"), default="local")
    align.add_argument("--workers", type=int, default=2, help="Dask workers to start (2)")
    align.add_argument("--scheduler", help="an existing Dask scheduler, tcp://HOST:8786")
    align.add_argument("--batch-size", type=int, default=200, help="documents per commit (200)")
    add_user_option(align)
    corpus = align.add_argument_group("corpus filters (applied on the workers)")
    corpus.add_argument("--min-score", type=float, help="lowest alignment confidence, 0..1")
    corpus.add_argument("--qa-clean", action="store_true", help="drop pairs with a QA error")
    corpus.add_argument("--max-length-ratio", type=float, help="longer/shorter side, characters")
    corpus.add_argument(
        "--language-id", action="store_true", help="drop pairs whose sides read as other languages"
    )
    corpus.add_argument("--dedupe", action="store_true", help="each pair once per document")

    match = actions.add_parser(
        "match",
        help="find the same stories in two languages and write a manifest",
        description="Match the articles of FOLDER/<src-lang>/*.txt with their editions in "
        "FOLDER/<tgt-lang>/*.txt (date, names, numbers, title) and write the manifest "
        "for `batch align`, to review first; prints each match with its score.",
    )
    match.add_argument("folder", help="the archive: one subfolder per language")
    match.add_argument("--src-lang", default="kk", help="the articles' language (kk)")
    match.add_argument(
        "--tgt-lang", type=_languages, default=["en"], help="target languages: en or en,ru"
    )
    match.add_argument("--out", required=True, help="the manifest CSV to write")


def _run_batch(args: argparse.Namespace, out: TextIO) -> int:
    return _ACTIONS[args.action](args, out)


def _run_match(args: argparse.Namespace, out: TextIO) -> int:
    from tm.batch import match_archive, write_manifest

    rows, found = match_archive(Path(args.folder), args.src_lang, args.tgt_lang)
    for pair in found:
        out.write(f"{pair.score:.3f}\t{pair.tgt_lang}\t{pair.source.name}\t{pair.target.name}\n")
    langs = [rows[0].files[0][0], *args.tgt_lang] if rows else [args.src_lang, *args.tgt_lang]
    write_manifest(rows, langs, Path(args.out))
    out.write(f"{len(found)} matches for {len(rows)} articles; manifest written to {args.out}\n")
    return 0


def _run_align(args: argparse.Namespace, out: TextIO) -> int:
    from tm.batch import CorpusFilters, EngineOptions, batch_align, match_archive, read_manifest

    where = Path(args.manifest)
    if where.is_dir():
        rows, found = match_archive(where, args.src_lang, args.tgt_lang)
        out.write(f"document alignment: {len(found)} stories matched across languages\n")
    else:
        rows = read_manifest(where)
    result = batch_align(
        open_tm(args, create=True),
        rows,
        src_lang=args.src_lang,
        tgt_langs=args.tgt_lang,
        user=acting_user(args),
        engine=args.engine,
        options=EngineOptions(workers=args.workers, scheduler=args.scheduler),
        presegmented=args.presegmented,
        filters=CorpusFilters(
            min_score=args.min_score,
            qa_clean=args.qa_clean,
            max_length_ratio=args.max_length_ratio,
            language_identity=args.language_id,
            dedupe=args.dedupe,
        ),
        batch_size=args.batch_size,
        progress=progress_bar("align"),
    )
    out.write(result.summary() + "\n")
    for doc_id, tgt_lang, message in result.failed:
        out.write(f"failed: {doc_id} ({tgt_lang}): {message}\n")
    return 1 if result.failed and not result.aligned else 0


_ACTIONS = {"align": _run_align, "match": _run_match}

COMMANDS = {
    "batch": Command("align a news archive (serially or on Dask)", _configure_batch, _run_batch)
}
