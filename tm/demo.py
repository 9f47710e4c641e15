"""The embedded default: where the local TM lives, and the demo article it is seeded with.

The demo is the Kazinform interview in corpora/karis/ with the project's English and Russian
drafts; its gold alignments are a reviewer's work, so they go into the embedded TM as approved
pairs when it is first made. Only there: any other new TM (`WORKBENCH_TM`, `--tm`) starts
empty, so the demo never mixes into a user's lookups or exports.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tm.align import parse_beads
from tm.errors import StoreError
from tm.formats.article import parse_article
from tm.library import DocumentLibrary
from tm.segment import Document, presegmented
from tm.store import TranslationMemory
from tm.unit import Unit
from tm.workflow import AlignedDocument, alignment_units

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPORA = PROJECT_ROOT / "corpora"
DEMO_DIR = CORPORA / "karis"
DEMO_DOC_ID = "kazinform-2025-11-18-karis"
DEMO_LANGUAGES = ("kk", "en", "ru")
DEMO_USER = "demo-seed"

# Where the TM and other local state go unless the user says otherwise.
DATA_DIR_VARIABLE = "WORKBENCH_DATA"
TM_VARIABLE = "WORKBENCH_TM"


@dataclass(frozen=True)
class DemoArticle:
    lang: str
    text: str
    path: Path


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_VARIABLE) or PROJECT_ROOT / "data")


def default_tm_uri() -> str:
    return os.environ.get(TM_VARIABLE) or str(data_dir() / "tm")


def demo_article(lang: str) -> DemoArticle:
    path = DEMO_DIR / f"{lang}.txt"
    return DemoArticle(lang=lang, text=path.read_text(encoding="utf-8"), path=path)


def _gold_document(lang: str) -> Document:
    lines = (DEMO_DIR / f"{lang}.sents").read_text(encoding="utf-8").splitlines()
    article = parse_article(demo_article(lang).text)
    document = presegmented(lines, lang)
    return Document(document.lang, document.paragraphs, title=article.title, date=article.date)


def demo_units() -> list[Unit]:
    """The demo article's gold pairs, kk-en and kk-ru, as approved units."""
    source = _gold_document("kk")
    units: list[Unit] = []
    for tgt_lang in DEMO_LANGUAGES[1:]:
        gold_path = DEMO_DIR / f"kk-{tgt_lang}.gold"
        beads = parse_beads(gold_path.read_text(encoding="utf-8"), source=str(gold_path))
        aligned = AlignedDocument.from_gold(source, _gold_document(tgt_lang), beads)
        units += alignment_units(aligned, doc_id=DEMO_DOC_ID, status="approved", origin="gold")
    return units


def open_default_tm(uri: str | None = None) -> TranslationMemory:
    """The TM to work on: `uri`, else `WORKBENCH_TM`, else the embedded TM in the data folder.

    A new embedded TM is seeded with the demo corpus in its first commit; any other new TM
    starts empty."""
    chosen = uri or os.environ.get(TM_VARIABLE)
    if chosen:
        return TranslationMemory.open(chosen, create=True)
    return open_demo_tm(str(data_dir() / "tm"))


def open_demo_tm(uri: str) -> TranslationMemory:
    """A demo TM at `uri`: the demo corpus in its first commit when it is new."""
    if TranslationMemory.exists(uri):
        return TranslationMemory(uri)
    try:
        return TranslationMemory.create(uri, demo_units(), user=DEMO_USER)
    except StoreError:
        if TranslationMemory.exists(uri):  # another process seeded it meanwhile
            return TranslationMemory(uri)
        raise


def default_library_root() -> Path:
    """Documents live beside the TM (a local one), or in the data folder."""
    uri = default_tm_uri()
    return Path(uri).parent / "documents" if "://" not in uri else data_dir() / "documents"


def open_default_library(root: Path | None = None) -> DocumentLibrary:
    """The local document library, holding the demo article and its drafts from the start."""
    library = DocumentLibrary(root or default_library_root())
    if not library.doc_ids():
        for lang in DEMO_LANGUAGES:
            article = demo_article(lang)
            library.add(DEMO_DOC_ID, lang, article.text, name=article.path.name, user=DEMO_USER)
    return library
