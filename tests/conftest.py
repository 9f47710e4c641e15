from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def tm_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh location for the embedded TM, so no test touches the user's data folder."""
    location = tmp_path / "tm"
    monkeypatch.setenv("WORKBENCH_TM", str(location))
    return location
