"""AppTest per role on the Memory page of a shared TM: the controls follow the user's role
(disabled, with a one-line why), and what they allow reaches the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tm.access import Role
from tm.store import TranslationMemory, Unit

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


def _plain(markdown: str) -> str:
    return markdown.replace("\\", "")


def memory_page(user: str, *, select: bool = True) -> AppTest:
    """The Memory page as `user` sees it, with the TM's one unit selected."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.session_state["user_name"] = user
    app.run()
    app.switch_page("ui/pages/memory.py")
    if select:
        app.session_state["memory_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    assert not app.exception
    return app


def _button(app: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in app.button if b.label == label)


def _captions(app: AppTest) -> list[str]:
    return [_plain(caption.value) for caption in app.caption]


def test_a_translator_sees_no_enabled_approve_button_and_the_reason(
    shared: TranslationMemory,
) -> None:
    app = memory_page("ali")
    for label in ("Approve", "Reject", "Delete", "Save changes"):
        assert _button(app, label).disabled, label
    assert any(
        "ali (translator) may not: edit, approve, un-approve, reject, delete." in line
        for line in _captions(app)
    )
    assert shared.unit(shared.units()["unit_id"].item())["status"] == "draft"
    assert not any(b.label == "Add or change" for b in app.button)  # admins only
    assert "You (ali) are translator." in _captions(app)


def test_an_editor_approves_a_unit(shared: TranslationMemory) -> None:
    app = memory_page("ed")
    assert not _button(app, "Save changes").disabled
    assert _button(app, "Delete").disabled  # an admin's
    _button(app, "Approve").click().run()
    assert not app.exception
    unit = shared.units().row(0, named=True)
    assert (unit["status"], unit["changed_by"]) == ("approved", "ed")


def test_a_linguist_cannot_write(shared: TranslationMemory) -> None:
    before = shared.version()
    app = memory_page("lin")
    for label in ("Approve", "Reject", "Delete", "Save changes"):
        assert _button(app, label).disabled, label
    assert not app.file_uploader  # no TM import: a linguist adds no units
    assert any("'lin' is a linguist and may not add units" in c for c in _captions(app))
    assert shared.version() == before


def test_a_user_the_shared_tm_does_not_list_only_reads(shared: TranslationMemory) -> None:
    app = memory_page("stranger")
    assert _button(app, "Approve").disabled
    assert any("stranger, not a user of this shared TM, may not" in c for c in _captions(app))


def test_an_admin_adds_changes_and_removes_a_user(shared: TranslationMemory) -> None:
    app = memory_page("owner", select=False)
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
    shared: TranslationMemory,
) -> None:
    app = memory_page("owner", select=False)
    app.selectbox(key="memory_user_remove").set_value("owner")
    _button(app, "Remove").click().run()
    assert not app.exception
    assert "no admin left" in app.error[0].value
    assert shared.access().roles["owner"] is Role.ADMIN
