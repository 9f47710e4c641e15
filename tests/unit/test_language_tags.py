"""Language tags as the TM keeps them: any well-formed BCP-47 tag, region and script kept,
matched leniently by default and exactly on request."""

from __future__ import annotations

import itertools
from pathlib import Path

import polars as pl
import pytest

from tm.errors import LanguageError
from tm.fuzzy import index_for
from tm.lang import (
    canonical_tag,
    get_language,
    normalize_language,
    pair_label,
    parse_pair,
    tags_match,
)
from tm.quality import check_pair
from tm.segment import segment_text
from tm.store import TranslationMemory
from tm.unit import Unit, language_is, pair_label_expr
from tm.workflow.browse import UnitQuery, find_units


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("kk", "kk"),
        ("kk_kz", "kk-KZ"),
        ("KK-cyrl-kz", "kk-Cyrl-KZ"),
        ("kk-latn", "kk-Latn"),
        ("kaz", "kk"),
        ("EN-us", "en-US"),
        ("es-419", "es-419"),
        ("fr-CA", "fr-CA"),
        ("ja-JP", "ja-JP"),
        ("zh-hant-TW", "zh-Hant-TW"),
        ("de-CH-1996", "de-CH-1996"),
        ("en-GB-x-Custom", "en-GB-x-custom"),
    ],
)
def test_tags_are_kept_with_region_and_script_in_canonical_case(
    written: str, canonical: str
) -> None:
    assert canonical_tag(written) == canonical


@pytest.mark.parametrize(
    ("stored", "wanted", "lenient", "exact"),
    [
        ("kk", "kk", True, True),
        ("kk-KZ", "kk", True, False),
        ("kk", "kk-KZ", True, False),
        ("kk-Latn", "kk", True, False),
        ("kk-Latn", "kk-Cyrl", False, False),
        ("kk-Cyrl-KZ", "kk-Cyrl", True, False),
        ("kk-KZ", "kk-Cyrl", True, False),
        ("en-US", "en-GB", False, False),
        ("en", "en-GB", True, False),
        ("en-GB", "en-GB", True, True),
        ("ru", "kk", False, False),
        ("es-419", "es-ES", False, False),
    ],
)
def test_tags_match_leniently_unless_exact(
    stored: str, wanted: str, lenient: bool, exact: bool
) -> None:
    assert tags_match(stored, wanted) is lenient
    assert tags_match(stored, wanted, exact=True) is exact


STORED = [
    "kk",
    "kk-KZ",
    "kk-Cyrl",
    "kk-Latn",
    "kk-Cyrl-KZ",
    "kk-Latn-KZ",
    "en",
    "en-US",
    "en-GB",
    "es-419",
    "ru-RU",
    "fr-CA",
    "kk-x-test",
]


@pytest.mark.parametrize("exact", [False, True])
def test_the_polars_filter_agrees_with_tags_match(exact: bool) -> None:
    frame = pl.DataFrame({"src_lang": STORED})
    for wanted in [*STORED, "kk-Cyrl", "en-GB", "es", "KK_kz"]:
        chosen = frame.filter(language_is("src_lang", wanted, exact=exact))["src_lang"].to_list()
        expected = [tag for tag in STORED if tags_match(tag, wanted, exact=exact)]
        assert chosen == expected, wanted


def test_languages_without_special_features_get_the_generic_ones() -> None:
    french = get_language("fr-CA")
    assert french.code == "fr"
    assert not french.abbreviations
    document = segment_text("Le projet avance. Les travaux finiront en mai.\n", "fr-CA")
    assert document.lang == "fr-CA"
    assert document.sentences == ("Le projet avance.", "Les travaux finiront en mai.")
    assert normalize_language("fr-CA") == "fr"
    # Generic QA still checks what needs no language knowledge: numbers.
    warnings = check_pair(
        "Le budget est de 120 millions.", "The budget is 150 million.", "fr", "en"
    )
    assert any(w.check == "numbers" for w in warnings)


