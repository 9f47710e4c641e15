"""The candidate index over a real TM: recall on made variants, catching up, concordance."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import CORPORA, SHARED
from tm.fuzzy import FuzzyIndex, concordance, find_term, lookup
from tm.fuzzy.index import INDEX_FOLDER
from tm.fuzzy.variants import KINDS, variants
from tm.store import TranslationMemory, Unit


def corpus_pairs() -> list[tuple[str, str]]:
    """Kazakh sentences of corpora/ and xwmt with stand-in English targets, each source once."""
    karis = (CORPORA / "karis" / "kk.sents").read_text(encoding="utf-8").splitlines()
    xwmt_kk = (SHARED / "corpora" / "xwmt" / "xwmt.kk").read_text(encoding="utf-8").splitlines()
    xwmt_en = (SHARED / "corpora" / "xwmt" / "xwmt.en").read_text(encoding="utf-8").splitlines()
    pairs = [(kk, f"[en] {kk}") for kk in karis] + list(zip(xwmt_kk, xwmt_en, strict=True))
    unique = {kk.strip(): en for kk, en in pairs if len(kk.split()) >= 4}
    return list(unique.items())


@pytest.fixture(scope="module")
def corpus_tm(tmp_path_factory: pytest.TempPathFactory) -> TranslationMemory:
    units = [
        Unit("kk", "en", kk, en, status="approved", doc_id="corpus", seg_no=n)
        for n, (kk, en) in enumerate(corpus_pairs())
    ]
    return TranslationMemory.create(tmp_path_factory.mktemp("tm") / "tm", units, user="test")


def test_the_original_is_the_top_match_of_its_variants(corpus_tm: TranslationMemory) -> None:
    sources = [kk for kk, _ in corpus_pairs()]
    made = variants(sources, random.Random(4))
    pick = random.Random(5)
    sample = [
        variant
        for kind in KINDS
        for variant in pick.sample(
            [v for v in made if v.kind == kind], min(100, sum(v.kind == kind for v in made))
        )
    ]
    index = FuzzyIndex.open(corpus_tm, persist=False)
    found = {kind: [0, 0] for kind in KINDS}
    for variant in sample:
        matches = index.lookup(variant.text, "kk", "en", top=1, min_score=0)
        found[variant.kind][1] += 1
        found[variant.kind][0] += bool(matches) and matches[0].source == sources[variant.original]
    assert all(total > 40 for _, total in found.values()), found
    hits = sum(hit for hit, _ in found.values())
    assert hits / len(sample) >= 0.95, found


def test_a_new_unit_is_found_after_its_commit_without_a_rebuild(tmp_path: Path) -> None:
    memory = TranslationMemory.create(
        tmp_path / "tm",
        [Unit("kk", "en", "Астанада кездесу өтті.", "A meeting in Astana.")],
        user="test",
    )
    index = FuzzyIndex.open(memory)
    assert (tmp_path / "tm" / INDEX_FOLDER / "CURRENT").is_file()
    rows_before = index._rows.height
    query = "Үкіметте жаңа заң жобасы талқыланды."
    assert index.lookup(query, "kk", "en") == []
    memory.add([Unit("kk", "en", "Үкімет жаңа заң жобасын талқылады.", "The bill.")], user="t")
    assert index.refresh() == 1
    assert index._rows.height == rows_before + 1  # one row appended, none re-indexed
    (match,) = index.lookup(query, "kk", "en")
    assert match.source == "Үкімет жаңа заң жобасын талқылады."
    assert match.score >= 80
    # A second handle opens the saved index and catches up from the version it recorded.
    reopened = FuzzyIndex.open(memory)
    assert [m.unit_id for m in reopened.lookup(query, "kk", "en")] == [match.unit_id]


def test_language_pair_status_and_context_decide_what_is_offered(tmp_path: Path) -> None:
    text = "Президент мырза, Қазақстанға қош келдіңіз!"
    memory = TranslationMemory.create(
        tmp_path / "tm",
        [
            Unit("kk", "en", text, "Welcome!", prev_source="Алдыңғы.", next_source="Келесі."),
            Unit("kk", "ru", text, "Добро пожаловать!"),
            Unit("kk", "en", "Президент мырза, Қазақстанға қош келдіңіз", "No.", status="rejected"),
        ],
        user="test",
    )
    (en,) = lookup(memory, text, "kk", "en")
    assert (en.score, en.target) == (100, "Welcome!")
    (ru,) = lookup(memory, text, "kk-KZ", "ru")
    assert ru.target == "Добро пожаловать!"
    with_context = lookup(memory, text, "kk", "en", prev_source="Алдыңғы.", next_source="Келесі.")
    assert with_context[0].score == 101
    assert lookup(memory, text, "kk", "en", prev_source="Басқа.")[0].score == 100
    assert len(lookup(memory, text, "kk", "en", statuses=("draft", "rejected"))) == 2


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("жоба", "Үкімет жобасын талқылады.", ["жобасын"]),
        (
            "заң жобасы",
            "Жаңа заң жобаларын талқылады, заң жобасы.",
            ["заң жобаларын", "заң жобасы"],
        ),
        ("Қазақстан", "Қазақстанға және Қазақстанның елшісі", ["Қазақстанға", "Қазақстанның"]),
        ("Қазақстан", "Қазақша сөйледі.", []),
        ("countries", "Both country and countries.", ["country", "countries"]),
    ],
)
def test_terms_are_found_in_their_inflected_forms(term: str, text: str, found: list[str]) -> None:
    lang = "en" if term.isascii() else "kk"
    assert [text[start:end] for start, end in find_term(text, term, lang)] == found


def test_concordance_filters_and_gives_context(corpus_tm: TranslationMemory) -> None:
    hits = concordance(corpus_tm, "Қазақстан", "kk", side="source", context=15)
    assert hits
    assert all(h.hit.lower().startswith("қазақстан") for h in hits)
    assert any(h.hit.lower() != "қазақстан" for h in hits)  # an inflected form too
    assert all(len(h.left) <= 15 and h.segment[h.start : h.end] == h.hit for h in hits)
    assert concordance(corpus_tm, "Қазақстан", "kk", other_lang="ru") == []
    assert concordance(corpus_tm, "Қазақстан", "kk", doc_id="elsewhere") == []
    assert concordance(corpus_tm, "Қазақстан", "kk", side="target") == []


def test_rewritten_files_are_followed_status_edit_delete_and_compaction(tmp_path: Path) -> None:
    texts = [f"Кездесу {n} Астанада өтті, екі ел келісімге қол қойды." for n in range(1, 4)]
    memory = TranslationMemory.create(
        tmp_path / "tm",
        [Unit("kk", "en", t, f"Meeting {n}.") for n, t in enumerate(texts)],
        user="test",
    )
    for text in texts[1:]:  # each add is its own commit and file
        memory.add([Unit("kk", "en", text + " Иә.", "Yes.")], user="test")
    index = FuzzyIndex.open(memory, persist=False)
    query = texts[0]

    def offered() -> list[str]:
        return [m.source for m in index.lookup(query, "kk", "en", top=10, min_score=0)]

    assert len(offered()) == 5
    first = next(m for m in index.lookup(query, "kk", "en") if m.source == texts[0])
    memory.reject([first.unit_id], user="test")
    index.refresh()
    assert texts[0] not in offered()
    last = index.lookup(texts[2], "kk", "en", top=1)[0]
    memory.edit(last.unit_id, source="Мүлде басқа сөйлем.", user="test")
    memory.delete([index.lookup(texts[1], "kk", "en", top=1)[0].unit_id], user="test")
    index.refresh()
    assert sorted(offered()) == sorted(t + " Иә." for t in texts[1:])
    before = index._rows.height
    assert memory.compact() > 0
    index.refresh()
    assert sorted(offered()) == sorted(t + " Иә." for t in texts[1:])
    assert index._rows.height == before  # compaction revived rows, it did not re-index them
    assert index.lookup("Мүлде басқа сөйлем.", "kk", "en")[0].unit_id == last.unit_id


def test_the_index_does_not_grow_with_edits_and_never_holds_retired_units(tmp_path: Path) -> None:
    from tm.fuzzy import index as index_module

    memory = TranslationMemory.create(
        tmp_path / "tm",
        [Unit("kk", "en", f"Жаңа сөйлем нөмірі {n} осында.", f"Sentence {n}.") for n in range(300)],
        user="test",
    )
    index = FuzzyIndex.open(memory, persist=False)
    ids = memory.units()["unit_id"].to_list()
    limit = index_module._DEAD_ROWS_LIMIT
    heights = []
    for round_no in range(8):  # 8 x 300 = 2,400 unit changes, above the dead-row limit
        memory.set_status(ids, "approved" if round_no % 2 else "aligned", user="test")
        index.refresh()
        heights.append(index._rows.height)
    assert max(heights) <= len(ids) + limit
    assert heights[-1] < len(ids) * 8
    assert index.size == len(ids)
    found = index.lookup("Жаңа сөйлем нөмірі 7 осында.", "kk", "en", top=1)
    assert found[0].target == "Sentence 7."
    assert found[0].status == "approved"
    # Retired units are dropped from the index itself, not only filtered out.
    memory.set_status(ids[:100], "retired", user="test")
    index.refresh()
    assert index.size == 200
    assert index.lookup("Жаңа сөйлем нөмірі 7 осында.", "kk", "en", statuses=("retired",)) == []


@pytest.mark.parametrize(
    ("source", "target", "query", "langs", "score", "suggestion"),
    [
        # What the index reads in polars is what the query reads in Python.
        (
            "Procter &amp; Gamble opened a new office in Almaty.",
            "Procter & Gamble Алматыда жаңа кеңсе ашты.",
            "Procter & Gamble opened a new office in Almaty.",
            ("en", "kk"),
            99,
            "Procter & Gamble Алматыда жаңа кеңсе ашты.",
        ),
        (
            "Kazakhstan ’ s exports grew by 12 percent .",
            "Қазақстан экспорты 12 пайызға өсті.",
            "Kazakhstan’s exports grew by 15 percent.",
            ("en", "kk"),
            95,
            "Қазақстан экспорты 15 пайызға өсті.",
        ),
        (
            "Былтыр елде 8 826 жаңа кәсіпорын ашылды.",
            "Last year 8,826 new businesses opened in the country.",
            "Былтыр елде 9 115 жаңа кәсіпорын ашылды.",
            ("kk", "en"),
            96,
            "Last year 9,115 new businesses opened in the country.",
        ),
        (
            "Инфляция 18,4 пайызға жетті.",
            "Инфляция достигла 18,40 процента.",
            "Инфляция 19,2 пайызға жетті.",
            ("kk", "ru"),
            96,
            "Инфляция достигла 19,20 процента.",
        ),
        (
            "Үкімет отырысында биыл жаңа заң жобасы мақұлданды.",
            "This year the government approved a new bill.",
            "Биыл Үкімет отырысында жаңа заң жобасы мақұлданды.",
            ("kk", "en"),
            85,
            "This year the government approved a new bill.",
        ),
    ],
)
def test_formatting_numbers_and_moves_through_the_index(
    tmp_path: Path,
    source: str,
    target: str,
    query: str,
    langs: tuple[str, str],
    score: int,
    suggestion: str,
) -> None:
    src_lang, tgt_lang = langs
    memory = TranslationMemory.create(
        tmp_path / "tm",
        [Unit(src_lang, tgt_lang, source, target), Unit(src_lang, tgt_lang, "Басқа.", "Other.")],
        user="test",
    )
    (match, *_) = lookup(memory, query, src_lang, tgt_lang)
    assert (match.score, match.target, match.tm_target) == (score, suggestion, target)
