from __future__ import annotations

from pathlib import Path

import pytest

from tm.errors import TMError
from tm.store import TranslationMemory
from tm.workflow import import_upload

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="kk" datatype="plaintext" segtype="sentence"
 adminlang="en" creationtool="test" creationtoolversion="1" o-tmf="test"/>
<body>
<tu><tuv xml:lang="kk"><seg>Бір.</seg></tuv><tuv xml:lang="en"><seg>One.</seg></tuv>
<tuv xml:lang="ru"><seg>Один.</seg></tuv></tu>
<tu><tuv xml:lang="kk"><seg>Екі.</seg></tuv><tuv xml:lang="en"><seg>Two.</seg></tuv></tu>
</body></tmx>
""".encode()


def test_an_uploaded_tmx_is_added_in_one_commit_with_progress(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm")
    heard: list[tuple[int, int]] = []
    result = import_upload(
        memory, TMX, name="up.tmx", user="lin", progress=lambda d, t: heard.append((d, t))
    )
    assert (result.added, result.merged) == (3, 0)
    assert memory.version() == 1
    assert heard[-1] == (len(TMX), len(TMX))
    assert set(memory.units()["created_by"]) == {"lin"}


def test_a_bad_upload_names_itself_and_writes_nothing(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm")
    broken = TMX.replace(b"</body></tmx>", b"<tu><tuv xml:lang='kk'>")
    with pytest.raises(TMError, match=r"up\.tmx"):
        import_upload(memory, broken, name="up.tmx", user="lin")
    assert memory.version() == 0
    assert memory.units().is_empty()
    with pytest.raises(TMError, match=r"pairs\.tsv, line 2"):
        import_upload(
            memory,
            b"source\ttarget\nno tab\n",
            name="pairs.tsv",
            user="lin",
            src_lang="kk",
            tgt_lang="en",
        )
