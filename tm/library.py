"""The documents being worked on: a Kazakh article and its drafts, kept as JSON files.

One folder per document under the data directory, one `<lang>.json` per language holding
the text as given and who added it when. Files are written to a temporary name and renamed,
so a crash never leaves half a document. Progress comes from the TM: how many of the
article's Kazakh sentences have an approved pair in each target language.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tm.errors import InputError
from tm.formats.article import parse_article
from tm.lang import normalize_language
from tm.limits import MAX_PARAGRAPH_CHARS
from tm.segment import segment_text, split_sentences
from tm.store import TranslationMemory
from tm.unit import language_is

_DOC_ID = re.compile(r"^[\w][\w.-]{0,119}$")
MAX_TEXT_CHARS = 2_000_000


@dataclass(frozen=True)
class StoredText:
    doc_id: str
    lang: str
    name: str
    text: str
    added_by: str
    added_at: dt.datetime


# A folder no document id can name (ids start with a word character).
_REVIEWS = ".reviews"


def _write_json(path: Path, payload: Mapping[str, object]) -> None:
    """Written whole to a temporary name, then renamed: never half a file."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
    ) as handle:
        json.dump(payload, handle, ensure_ascii=False)
    os.replace(handle.name, path)


def make_doc_id(name: str) -> str:
    """A folder-safe id from a file name or title: letters, digits, '-', '.', '_'."""
    stem = Path(name).stem if "." in name[-6:] else name
    slug = re.sub(r"[^\w.-]+", "-", stem.strip().lower()).strip("-._")
    return slug[:120] or "document"


class DocumentLibrary:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _folder(self, doc_id: str) -> Path:
        if not _DOC_ID.match(doc_id) or doc_id in {".", ".."}:
            raise InputError(f"{doc_id!r} is not a document id", field="doc_id")
        return self.root / doc_id

    def add(self, doc_id: str, lang: str, text: str, *, name: str, user: str) -> StoredText:
        """Keep a text of a document (replacing that language's earlier one)."""
        return self.add_texts(doc_id, {lang: (text, name)}, user=user)[0]

    def add_texts(
        self, doc_id: str, texts: Mapping[str, tuple[str, str]], *, user: str
    ) -> list[StoredText]:
        """Keep several languages' texts (lang -> (text, name)); all are checked first."""
        checked = [
            self._checked(doc_id, lang, text, name, user) for lang, (text, name) in texts.items()
        ]
        for stored in checked:
            self._write(stored)
        return checked

    def _checked(self, doc_id: str, lang: str, text: str, name: str, user: str) -> StoredText:
        self._folder(doc_id)
        if len(text) > MAX_TEXT_CHARS:
            raise InputError(
                f"{len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}", source=name
            )
        if not parse_article(text, source=name).paragraphs:
            raise InputError("the text is empty", source=name)
        if not user.strip():
            raise InputError("a user name is needed", field="user")
        return StoredText(
            doc_id, normalize_language(lang), name, text, user, dt.datetime.now(dt.UTC)
        )

    def _write(self, stored: StoredText) -> None:
        folder = self._folder(stored.doc_id)
        folder.mkdir(parents=True, exist_ok=True)
        payload = {
            "doc_id": stored.doc_id,
            "lang": stored.lang,
            "name": stored.name,
            "text": stored.text,
            "added_by": stored.added_by,
            "added_at": stored.added_at.isoformat(),
        }
        _write_json(folder / f"{stored.lang}.json", payload)

    # Unsaved reviews: a reviewer's work kept on the server, so that a reload or a lost
    # connection does not lose it. Keyed by the reviewer and the texts aligned.

    def _review_path(self, key: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{32}", key):
            raise InputError(f"{key!r} is not a review key", field="review")
        return self.root / _REVIEWS / f"{key}.json"

    def keep_review(self, key: str, state: Mapping[str, object]) -> None:
        path = self._review_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_json(path, dict(state))

    def kept_review(self, key: str) -> dict[str, object] | None:
        try:
            loaded = json.loads(self._review_path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return loaded if isinstance(loaded, dict) else None

    def drop_review(self, key: str) -> None:
        self._review_path(key).unlink(missing_ok=True)

    def text(self, doc_id: str, lang: str) -> StoredText:
        path = self._folder(doc_id) / f"{normalize_language(lang)}.json"
        if not path.exists():
            raise InputError(f"no {lang} text for document {doc_id!r}", field="doc_id")
        data = json.loads(path.read_text(encoding="utf-8"))
        return StoredText(
            data["doc_id"],
            data["lang"],
            data["name"],
            data["text"],
            data["added_by"],
            dt.datetime.fromisoformat(data["added_at"]),
        )

    def doc_ids(self) -> list[str]:
        if not self.root.exists():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / "kk.json").exists())

    def languages(self, doc_id: str) -> list[str]:
        return sorted(p.stem for p in self._folder(doc_id).glob("*.json"))


def _sentences_in(source: str) -> int:
    """The Kazakh sentences one unit holds; a unit longer than a paragraph may be (an
    import may bring one) counts as one rather than stopping the whole table."""
    if len(source) > MAX_PARAGRAPH_CHARS:
        return 1
    return len(split_sentences(source, "kk"))


def document_progress(library: DocumentLibrary, memory: TranslationMemory) -> pl.DataFrame:
    """One row per document: title, languages, Kazakh sentences, % approved per target."""
    approved = (
        memory.live(statuses=("approved",))
        .filter(language_is("src_lang", "kk"))
        .filter(pl.col("doc_id").is_in(library.doc_ids()))
        .select("doc_id", "tgt_lang", "source")
        .collect()
    )
    rows = []
    for doc_id in library.doc_ids():
        kk = library.text(doc_id, "kk")
        article = parse_article(kk.text, source=kk.name)
        sentences = len(segment_text(kk.text, "kk").sentences)
        row: dict[str, object] = {
            "doc_id": doc_id,
            "title": article.title or kk.name,
            "date": article.date,
            "languages": ", ".join(library.languages(doc_id)),
            "kk sentences": sentences,
        }
        for tgt in ("en", "ru"):
            done = approved.filter(pl.col("doc_id") == doc_id, language_is("tgt_lang", tgt))
            # A unit may hold several Kazakh sentences (a 2-1 bead): count sentences.
            count = sum(_sentences_in(source) for source in done["source"])
            row[f"{tgt} approved"] = min(1.0, count / sentences) if sentences else 0.0
        rows.append(row)
    return pl.DataFrame(
        rows,
        schema={
            "doc_id": pl.Utf8,
            "title": pl.Utf8,
            "date": pl.Date,
            "languages": pl.Utf8,
            "kk sentences": pl.Int64,
            "en approved": pl.Float64,
            "ru approved": pl.Float64,
        },
    )
