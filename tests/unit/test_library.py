from __future__ import annotations

from pathlib import Path

import pytest

from tm.errors import InputError
from tm.library import DocumentLibrary, document_progress, make_doc_id
from tm.store import TranslationMemory, Unit

ARTICLE = "date 2025-11-18 Тақырып\nБірінші сөйлем. Екінші сөйлем.\nҮшінші сөйлем.\n"


def test_texts_are_kept_per_language_and_listed(tmp_path: Path) -> None:
    library = DocumentLibrary(tmp_path / "docs")
    library.add_texts("d1", {"kk": (ARTICLE, "d1.txt"), "en-GB": ("One.", "d1.en.txt")}, user="a")
    assert library.doc_ids() == ["d1"]
    assert library.languages("d1") == ["en", "kk"]
    stored = library.text("d1", "kk")
    assert (stored.text, stored.name, stored.added_by) == (ARTICLE, "d1.txt", "a")


@pytest.mark.parametrize(
    ("doc_id", "lang", "text", "message"),
    [
        ("../escape", "kk", ARTICLE, "not a document id"),
        ("d1", "d e", ARTICLE, "not a language tag"),
        ("d1", "kk", "date 2025-01-01 Only a title\n", "empty"),
    ],
)
def test_bad_texts_write_nothing(
    tmp_path: Path, doc_id: str, lang: str, text: str, message: str
) -> None:
    library = DocumentLibrary(tmp_path / "docs")
    texts = {"kk": (ARTICLE, "ok.txt"), lang: (text, "bad.txt")}
    with pytest.raises(InputError, match=message):
        library.add_texts(doc_id, texts, user="a")
    assert library.doc_ids() == []
    assert not (tmp_path / "docs").exists() or not any((tmp_path / "docs").iterdir())


def test_progress_counts_approved_kazakh_sentences(tmp_path: Path) -> None:
    library = DocumentLibrary(tmp_path / "docs")
    library.add("d1", "kk", ARTICLE, name="d1.txt", user="a")
    memory = TranslationMemory.create(tmp_path / "tm")
    memory.add(
        [
            Unit(
                "kk",
                "en",
                "Бірінші сөйлем. Екінші сөйлем.",
                "First and second.",
                doc_id="d1",
                status="approved",
            ),
            Unit("kk", "en", "Үшінші сөйлем.", "Third.", doc_id="d1", status="aligned"),
            Unit("kk", "ru", "Үшінші сөйлем.", "Третье.", doc_id="d1", status="approved"),
        ],
        user="a",
    )
    row = document_progress(library, memory).row(0, named=True)
    assert (row["title"], row["kk sentences"]) == ("Тақырып", 3)
    assert row["en approved"] == pytest.approx(2 / 3)
    assert row["ru approved"] == pytest.approx(1 / 3)


def test_progress_survives_an_approved_unit_longer_than_a_paragraph(tmp_path: Path) -> None:
    library = DocumentLibrary(tmp_path / "docs")
    library.add("d1", "kk", ARTICLE, name="d1.txt", user="a")
    memory = TranslationMemory.create(tmp_path / "tm")
    long_source = "Ұзын сөйлем " * 12_000  # 144,000 characters: an import may bring one
    memory.add(
        [Unit("kk", "en", long_source, "A long one.", doc_id="d1", status="approved")], user="a"
    )
    row = document_progress(library, memory).row(0, named=True)
    assert row["en approved"] == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Karis interview.txt", "karis-interview"),
        ("Қазақ мақала", "қазақ-мақала"),
        ("///", "document"),
    ],
)
def test_document_ids_are_folder_safe(name: str, expected: str) -> None:
    assert make_doc_id(name) == expected
