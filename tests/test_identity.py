"""AppTest of the app's sign-in branch (`[auth]` in the secrets; `st.user` as AppTest seeds
it): the user is the ID token's e-mail or subject, the role its claim gives or else the TM's
list, and a wrong set-up is named in one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tm.access import Role
from tm.store import TranslationMemory, Unit
from ui.components.text import shown

TIMEOUT = 60
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "not-a-secret",
    "client_id": "workbench",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
GROUPS = {"role_claim": "groups", "roles": {"kz-desk-editors": "editor"}}


@pytest.fixture
def shared(tm_dir: Path, monkeypatch: pytest.MonkeyPatch) -> TranslationMemory:
    """A TM of one draft unit, its admin "owner", its translator ali@agency.kz."""
    import ui.cache

    monkeypatch.setenv("WORKBENCH_USER", "owner")  # a sign-in is stronger: never used here
    ui.cache.memory.clear()
    ui.cache.library.clear()
    memory = TranslationMemory.create(tm_dir, [Unit("kk", "en", "Сәлем.", "Hi.")], user="owner")
    memory.set_role("ali@agency.kz", Role.TRANSLATOR, user="owner")
    return memory


def memory_page(user: dict[str, Any], workbench: dict[str, Any] | None = None) -> AppTest:
    """The Memory page as the signed-in `user` (ID token claims) sees it, unit selected."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.secrets["auth"] = AUTH
    if workbench is not None:
        app.secrets["workbench"] = workbench
    app.user = user
    app.run()
    app.switch_page("ui/pages/memory.py")
    app.session_state["memory_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    assert not app.exception
    return app


def _captions(app: AppTest) -> list[str]:
    return [shown(caption.value) for caption in app.caption]


def _sidebar(app: AppTest) -> list[str]:
    return [shown(caption.value) for caption in app.sidebar.caption]


def _approve(app: AppTest):  # type: ignore[no-untyped-def]
    return next(b for b in app.button if b.label == "Approve")


def test_before_the_login_the_app_asks_for_it_and_shows_nothing_else(
    shared: TranslationMemory,
) -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.secrets["auth"] = AUTH
    app.user = {"is_logged_in": False}
    app.run()
    assert not app.exception
    assert "Log in to work" in shown(app.info[0].value)
    assert [b.label for b in app.sidebar.button] == ["Log in"]
    assert not app.radio  # the page stopped before its article choice


def test_the_user_is_the_email_and_the_tms_list_gives_the_role(
    shared: TranslationMemory,
) -> None:
    app = memory_page({"is_logged_in": True, "email": "ali@agency.kz", "name": "Owner"})
    assert "Signed in as ali@agency.kz" in _sidebar(app)
    assert "You (ali@agency.kz) are translator." in _captions(app)
    assert _approve(app).disabled


def test_without_email_the_subject_is_the_user(shared: TranslationMemory) -> None:
    app = memory_page({"is_logged_in": True, "sub": "f3a9", "name": "ali@agency.kz"})
    assert "You (f3a9) are not a user of this TM." in _captions(app)
    assert _approve(app).disabled


def test_a_mapped_group_claim_gives_its_role_over_the_list(shared: TranslationMemory) -> None:
    claims = {"is_logged_in": True, "email": "ali@agency.kz", "groups": ["kz-desk-editors"]}
    app = memory_page(claims, GROUPS)
    assert "Signed in as ali@agency.kz, editor by your sign-in" in _sidebar(app)
    assert "You (ali@agency.kz) are editor (by your sign-in)." in _captions(app)
    assert not _approve(app).disabled


def test_a_claimed_editor_approves_and_the_store_takes_it(shared: TranslationMemory) -> None:
    claims = {"is_logged_in": True, "email": "ali@agency.kz", "groups": ["kz-desk-editors"]}
    app = memory_page(claims, GROUPS)
    _approve(app).click().run()
    assert not app.exception
    unit = shared.units().row(0, named=True)
    assert (unit["status"], unit["changed_by"]) == ("approved", "ali@agency.kz")
    assert shared.log()[0].role == "editor"
    assert shared.access().roles["ali@agency.kz"] == Role.TRANSLATOR  # the list is unchanged


def test_a_group_the_table_does_not_map_leaves_the_list_in_charge(
    shared: TranslationMemory,
) -> None:
    claims = {"is_logged_in": True, "email": "ali@agency.kz", "groups": ["staff"]}
    app = memory_page(claims, GROUPS)
    assert "You (ali@agency.kz) are translator." in _captions(app)
    assert _approve(app).disabled


def test_a_wrong_role_table_is_named_in_one_line_and_nothing_else_shows(
    shared: TranslationMemory,
) -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.secrets["auth"] = AUTH
    app.secrets["workbench"] = {"role_claim": "groups", "roles": {"kz-desk-editors": "chief"}}
    app.user = {"is_logged_in": True, "email": "ali@agency.kz", "groups": ["kz-desk-editors"]}
    app.run()
    assert not app.exception
    (error,) = app.error
    assert "[workbench.roles] kz-desk-editors" in shown(error.value)
    assert "unknown role 'chief'" in shown(error.value)
    assert not app.radio  # the page stopped before its article choice
