"""The languages the workbench knows, in one registry.

Everything that differs by language (abbreviations for the sentence splitter, the letters
that tell Kazakh from Russian) lives in a `Language` record here, so that other modules look
it up instead of branching on a code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tm.errors import LanguageError


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    # Lower-case, without the final period, as NLTK's Punkt expects them ("т.б" for "т.б.").
    # Punkt never ends a sentence after one of them.
    abbreviations: frozenset[str]
    # Abbreviations that close a list or stand for a name, and so may also end a sentence
    # ("т.б.", "и т.д.", "etc.", "США."): a sentence ends after one exactly when a capitalised
    # word follows. Written as in running text, with their periods; their last word is in
    # `abbreviations` too, so that before a lower-case word or a number nothing splits.
    sentence_final: tuple[str, ...] = ()


def _abbrevs(text: str) -> frozenset[str]:
    return frozenset(word.rstrip(".").lower() for word in text.split())


_CYRILLIC_INITIALS = (
    "а ә б в г ғ д е ё ж з и й к қ л м н ң о ө п р с т у ұ ү ф х һ ц ч ш щ ы і э ю я"
)
_LATIN_INITIALS = "a b c d e f g h i j k l m n o p q r s t u v w x y z"

KAZAKH = Language(
    code="kk",
    name="Kazakh",
    abbreviations=_abbrevs(
        # ж. (жыл, year), ғ. (ғасыр, century), т.б. / т.с.с. (etc.), млн / млрд (million /
        # billion), мыс. (for example), бет. (page); ҚР / БҰҰ (Republic of Kazakhstan / UN)
        # so that "Ол БҰҰ. мінберінде" does not split (see `sentence_final` for a capital).
        "ж. жж. ғ. ғғ. т.б. т.с.с. т.т. мыс. млн. млрд. трлн. мың. бет. б. р. ҚР. БҰҰ. АҚШ. "
        "ҚХР. РФ. ЕО. т. ш. км. м. см. кг. сағ. мин. тг. доллар. проф. акад. ғыл. "
        "ауд. көш. обл. қаң. ақп. нау. сәу. мам. мау. шіл. там. қыр. қаз. қар. жел. "
        + _CYRILLIC_INITIALS
        + " "
        + _LATIN_INITIALS
    ),
    # т.б. / т.с.с. / т.т. close a list. Acronyms and units of measure take no period of their
    # own, so a period after one before a capital is the sentence's. Not млн / млрд / мың:
    # "1,2 млрд. АҚШ доллары" goes on before a capital.
    sentence_final=(
        *("т.б.", "т.с.с.", "т.т."),
        *("ҚР.", "БҰҰ.", "АҚШ.", "ҚХР.", "РФ.", "ЕО."),
        *("км.", "кг.", "см.", "сағ.", "мин."),
    ),
)

RUSSIAN = Language(
    code="ru",
    name="Russian",
    abbreviations=_abbrevs(
        # ок. / прибл. (about) come before a number: "ок. 50 млн"; т.г. / с.г. are "this year".
        "г. гг. в. вв. т.е. т.д. т.п. т.к. т.н. др. пр. см. ср. напр. млн. млрд. трлн. тыс. "
        "ок. прибл. зам. шт. т.г. с.г. "
        "руб. долл. ул. пр-т. д. кв. обл. р-н. им. проф. акад. чл.-корр. гос. стр. рис. табл. "
        "янв. февр. апр. авг. сент. окт. нояб. дек. км. кг. мин. сек. ч. "
        "РФ. РК. США. ООН. ЕС. " + _CYRILLIC_INITIALS + " " + _LATIN_INITIALS
    ),
    # "и т.д." / "и т.п." / "и др." / "и пр." close a list; alone, "пр." is also "проспект" and
    # "др." may be "другой", which go on before a name. Acronyms and units as in Kazakh, but
    # not "см." ("смотри", which goes on before a capital) nor млн / млрд / тыс.
    sentence_final=(
        *("и т.д.", "и т.п.", "и др.", "и пр."),
        *("РФ.", "РК.", "США.", "ООН.", "ЕС."),
        *("км.", "кг.", "мин.", "сек."),
    ),
)

ENGLISH = Language(
    code="en",
    name="English",
    abbreviations=_abbrevs(
        "mr. mrs. ms. dr. prof. sr. jr. st. mt. gen. gov. sen. rep. pres. lt. col. sgt. "
        "jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. "
        "mon. tue. wed. thu. fri. sat. sun. "
        "a.m. p.m. u.s. u.k. u.n. e.u. e.g. i.e. etc. vs. approx. no. nos. vol. fig. "
        "inc. ltd. co. corp. dept. univ. est. " + _LATIN_INITIALS
    ),
    # "U.S." and "U.N." stay out: "the U.S. Senate" goes on before a capital as often as not.
    sentence_final=("etc.",),
)

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (KAZAKH, RUSSIAN, ENGLISH)}

# ISO 639-2/3 codes and names that people type for the same languages.
_ALIASES = {
    "kaz": "kk",
    "kazakh": "kk",
    "rus": "ru",
    "russian": "ru",
    "eng": "en",
    "english": "en",
}

# RFC 5646 in the shape translation tools use: a language (2-3 letters, or a 4-8 letter
# registered name such as "kazakh" that `_ALIASES` maps), an optional script (4 letters),
# an optional region (2 letters or 3 digits), then variants/extensions/private use, kept
# as written in lower case. "x-..." alone (private use) and TMX's "*all*" are not languages.
_SUBTAG = re.compile(r"^[A-Za-z0-9]{1,8}$")
_PRIMARY = re.compile(r"^[A-Za-z]{2,8}$")


@dataclass(frozen=True)
class LanguageTag:
    """A BCP-47 tag split into the parts matching looks at."""

    language: str  # "kk"
    script: str | None = None  # "Cyrl", "Latn"
    region: str | None = None  # "KZ", "419"
    rest: tuple[str, ...] = ()  # variants, extensions, private use, lower case

    def __str__(self) -> str:
        return "-".join(
            part for part in (self.language, self.script, self.region, *self.rest) if part
        )


def parse_tag(code: str, *, field: str = "language") -> LanguageTag:
    """A well-formed BCP-47 tag, leniently written ("kk_kz", "KK-cyrl", "kaz"), in its parts;
    raises `LanguageError` naming `field` for anything else."""
    # Remembered: every unit of a million-unit import passes its two tags through here.
    return _parse_tag(code, field)


@lru_cache(maxsize=4096)
def _parse_tag(code: str, field: str) -> LanguageTag:
    parts = code.strip().replace("_", "-").split("-")
    if not parts or not _PRIMARY.match(parts[0]) or not all(_SUBTAG.match(p) for p in parts):
        raise LanguageError(f"{code!r} is not a language tag (BCP-47, e.g. kk-KZ)", field=field)
    language = parts[0].lower()
    language = _ALIASES.get(language, language)
    if len(language) > 3:
        raise LanguageError(f"{code!r} is not a language tag (BCP-47, e.g. kk-KZ)", field=field)
    rest = parts[1:]
    script = region = None
    if rest and len(rest[0]) == 4 and rest[0].isalpha():
        script = rest.pop(0).title()
    if rest and (
        (len(rest[0]) == 2 and rest[0].isalpha()) or (len(rest[0]) == 3 and rest[0].isdigit())
    ):
        region = rest.pop(0).upper()
    return LanguageTag(language, script, region, tuple(p.lower() for p in rest))


def canonical_tag(code: str, *, field: str = "language") -> str:
    """The tag as the TM stores it: "kk_kz" -> "kk-KZ", "KK-cyrl" -> "kk-Cyrl", "kaz" -> "kk".

    Region and script are kept: en-US and en-GB, kk-Cyrl and kk-Latn are different
    languages for a translator; `tags_match` decides how strictly they are told apart."""
    return str(parse_tag(code, field=field))


def normalize_language(code: str, *, field: str = "language") -> str:
    """The primary language of a tag, the key of the language-specific features:
    "kk-KZ", "KK", "kaz" -> "kk"; "fr-CA" -> "fr" (generic features)."""
    return parse_tag(code, field=field).language


def tags_match(stored: str, wanted: str, *, exact: bool = False) -> bool:
    """Whether a unit in language `stored` answers a request for `wanted`.

    Exactly: the same canonical tag. Leniently (the default): the same language, and no
    subtag that says otherwise, so "kk" finds kk, kk-KZ and kk-Latn; "kk-Cyrl" finds kk,
    kk-KZ and kk-Cyrl-KZ but not kk-Latn; "en-GB" finds en but not en-US."""
    have, want = parse_tag(stored), parse_tag(wanted)
    if exact:
        return have == want
    return (
        have.language == want.language
        and (have.script is None or want.script is None or have.script == want.script)
        and (have.region is None or want.region is None or have.region == want.region)
    )


_PAIR_SEPARATORS = re.compile(r"\s*[:>/]\s*|\s+")


def pair_label(src_tag: str, tgt_tag: str) -> str:
    """A language pair as people write it: "kk-en" for plain languages, "kk-KZ:en-GB" once a
    tag has subtags (a hyphen alone would be ambiguous there)."""
    if "-" in src_tag or "-" in tgt_tag:
        return f"{src_tag}:{tgt_tag}"
    return f"{src_tag}-{tgt_tag}"


def parse_pair(text: str, *, field: str = "pair") -> tuple[str, str]:
    """The canonical tags of a pair written as "kk-en", "kk-KZ:en-GB", "kk>en-GB" or
    "kk en"; the inverse of `pair_label`."""
    parts = _PAIR_SEPARATORS.split(text.strip())
    if len(parts) == 1 and text.count("-") == 1:
        parts = text.strip().split("-")
    if len(parts) != 2 or not all(parts):
        raise LanguageError(
            f"{text!r} is not a language pair (kk-en, or kk-KZ:en-GB with subtags)", field=field
        )
    return canonical_tag(parts[0], field=field), canonical_tag(parts[1], field=field)


def get_language(code: str) -> Language:
    """The features for a tag's language; a language the workbench has no special
    knowledge of gets the generic ones (Punkt with no abbreviations)."""
    primary = normalize_language(code)
    known = LANGUAGES.get(primary)
    if known is not None:
        return known
    return Language(code=primary, name=primary, abbreviations=frozenset())