def _units() -> list[Unit]:
    pairs = {
        ("kk-KZ", "en-GB"): ("Жоба мамыр айында аяқталады.", "The project will finish in May."),
        ("kk-Latn", "en-US"): ("Joba mamyr aiynda aiaqtalady.", "The project will be done in May."),
        ("fr-CA", "en-US"): ("Le projet finira en mai.", "The project will end in May."),
        ("en-US", "en-GB"): ("The color of the program.", "The colour of the programme."),
    }
    return [
        Unit(src, tgt, source, target, status="approved")
        for (src, tgt), (source, target) in pairs.items()
    ]


def test_the_tm_stores_tags_and_looks_them_up_leniently_or_exactly(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm")
    memory.add(_units(), user="u")
    stored = memory.live().select("src_lang", "tgt_lang").collect().rows()
    assert sorted(stored) == sorted(
        [("kk-KZ", "en-GB"), ("kk-Latn", "en-US"), ("fr-CA", "en-US"), ("en-US", "en-GB")]
    )
    index = index_for(memory)
    query = "Жоба мамыр айында аяқталады."
    assert [m.tgt_lang for m in index.lookup(query, "kk", "en")] == ["en-GB"]
    assert [m.src_lang for m in index.lookup(query, "kk-KZ", "en-GB", exact_langs=True)] == [
        "kk-KZ"
    ]
    assert index.lookup(query, "kk", "en", exact_langs=True) == []
    assert index.lookup(query, "kk", "en-US") == []
    # A language with no special features is stored and looked up like any other.
    french = index.lookup("Le projet finira en mai.", "fr", "en")
    assert [(m.score, m.src_lang) for m in french] == [(100, "fr-CA")]
    # Same language, two regions: a pair of its own.
    british = index.lookup("The color of the program.", "en-US", "en-GB")
    assert [m.target for m in british] == ["The colour of the programme."]


def test_the_same_tag_twice_is_not_a_pair(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm")
    with pytest.raises(Exception, match="both 'en-GB'"):
        memory.add([Unit("en_gb", "EN-GB", "colour", "colour")], user="u")


def test_every_known_pair_of_tags_round_trips_through_the_store(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm")
    tags = ["kk-KZ", "kk-Cyrl", "ru-RU", "en-GB"]
    memory.add(
        [
            Unit(src, tgt, f"{src} source", f"{tgt} target")
            for src, tgt in itertools.permutations(tags, 2)
        ],
        user="u",
    )
    for src, tgt in itertools.permutations(tags, 2):
        exact = (
            memory.live()
            .filter(
                language_is("src_lang", src, exact=True), language_is("tgt_lang", tgt, exact=True)
            )
            .collect()
        )
        assert exact["source"].to_list() == [f"{src} source"]


@pytest.mark.parametrize(
    ("src", "tgt", "label"),
    [("kk", "en", "kk-en"), ("kk-KZ", "en", "kk-KZ:en"), ("en-US", "en-GB", "en-US:en-GB")],
)
def test_pair_labels_read_back_as_their_tags(src: str, tgt: str, label: str) -> None:
    assert pair_label(src, tgt) == label
    assert parse_pair(label) == (src, tgt)
    frame = pl.DataFrame({"s": [src], "t": [tgt]})
    assert frame.select(pair_label_expr("s", "t"))["s"].to_list() == [label]


@pytest.mark.parametrize("written", ["kk-KZ>en-GB", "kk_KZ / en_GB", "kk-KZ en-GB"])
def test_pairs_may_be_written_several_ways(written: str) -> None:
    assert parse_pair(written) == ("kk-KZ", "en-GB")


@pytest.mark.parametrize("written", ["kk-KZ-en-GB", "kk", "kk:en:ru", ":en"])
def test_an_ambiguous_pair_is_refused_with_a_hint(written: str) -> None:
    with pytest.raises(LanguageError, match="kk-KZ:en-GB"):
        parse_pair(written)


def test_stats_and_the_memory_filter_use_the_same_pair_labels(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm")
    memory.add(_units(), user="u")
    labels = memory.stats().by_pair
    assert sorted(labels) == ["en-US:en-GB", "fr-CA:en-US", "kk-KZ:en-GB", "kk-Latn:en-US"]
    for label in labels:
        found = find_units(memory, UnitQuery(pair=label))
        assert found.height == 1
