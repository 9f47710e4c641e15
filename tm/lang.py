"""The languages the workbench knows, in one registry.

Everything that differs by language (abbreviations for the sentence splitter, the letters
that tell Kazakh from Russian) lives in a `Language` record here, so that other modules look
it up instead of branching on a code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

_TAG = re.compile(r"^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$")


def normalize_language(code: str, *, field: str = "language") -> str:
    """The registry code for a BCP-47 tag, matched leniently: "kk-KZ", "KK", "kaz" -> "kk"."""
    tag = code.strip()
    if not _TAG.match(tag):
        raise LanguageError(f"{code!r} is not a language code", field=field)
    primary = tag.replace("_", "-").split("-", 1)[0].lower()
    primary = _ALIASES.get(primary, primary)
    if primary not in LANGUAGES:
        known = ", ".join(sorted(LANGUAGES))
        raise LanguageError(f"unsupported language {code!r} (known: {known})", field=field)
    return primary


def get_language(code: str) -> Language:
    return LANGUAGES[normalize_language(code)]
