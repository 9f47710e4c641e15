"""`python -m tm term ...` as a user runs it: a separate process, real files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import run
from tm.store_terms import Termbase

GLOSSARY = "kk\ten\nҮкімет\tGovernment\nҰлттық банк\tNational Bank\nбанк\tbank\n"
SEGMENT = "Үкіметтің отырысында Ұлттық банкінің төрағасы сөйледі."


def _glossary(folder: Path) -> Path:
    path = folder / "glossary.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def test_import_a_tsv_with_a_language_header_then_look_up_a_segment(tmp_path: Path) -> None:
    termbase = tmp_path / "terms"
    imported = run(
        "term", "import", _glossary(tmp_path), "--termbase", termbase,
        "--src-lang", "kk", "--tgt-lang", "en",
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert "read 3 entries: 3 concepts added" in imported.stdout

    looked = run(
        "term", "lookup", "--termbase", termbase, "--src-lang", "kk", "--tgt-lang", "en",
        "--format", "json", SEGMENT,
    )  # fmt: skip
    assert looked.returncode == 0, looked.stderr
    assert json.loads(looked.stdout) == [
        {"source": "Үкімет", "target": "Government", "start": 0, "end": 9, "status": "preferred"},
        {
            "source": "Ұлттық банк",
            "target": "National Bank",
            "start": 21,
            "end": 36,
            "status": "preferred",
        },
    ]
    assert SEGMENT[21:36] == "Ұлттық банкінің"

    text = run(
        "term", "lookup", "--termbase", termbase, "--src-lang", "kk", "--tgt-lang", "en",
        "--nested", SEGMENT,
    )  # fmt: skip
    assert text.stdout.splitlines() == [
        "0-9\tҮкіметтің\tҮкімет -> Government\t[preferred]",
        "21-36\tҰлттық банкінің\tҰлттық банк -> National Bank\t[preferred]",
        "28-36\tбанкінің\tбанк -> bank\t[preferred]",
    ]

    again = run("term", "import", _glossary(tmp_path), "--termbase", termbase)
    assert "0 concepts added, 0 updated, 3 unchanged" in again.stdout


def test_add_export_and_reimport_as_tbx(tmp_path: Path) -> None:
    termbase = tmp_path / "terms"
    added = run(
        "term", "add", "Үкімет", "Правительство", "--src-lang", "kk", "--tgt-lang", "ru",
        "--termbase", termbase, "--pos", "noun", "--domain", "politics", "--user", "anna",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "1 concepts added" in added.stdout
    forbidden = run(
        "term", "add", "Үкімет", "Кабинет", "--src-lang", "kk", "--tgt-lang", "ru",
        "--termbase", termbase, "--status", "forbidden",
    )  # fmt: skip
    assert "0 concepts added, 1 updated" in forbidden.stdout

    out = tmp_path / "terms.tbx"
    exported = run("term", "export", out, "--termbase", termbase, "--src-lang", "kk")
    assert exported.returncode == 0, exported.stderr
    assert f"{out}: 1 concepts (tbx)" in exported.stdout
    assert "deprecatedTerm-admn-sts" in out.read_text(encoding="utf-8")

    copy = tmp_path / "copy"
    reimported = run("term", "import", out, "--termbase", copy)
    assert reimported.returncode == 0, reimported.stderr
    assert Termbase(copy).concepts() == Termbase(termbase).concepts()

    looked = run(
        "term", "lookup", "--termbase", copy, "--src-lang", "kk", "--tgt-lang", "ru",
        "--format", "json", "Үкіметке",
    )  # fmt: skip
    assert json.loads(looked.stdout)[0]["target"] == "Правительство"


def test_history_and_restore_of_a_concept(tmp_path: Path) -> None:
    termbase = tmp_path / "terms"
    run("term", "add", "банк", "bank", "--src-lang", "kk", "--tgt-lang", "en",
        "--termbase", termbase, "--user", "ann")  # fmt: skip
    (concept,) = Termbase(termbase).concepts()
    Termbase(termbase).delete([concept.concept_id or ""], user="zed")

    history = run("term", "history", concept.concept_id or "", "--termbase", termbase,
                  "--format", "json")  # fmt: skip
    assert history.returncode == 0, history.stderr
    assert [(state["user"], state["terms"]) for state in json.loads(history.stdout)] == [
        ("ann", [["kk", "банк", "preferred"], ["en", "bank", "preferred"]]),
        ("zed", None),
    ]
    restored = run("term", "restore", "--termbase", termbase, "--version", "1",
                   "--concept", concept.concept_id or "")  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    assert "now version 3" in restored.stdout
    assert Termbase(termbase).concepts() == (concept,)


def test_the_default_termbase_sits_beside_the_tm(tmp_path: Path) -> None:
    tm = tmp_path / "projects" / "tm"
    result = run("term", "import", _glossary(tmp_path), "--tm", tm)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{tm}-terms: read 3 entries")
    assert Termbase.exists(f"{tm}-terms")
    assert not tm.exists()  # the TM itself is not made for it


def test_errors_exit_one_with_the_place(tmp_path: Path) -> None:
    missing = run("term", "lookup", "--termbase", tmp_path / "none", "--src-lang", "kk",
                  "--tgt-lang", "en", "Үкімет")  # fmt: skip
    assert missing.returncode == 1
    assert "no termbase there" in missing.stderr

    bad = tmp_path / "bad.csv"
    bad.write_text("kk,en,Entry_Created\nа,b,yesterday\n", encoding="utf-8")
    result = run("term", "import", bad, "--termbase", tmp_path / "terms")
    assert result.returncode == 1
    assert f"error: {bad}, line 2, field 'created_at': " in result.stderr
    assert not (tmp_path / "terms").exists()  # a failed import made no termbase either

    other_tool = tmp_path / "other.csv"
    other_tool.write_text("kk,en,Colour\nа,b,c\n", encoding="utf-8")
    result = run("term", "import", other_tool, "--termbase", tmp_path / "terms")
    assert result.returncode == 0, result.stderr
    assert "not kept 1: column 'Colour'" in result.stdout

    headerless = tmp_path / "omegat.txt"
    headerless.write_text("Үкімет\tGovernment\n", encoding="utf-8")
    result = run("term", "import", headerless, "--termbase", tmp_path / "terms")
    assert result.returncode == 1
    assert "give --src-lang and --tgt-lang" in result.stderr
    ok = run("term", "import", headerless, "--termbase", tmp_path / "terms",
             "--src-lang", "kk", "--tgt-lang", "en")  # fmt: skip
    assert ok.returncode == 0, ok.stderr


def test_extract_lists_candidates_and_accepts_the_chosen(tmp_path: Path) -> None:
    from tm.store import TranslationMemory
    from tm.unit import Unit

    pairs = [
        ("Үкімет отырысы өтті.", "The Government held a meeting."),
        ("Үкіметтің шешімі шықты.", "The Government's decision is out."),
        ("Хат Үкіметке жолданды.", "A letter was sent to the Government."),
        ("Ұлттық банк мөлшерлемені өзгертті.", "The National Bank changed its rate."),
        ("Ұлттық банкінің төрағасы сөйледі.", "The chairman of the National Bank spoke."),
    ]
    units = [Unit("kk", "en", kk, en, status="approved") for kk, en in pairs]
    tm = tmp_path / "tm"
    TranslationMemory.create(tm, units)
    base = ("term", "extract", "--tm", tm, "--src-lang", "kk", "--tgt-lang", "en")

    listed = run(*base, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    candidates = json.loads(listed.stdout)["candidates"]
    found = {c["source"]: c for c in candidates}
    assert found["Үкімет"]["target"] == "Government"
    assert (found["Үкімет"]["count"], found["Үкімет"]["together"]) == (3, 3)
    assert set(found["Ұлттық банк"]["forms"]) == {"Ұлттық банк", "Ұлттық банкінің"}
    assert [c["rank"] for c in candidates] == list(range(1, len(candidates) + 1))

    ids = f"{found['Ұлттық банк']['id']},{found['Үкімет']['id']}"
    text = run(*base)
    for candidate in candidates:  # the listing shows each candidate's id
        assert f"[{candidate['id']}] {candidate['source']} -> {candidate['target']}" in text.stdout
    accepted = run(*base, "--accept", ids, "--preferred", "--user", "lina")
    assert accepted.returncode == 0, accepted.stderr
    shown = ids.replace(",", ", ")
    assert f"accepted {shown} into {tm}-terms: 2 concepts added" in accepted.stdout
    concepts = Termbase(f"{tm}-terms").concepts()
    assert {(term.text, term.status, term.created_by) for c in concepts for term in c.terms} == {
        ("Ұлттық банк", "preferred", "lina"),
        ("National Bank", "preferred", "lina"),
        ("Үкімет", "preferred", "lina"),
        ("Government", "preferred", "lina"),
    }

    again = run(*base)
    assert again.returncode == 0, again.stderr
    assert "Үкімет ->" not in again.stdout
    assert "Ұлттық банк ->" not in again.stdout

    twice = run(*base, "--accept", found["Үкімет"]["id"], "--user", "lina")
    assert twice.returncode == 1
    assert f"no candidate {found['Үкімет']['id']} now: it was accepted already" in twice.stderr
    for rank in ("1", "99"):
        wrong = run(*base, "--accept", rank, "--user", "lina")
        assert wrong.returncode == 1
        assert f"'{rank}' is not a candidate id" in wrong.stderr
        assert wrong.stderr.count("\n") == 1


def test_ids_from_an_earlier_listing_accept_the_same_candidates(tmp_path: Path) -> None:
    """Ranks shift as candidates are accepted (the QA's --accept 35,36,49 took others);
    ids are made from the pair, so a listing's ids keep naming its candidates."""
    from tm.store import TranslationMemory
    from tm.unit import Unit

    pairs = [
        ("Үкімет отырысы өтті.", "The Government held a meeting."),
        ("Үкіметтің шешімі шықты.", "The Government's decision is out."),
        ("Ұлттық банк мөлшерлемені өзгертті.", "The National Bank changed its rate."),
        ("Ұлттық банкінің төрағасы сөйледі.", "The chairman of the National Bank spoke."),
        ("Астана әкімі келді.", "The mayor of Astana arrived."),
        ("Астанада жиын өтті.", "A gathering was held in Astana."),
    ]
    tm = tmp_path / "tm"
    TranslationMemory.create(tm, [Unit("kk", "en", kk, en, status="approved") for kk, en in pairs])
    base = ("term", "extract", "--tm", tm, "--src-lang", "kk", "--tgt-lang", "en")
    first = json.loads(run(*base, "--format", "json").stdout)["candidates"]
    assert len(first) >= 3
    top, last = first[0], first[-1]
    assert run(*base, "--accept", top["id"], "--user", "lina").returncode == 0
    second = json.loads(run(*base, "--format", "json").stdout)["candidates"]
    moved = {c["id"]: c for c in second}[last["id"]]
    assert moved["rank"] != last["rank"]  # the rank moved, the id did not
    done = run(*base, "--accept", last["id"], "--user", "lina")
    assert done.returncode == 0, done.stderr
    held = {term.text for c in Termbase(f"{tm}-terms").concepts() for term in c.terms}
    assert {top["source"], top["target"], last["source"], last["target"]} <= held
    assert len(held) == 4


def test_lookup_reports_where_a_genitive_phrasing_stands(tmp_path: Path) -> None:
    termbase = tmp_path / "terms"
    for kk, en in (("Қазақстан Ұлттық банкі", "National Bank of Kazakhstan"), ("ҚР", "RK")):
        added = run("term", "add", kk, en, "--src-lang", "kk", "--tgt-lang", "en",
                    "--termbase", termbase)  # fmt: skip
        assert added.returncode == 0, added.stderr
    segment = "Кеше Қазақстанның Ұлттық банкі мен ҚР-дың Қазақстан Ұлттық банкіне хаты."
    looked = run(
        "term", "lookup", "--termbase", termbase, "--src-lang", "kk", "--tgt-lang", "en",
        "--format", "json", segment,
    )  # fmt: skip
    assert looked.returncode == 0, looked.stderr
    hits = json.loads(looked.stdout)
    assert [(segment[h["start"] : h["end"]], h["source"], h["target"]) for h in hits] == [
        ("Қазақстанның Ұлттық банкі", "Қазақстан Ұлттық банкі", "National Bank of Kazakhstan"),
        ("ҚР-дың", "ҚР", "RK"),
        ("Қазақстан Ұлттық банкіне", "Қазақстан Ұлттық банкі", "National Bank of Kazakhstan"),
    ]
    assert (hits[0]["start"], hits[0]["end"]) == (5, 30)
