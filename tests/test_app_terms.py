"""AppTest: the Termbase page (browse, add, import, extract and accept) and the term panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tm.access import Role
from tm.demo import demo_units
from tm.store import TranslationMemory
from tm.store_terms import Termbase, default_termbase_uri
from tm.termbase import Concept, Term
from ui.components.text import shown

TIMEOUT = 60
PAGE = "ui/pages/terms.py"


@pytest.fixture(autouse=True)
def fresh_app_state(tm_dir: Path) -> None:
    import ui.cache

    ui.cache.memory.clear()
    ui.cache.library.clear()


def start(user: str = "aigerim") -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.session_state["user_name"] = user
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception
    return app


def _button(app: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in app.button if b.label.startswith(label))


def _table(app: AppTest, key: str | None = None):  # type: ignore[no-untyped-def]
    """The candidates' table by its key; None: the concepts' (which has no key)."""
    if key is None:
        return next(table for table in app.dataframe if "concept_id" in table.value.columns)
    return next(table for table in app.dataframe if table.key == key)


def _plain(markdown: str) -> str:
    """Text as written, before `ui.components.text.plain` escaped it for Markdown."""
    return shown(markdown)


def _concepts(tm_dir: Path) -> list[dict[str, str]]:
    base = Termbase(default_termbase_uri(tm_dir))
    return [{t.lang: t.text for t in concept.terms} for concept in base.concepts()]


def test_termbase_page_adds_a_concept_and_lists_it(tm_dir: Path) -> None:
    app = start()
    assert app.title[0].value == "Termbase"
    assert not app.dataframe
    assert "The termbase is empty" in app.caption[0].value
    _button(app, "Add concept").click().run()  # nothing typed: told, nothing written
    assert "at least one language" in _plain(app.error[0].value)
    assert not Termbase.exists(default_termbase_uri(tm_dir))

    for lang, term in (("kk", "Ұлттық банк"), ("en", "National Bank"), ("ru", "Национальный банк")):
        next(box for box in app.text_input if box.label == f"Term ({lang})").input(term)
    next(box for box in app.selectbox if box.label.startswith("Status")).set_value("admitted")
    next(box for box in app.text_input if box.label == "Domain").input("finance")
    next(box for box in app.text_area if box.label == "Definition").input("The central bank.")
    _button(app, "Add concept").click().run()
    assert not app.exception
    assert "1 concepts added" in _plain(app.success[0].value)
    assert _concepts(tm_dir) == [
        {"kk": "Ұлттық банк", "en": "National Bank", "ru": "Национальный банк"}
    ]
    (concept,) = Termbase(default_termbase_uri(tm_dir)).concepts()
    stored = {t.lang: (t.status, t.domain, t.definition, t.created_by) for t in concept.terms}
    assert stored["kk"] == ("preferred", "finance", "The central bank.", "aigerim")
    assert stored["en"][:3] == stored["ru"][:3] == ("admitted", "finance", None)
    shown = _table(app).value
    assert list(shown["kk"]) == ["Ұлттық банк"]
    assert list(shown["en"]) == ["National Bank (admitted)"]
    assert list(shown["domain"]) == ["finance"]

    app.text_input(key="terms_search").input("банк").run()
    assert _table(app).value.shape[0] == 1
    app.text_input(key="terms_search").input("министр").run()
    assert _table(app).value.empty


def test_termbase_page_imports_a_tsv_and_names_the_line_of_a_bad_one(tm_dir: Path) -> None:
    app = start()
    tsv = "kk\ten\nҮкімет\tGovernment\nҰлттық банк\tNational Bank\n".encode()
    app.file_uploader(key="terms_import_file").set_value(("gloss.tsv", tsv, "text/plain")).run()
    _button(app, "Import terms").click().run()
    assert not app.exception
    assert "gloss.tsv: read 2 entries" in _plain(app.success[0].value)
    assert {"kk": "Үкімет", "en": "Government"} in _concepts(tm_dir)
    assert set(_table(app).value["en"]) == {"Government", "National Bank"}

    bad = "kk\ten\nСот\tCourt\tone too many\n".encode()
    app.file_uploader(key="terms_import_file").set_value(("bad.tsv", bad, "text/plain")).run()
    _button(app, "Import terms").click().run()
    assert not app.exception
    message = _plain(app.error[0].value)
    assert "bad.tsv" in message
    assert "line 2" in message
    assert "\n" not in message
    assert len(_concepts(tm_dir)) == 2


def test_extraction_lists_candidates_and_accepting_one_puts_it_in_the_termbase(
    tm_dir: Path,
) -> None:
    app = start()  # the embedded TM: the demo's approved kk-en and kk-ru units
    _button(app, "Extract candidates").click().run()
    assert not app.exception
    candidates = _table(app, "terms_extract_table_0").value
    assert candidates.shape[0] > 5
    assert {"id", "source", "target", "units", "share", "forms", "example"} <= set(
        candidates.columns
    )
    first = candidates.iloc[0]
    assert (first["source"], first["target"]) == ("Қазақстан", "Kazakhstan")
    assert "Қазақстанның" in first["forms"]
    assert "Қазақстан" in first["example"]
    assert _button(app, "Accept selected").disabled  # nothing selected yet

    app.session_state["terms_extract_table_0"] = {
        "selection": {"rows": [0], "columns": [], "cells": []}
    }
    app.run()
    app.radio(key="terms_extract_status").set_value("preferred")
    _button(app, "Accept selected (1)").click().run()
    assert not app.exception
    accepted = Termbase(default_termbase_uri(tm_dir)).concepts()
    assert [{(t.lang, t.text, t.status) for t in c.terms} for c in accepted] == [
        {("kk", "Қазақстан", "preferred"), ("en", "Kazakhstan", "preferred")}
    ]
    # Accepted, it leaves the list (the termbase knows it now).
    assert "Қазақстан" not in list(_table(app, "terms_extract_table_1").value["source"])
    assert "Accepted 1 candidates" in _plain(app.success[0].value)


def test_a_translator_sees_the_termbase_read_only_and_why(
    tm_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = TranslationMemory.create(tm_dir, demo_units(), user="owner")  # approved units
    memory.set_role("ali", Role.TRANSLATOR, user="owner")
    # On a shared TM a typed name is not taken: the app is started as ali.
    monkeypatch.setenv("WORKBENCH_USER", "ali")
    app = start("ali")
    assert "'ali' is a translator and may not change the termbase" in _plain(app.caption[0].value)
    assert _button(app, "Add concept").disabled
    assert app.file_uploader(key="terms_import_file").disabled
    # Reading is for everyone: the extraction runs, only accepting is refused.
    _button(app, "Extract candidates").click().run()
    assert not app.exception
    assert _table(app, "terms_extract_table_0").value.shape[0] > 5
    app.session_state["terms_extract_table_0"] = {
        "selection": {"rows": [0], "columns": [], "cells": []}
    }
    app.run()
    assert _button(app, "Accept selected (1)").disabled


def _panel() -> None:
    import streamlit as st

    from ui.components import terms

    st.session_state.setdefault("inserted", [])
    terms.term_panel(
        "Үкіметтің отырысында Ұлттық банкінің төрағасы сөйледі.",
        "kk",
        "en",
        on_insert=st.session_state["inserted"].append,
        key="panel",
    )


def test_the_term_panel_shows_inflected_hits_and_insert_calls_back(tm_dir: Path) -> None:
    base = Termbase.open(default_termbase_uri(tm_dir), create=True)
    government = (Term("kk", "Үкімет"), Term("en", "Government"))
    cabinet = Term("en", "Cabinet", status="forbidden")
    bank = (Term("kk", "Ұлттық банк"), Term("en", "National Bank"))
    base.add([Concept((*government, cabinet)), Concept(bank)], user="owner")

    app = AppTest.from_function(_panel, default_timeout=TIMEOUT)
    app.run()
    assert not app.exception
    shown = [element.value for element in app.text]
    assert shown[0] == "⟦Үкіметтің⟧ отырысында ⟦Ұлттық банкінің⟧ төрағасы сөйледі."
    assert {"Үкіметтің", "Үкімет", "Ұлттық банкінің", "Ұлттық банк"} <= set(shown)
    assert "Government\n✗ forbidden: Cabinet" in shown
    assert "National Bank" in shown

    app.button(key="panel_2").click().run()
    assert app.session_state["inserted"] == ["National Bank"]
    app.button(key="panel_1").click().run()
    assert app.session_state["inserted"] == ["National Bank", "Government"]
