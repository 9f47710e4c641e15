"""The Memory page's "Versions and restore": an admin reads what a restore undoes before
the button, restores, and undoes it; one unit's earlier state comes back from its history."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tm.store import TranslationMemory, Unit

TIMEOUT = 60


@pytest.fixture
def memory(tm_dir: Path) -> TranslationMemory:
    """A single-user TM (its writer is admin) at version 2: two units, one edited."""
    import ui.cache

    ui.cache.memory.clear()
    ui.cache.library.clear()
    memory = TranslationMemory.create(tm_dir, [Unit("kk", "en", "Сәлем.", "Hi.")], user="owner")
    memory.add([Unit("kk", "en", "Рақмет.", "Thanks.")], user="owner")
    unit_id = memory.units().filter(source="Сәлем.")["unit_id"].item()
    memory.edit(unit_id, target="Hello.", user="owner")
    return memory


def _memory_page(select: int | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.session_state["user_name"] = "owner"
    app.run()
    app.switch_page("ui/pages/memory.py")
    if select is not None:
        app.session_state["memory_table"] = {
            "selection": {"rows": [select], "columns": [], "cells": []}
        }
    app.run()
    assert not app.exception
    return app


def _click(app: AppTest, key: str) -> None:
    app.button(key=key).click().run()
    assert not app.exception, app.exception


def test_an_admin_sees_what_a_restore_undoes_restores_and_undoes_it(
    memory: TranslationMemory,
) -> None:
    app = _memory_page()
    app.selectbox(key="memory_restore_version").set_value(0).run()
    _click(app, "memory_restore_ask")
    [said] = [w.value for w in app.warning]
    assert "undoes 2 versions (1..2) by owner" in said.replace("\\", "")
    _click(app, "memory_restore_go")
    assert memory.version() == 3
    assert memory.log()[0].operation == "restore 0"
    assert memory.units()["target"].to_list() == ["Hi."]

    _click(app, "memory_restore_undo_plan")
    assert any("restoring version 2" in w.value.replace("\\", "") for w in app.warning)
    _click(app, "memory_restore_go")
    assert sorted(memory.units()["target"]) == ["Hello.", "Thanks."]


def test_a_plan_made_before_someone_saved_is_not_offered(memory: TranslationMemory) -> None:
    app = _memory_page()
    app.selectbox(key="memory_restore_version").set_value(0).run()
    _click(app, "memory_restore_ask")
    memory.add([Unit("kk", "en", "Иә.", "Yes.")], user="owner")
    app.run()
    assert not [b for b in app.button if b.key == "memory_restore_go"]
    assert any("changed since" in c.value for c in app.caption)


def test_a_units_earlier_state_comes_back_from_its_history(memory: TranslationMemory) -> None:
    app = _memory_page()
    units = next(grid.value for grid in app.dataframe if "source" in grid.value.columns)
    row = list(units["source"]).index("Сәлем.")
    app = _memory_page(select=row)
    app.selectbox(key="memory_unit_restore_version").set_value(0).run()
    _click(app, "memory_unit_restore_go")
    assert memory.units().filter(source="Сәлем.")["target"].item() == "Hi."
