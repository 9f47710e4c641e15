from __future__ import annotations

import ast
from pathlib import Path

import tm
from tests.conftest import ROOT


def test_every_public_name_resolves_and_matches_the_lazy_table() -> None:
    assert sorted(tm.__all__) == sorted(tm._PUBLIC)
    for name in tm.__all__:
        assert getattr(tm, name) is not None, name


def test_the_library_never_imports_streamlit() -> None:
    for path in Path(ROOT / "tm").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "streamlit" for n in names), path
