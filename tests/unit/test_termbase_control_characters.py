"""Control characters and line breaks at the termbase's door: every way in (add, put,
accepted candidates, TBX, CSV, TSV and OmegaT imports) refuses a term holding a C0 control
character, a lone surrogate or a line break, and a note or definition holding a control
character, as a unit is refused (`tm.unit.clean_text`); an import names its file and line."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.test_cli import run
from tm.errors import InputError
from tm.store_terms import Termbase
from tm.termbase import Concept, Term, TermCandidate, accept_candidates, import_terms, validated

# (term, what the error says): control characters, a surrogate, line breaks.
BAD_TERMS = [
    ("Ав\x02", "U+0002"),
    ("Bad\x1b[31m", "U+001B (ESC)"),
    ("Бір\x00", "U+0000 (NUL)"),
    ("Бір\ud800", "lone surrogate (U+D800)"),
    ("Ұлттық\nбанк", "line break (U+000A)"),
    ("Ұлттық\rбанк", "line break (U+000D)"),
    ("Ұлттық\x0bбанк", "line break (U+000B)"),
    ("Ұлттық\x0cбанк", "line break (U+000C)"),
    ("Ұлттық\u2028банк", "line break (U+2028)"),
]


@pytest.mark.parametrize(("text", "says"), BAD_TERMS)
@pytest.mark.parametrize("side", [0, 1])
def test_a_term_with_a_control_character_or_a_line_break_is_refused(
    text: str, says: str, side: int
) -> None:
    terms = [Term("kk", "Үкімет"), Term("en", "Government")]
    terms[side] = Term(terms[side].lang, text)
    with pytest.raises(InputError, match=r"field 'term'") as caught:
        validated(Concept(tuple(terms)), source="glossary.tsv", line=7)
    assert says in str(caught.value)
    assert (caught.value.source, caught.value.line) == ("glossary.tsv", 7)


@pytest.mark.parametrize("name", ["note", "definition", "domain", "source", "created_by"])
def test_a_field_with_a_control_character_is_refused_a_line_break_is_not(name: str) -> None:
    bad = Term("kk", "Үкімет", **{name: "one\x07two"})  # type: ignore[arg-type]
    with pytest.raises(InputError, match=f"field '{name}': holds the control character U\\+0007"):
        validated(Concept((bad, Term("en", "Government"))))
    if name in ("note", "definition"):
        kept = validated(Concept((Term("kk", "Үкімет", note="one\x0btwo"), Term("en", "G"))))
        assert kept.terms[0].note == "one\ntwo"  # as a unit's text: Word's break is a line feed


def test_whitespace_inside_a_term_is_still_collapsed() -> None:
    (kk, _) = validated(Concept((Term("kk", "  Ұлттық \t  банк "), Term("en", "x")))).terms
    assert kk.text == "Ұлттық банк"


# --- every way in, on a termbase -------------------------------------------------------------

SOURCE_TERM = "Бір\x01"


def _candidate() -> TermCandidate:
    return TermCandidate(
        source=SOURCE_TERM, target="One", src_lang="kk", tgt_lang="en", count=2, together=2,
        target_count=2, dice=1.0, score=1.0, named=False, forms=(SOURCE_TERM,),
        target_forms=("One",), examples=("u1",),
    )  # fmt: skip


def _import(text: str, format: str, name: str) -> Callable[[Termbase], object]:
    def write(termbase: Termbase) -> object:
        return import_terms(
            termbase,
            io.BytesIO(text.encode("utf-8")),
            source=name,
            format=format,
            user="me",
            src_lang="kk",
            tgt_lang="en",
        )

    return write


TBX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
    "<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>\n"
    "<text><body>\n"
    '<conceptEntry id="c1"><langSec xml:lang="kk"><termSec><term>Ұлттық\u2028банк</term>'
    '</termSec></langSec><langSec xml:lang="en"><termSec><term>National Bank</term></termSec>'
    "</langSec></conceptEntry>\n"
    "</body></text></tbx>\n"
)

# way in -> (write, the file and line the error names, or None).
WAYS_IN: dict[str, tuple[Callable[[Termbase], object], str | None]] = {
    "add": (
        lambda base: base.add([Concept((Term("kk", SOURCE_TERM), Term("en", "One")))], user="me"),
        None,
    ),
    "put": (
        lambda base: base.put([Concept((Term("kk", "Бір"), Term("en", "One\x1b")))], user="me"),
        None,
    ),
    "accept candidates": (lambda base: accept_candidates(base, [_candidate()], user="me"), None),
    "tsv": (_import("kk\ten\nЕкі\tTwo\nБір\x01\tOne\n", "tsv", "g.tsv"), "g.tsv, line 3"),
    "omegat": (_import("# glossary\nБір\x01\tOne\n", "omegat", "g.txt"), "g.txt, line 2"),
    "csv": (_import('kk,en\n"Бір\x07",One\n', "csv", "g.csv"), "g.csv, line 2"),
    "csv note": (_import("kk,en,Note\nБір,One,a\x1bb\n", "csv", "n.csv"), "n.csv, line 2"),
    "tbx": (_import(TBX, "tbx", "g.tbx"), "g.tbx, line 5"),
}


@pytest.mark.parametrize("way", sorted(WAYS_IN))
def test_every_way_into_the_termbase_refuses_it_and_writes_nothing(
    way: str, tmp_path: Path
) -> None:
    write, where = WAYS_IN[way]
    termbase = Termbase.open(tmp_path / "terms", create=True)
    with pytest.raises(InputError, match="holds") as caught:
        write(termbase)
    if where is not None:
        assert str(caught.value).startswith(where + ", field '")
    assert termbase.version() == 0
    assert termbase.concepts() == ()


def test_term_add_refuses_it_in_one_line_before_making_the_termbase(tmp_path: Path) -> None:
    where = tmp_path / "terms"
    result = run("term", "add", "Ав\x02", "Bad\x1b[31m", "--src-lang", "kk", "--tgt-lang", "en",
                 "--termbase", where, "--user", "me")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "error: field 'term': holds the control character U+0002 at character 3; control "
        "characters other than tab and line breaks are not text and are refused\n"
    )
    assert not where.exists()
