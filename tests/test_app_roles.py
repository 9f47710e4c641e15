"""AppTest per role on the Memory page of a shared TM: the controls follow the user's role
(disabled, with a one-line why), and what they allow reaches the store. The user is the
server's WORKBENCH_USER (a typed name only reads a shared TM: see the last tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tm.access import Role
from tm.store import TranslationMemory, Unit
from ui.components.text import shown

TIMEOUT = 60
ROLES = {"ed": Role.EDITOR, "ali": Role.TRANSLATOR, "lin": Role.LINGUIST}


@pytest.fixture
def shared(tm_dir: Path) -> TranslationMemory:
    """A TM of one draft unit, made by its admin "owner", with an editor, a translator and
    a linguist; the app's cached TM handle is dropped so the app opens this one."""
    import ui.cache

    ui.cache.memory.clear()
    ui.cache.library.clear()
    memory = TranslationMemory.create(tm_dir, [Unit("kk", "en", "Сәлем.", "Hi.")], user="owner")
    for name, role in ROLES.items():
        memory.set_role(name, role, user="owner")
    return memory


def memory_page(*, select: bool = True, typed: str | None = None) -> AppTest:
    """The Memory page, with the TM's one unit selected; `typed`: a name typed in the
    sidebar."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if typed is not None:
        app.session_state["user_name"] = typed
    app.run()
    app.switch_page("ui/pages/memory.py")
    if select:
        app.session_state["memory_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    assert not app.exception
    return app


@pytest.fixture
def open_as(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """The Memory page as the app started with WORKBENCH_USER=`user` shows it (None: the
    variable unset)."""

    def open_page(user: str | None, *, select: bool = True, typed: str | None = None) -> AppTest:
        if user is None:
            monkeypatch.delenv("WORKBENCH_USER", raising=False)
        else:
            monkeypatch.setenv("WORKBENCH_USER", user)
        return memory_page(select=select, typed=typed)

    return open_page


def _button(app: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in app.button if b.label == label)


def _captions(app: AppTest) -> list[str]:
    return [shown(caption.value) for caption in app.caption]


def test_a_translator_sees_no_enabled_approve_button_and_the_reason(
    shared: TranslationMemory, open_as: Callable[..., AppTest]
) -> None:
    app = open_as("ali")
    for label in ("Approve", "Reject", "Delete", "Save changes"):
        assert _button(app, label).disabled, label
    assert any(
        "ali (translator) may not: edit, approve, un-approve, reject, delete." in line
        for line in _captions(app)
    )
    assert shared.unit(shared.units()["unit_id"].item())["status"] == "draft"
    assert not any(b.label == "Add or change" for b in app.button)  # admins only
    assert "You (ali) are translator." in _captions(app)


def test_an_editor_approves_a_unit(
    shared: TranslationMemory, open_as: Callable[..., AppTest]
) -> None:
    app = open_as("ed")
    assert not _button(app, "Save changes").disabled
    assert _button(app, "Delete").disabled  # an admin's
    _button(app, "Approve").click().run()
    assert not app.exception
    unit = shared.units().row(0, named=True)
    assert (unit["status"], unit["changed_by"]) == ("approved", "ed")


def test_a_linguist_cannot_write(
    shared: TranslationMemory, open_as: Callable[..., AppTest]
) -> None:
    before = shared.version()
    app = open_as("lin")
    for label in ("Approve", "Reject", "Delete", "Save changes"):
        assert _button(app, label).disabled, label
    assert not app.file_uploader  # no TM import: a linguist adds no units
    assert any("'lin' is a linguist and may not add units" in c for c in _captions(app))
    assert shared.version() == before


def test_a_user_the_shared_tm_does_not_list_only_reads(
    shared: TranslationMemory, open_as: Callable[..., AppTest]
) -> None:
    app = open_as("stranger")
    assert _button(app, "Approve").disabled
    assert any("stranger, not a user of this shared TM, may not" in c for c in _captions(app))


def test_an_admin_adds_changes_and_removes_a_user(
    shared: TranslationMemory, open_as: Callable[..., AppTest]
) -> None:
    app = open_as("owner", select=False)
    listed = app.dataframe[-1].value
    assert dict(zip(listed["user"], listed["role"], strict=True))["ali"] == "translator"

    app.text_input(key="memory_user_name").input("dana@agency.kz")
    app.selectbox(key="memory_user_role").set_value(Role.EDITOR)
    _button(app, "Add or change").click().run()
    assert not app.exception
    assert shared.access().roles["dana@agency.kz"] is Role.EDITOR
    assert "dana@agency.kz" in list(app.dataframe[-1].value["user"])

    app.selectbox(key="memory_user_remove").set_value("ali")
    _button(app, "Remove").click().run()
    assert not app.exception
    assert "ali" not in shared.access().roles


def test_the_last_admin_cannot_be_removed_and_is_told_in_one_line(
    shared: TranslationMemory, open_as: Callable[..., AppTest]
) -> None:
    app = open_as("owner", select=False)
    app.selectbox(key="memory_user_remove").set_value("owner")
    _button(app, "Remove").click().run()
    assert not app.exception
    assert "no admin left" in app.error[0].value
    assert shared.access().roles["owner"] is Role.ADMIN


def test_a_typed_name_on_a_shared_tm_only_reads_and_is_told_why(
    shared: TranslationMemory, open_as: Callable[..., AppTest]
) -> None:
    before = shared.version()
    app = open_as(None, typed="ed")  # an editor's name, typed by anyone
    assert "Read only: this TM is shared" in shown(app.info[0].value)
    for label in ("Approve", "Reject", "Delete", "Save changes"):
        assert _button(app, label).disabled, label
    assert not app.file_uploader
    assert not app.sidebar.text_input  # nothing to type: a name would change nothing
    assert "You (anonymous) are not a user of this TM." in _captions(app)
    assert shared.version() == before


def test_the_servers_user_is_shown_fixed_not_editable(
    shared: TranslationMemory, open_as: Callable[..., AppTest]
) -> None:
    app = open_as("ed", typed="owner")  # the typed name is ignored
    assert not app.sidebar.text_input
    assert any("Working as ed" in shown(c.value) for c in app.sidebar.caption)
    assert "You (ed) are editor." in _captions(app)


def test_a_typed_name_works_on_a_single_user_tm(
    tm_dir: Path, open_as: Callable[..., AppTest]
) -> None:
    import ui.cache

    ui.cache.memory.clear()
    memory = TranslationMemory.create(tm_dir, [Unit("kk", "en", "Сәлем.", "Hi.")], user="owner")
    app = open_as(None, typed="dana")
    assert app.sidebar.text_input[0].value == "dana"
    _button(app, "Approve").click().run()
    assert not app.exception
    unit = memory.units().row(0, named=True)
    assert (unit["status"], unit["changed_by"]) == ("approved", "dana")


def test_a_linguist_cannot_save_three_languages_and_is_told_why(
    shared: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_app import start

    monkeypatch.setenv("WORKBENCH_USER", "lin")
    app = start("ui/pages/trilingual.py")
    _button(app, "Align all three").click().run()
    assert not app.exception
    save = next(b for b in app.button if b.label.startswith("Save both"))
    assert save.disabled
    assert any("'lin' is a linguist" in line for line in _captions(app))


def test_a_linguist_cannot_save_a_document(
    shared: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_app import start

    monkeypatch.setenv("WORKBENCH_USER", "lin")
    app = start("ui/pages/documents.py")
    assert _button(app, "Save document").disabled
    assert any("'lin' is a linguist and may not add units" in line for line in _captions(app))
    monkeypatch.setenv("WORKBENCH_USER", "ali")  # a translator may
    app = start("ui/pages/documents.py")
    assert not any("may not add" in line for line in _captions(app))
