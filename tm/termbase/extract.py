"""Candidate term pairs mined from approved TM units, for a linguist to review and accept.

    extract_candidates(tm_frame, "kk", "en", termbase=index) -> (TermCandidate, ...)
    accept_candidates(termbase, chosen, user="aigerim") -> TermbaseChange

The method, a function per stage (`rank` runs them on (id, source, target) triples):

1. **Phrases** (`source_phrases`, `target_phrases`). A source is cut into runs of words
   at punctuation, numbers (and endings hyphened to them: 5 %-ға), stop words
   (`STOP_WORDS`: the closed-class words of `CLOSED_CLASS`, pronouns, postpositions,
   conjunctions, particles and numerals, and the commonest words of news copy), initials
   and words in another script; every run of 1-4 words is a candidate, unless it holds a
   name (a capitalised word inside a sentence, or an acronym) without beginning with one
   ("келген Эстония") or ends in a finite verb (`VERB_ENDINGS`). A target phrase is any
   run of 1-4 words that neither begins nor ends with a stop word (Ministry of Emergency
   Situations keeps its "of").
2. **Lexemes** (`lexemes`). The inflected forms of a source word go under one entry, by
   the morphology recognition uses (`tm.fuzzy.concordance`): a word that is another word
   seen followed by an ending chain is a form of it (Алматыда of Алматы), words reached
   from one base by ending chains are one lexeme (Үкіметтің, Үкіметке -> Үкімет;
   министрлігі -> министрлік). A Kazakh phrase is keyed by its words before the last as
   written and its last word's lexeme, since only the last word of a Kazakh noun phrase
   inflects (Ұлттық банкінің, Ұлттық банкке -> Ұлттық банк); a word before the last may
   be bare, plural, possessive or genitive only (not "одақтағы маңызды"). A phrase with a
   word whose lexeme is a stop word is none (менімен is a form of the pronoun мен). A
   target phrase is keyed by its words' stems (`tm.fuzzy.stem`): National Bank's and
   National Bank, Национального банка and Национальный банк are one.
3. **Not a whole term** (`_not_units`). Left out: a phrase seen only inside a longer one,
   in the same units (банк of Ұлттық банк); a name always followed by another (Алар of
   Алар Карис); two names seen apart more often than together, one of several words
   (Мемлекет басшысы + Қасым-Жомарт Тоқаев).
4. **Translation** (`best_translation`). Over the units (a source sentence the TM holds
   twice counts once), the target phrase with the best Dice coefficient, 2·both / (source
   units + target units), plus how well it fits (`_fit`): spelled like a name it
   translates (Иран -> Iran, not Azerbaijan of the same sentences), capitalised as the
   source is, as long in content words; among the phrases with at least `MIN_DICE_SHARE`
   of the best Dice. A translation that another phrase, not part of this one nor holding
   it, goes with much better (`_CLAIM_MARGIN`) is that phrase's, and the next best is
   taken (Kassym-Jomart is Қасым-Жомарт Тоқаев's, not Мемлекет басшысы's).
5. **Ranking** (`rank`). Kept: candidates whose translation is in at least `min_count`
   units with them and in at least `min_share` of the units holding them; scored by
   Dice × log2(1 + units together), doubled for a name, by 1.5 for a phrase of several
   words, by 0.6 for a single common word, so that names and frequent phrases come first.

Each candidate carries its evidence: how many units hold the source phrase, how many of
them its translation (the share), example unit ids and the forms seen on both sides, the
source shown in its dictionary form (a compound's head with its possessive: Мемлекет
басшысы), the translation in the form most seen (in Russian, one in the dictionary's case
where one is seen: `OBLIQUE_ENDINGS`). A Kazakh source is always words the approved
sources hold (of any pair): a lexeme the morphology cut too short to be a word (әле of
әлем, жасанды -> жасан) yields to the shortest form seen, and a candidate shown in an
inflected form scores less (`INFLECTED_FORM_WEIGHT`). Each candidate has a short id made
from its pair (`candidate_id`): the same in every listing, it is what `term extract
--accept` takes (`candidates_by_id`), since ranks shift as candidates are accepted.
`extract_candidates` leaves out what a termbase recognises already; `accept_candidates`
puts the chosen ones in a termbase, admitted unless told preferred. On the demo TM and
corpora/news (kk-en), 24 of the top 30 are terms with their right translation
(tests/data/term_extract_judgements.tsv; the method was tuned on the same pairs, so this
is optimistic).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

import polars as pl

from tm.errors import InputError
from tm.fuzzy.stem import stem
from tm.fuzzy.text import Token, tokenize
from tm.lang import normalize_language
from tm.termbase.model import Concept, Term
from tm.termbase.recognition import term_pattern
from tm.unit import language_is

if TYPE_CHECKING:
    from tm.store_terms import Termbase, TermbaseChange
    from tm.termbase.recognition import TermIndex

MAX_WORDS = 4
# A lemma the morphology alone finds has at least this many letters (a shorter root, ел,
# is found when the text has it on its own).
MIN_LEMMA = 3
DEFAULT_MIN_COUNT = 2
DEFAULT_MIN_SHARE = 0.5
DEFAULT_LIMIT = 50
# Target phrases with at least this share of the best Dice compete on fit (length,
# spelling, case) as well.
MIN_DICE_SHARE = 0.5
# Where an accepted candidate comes from (a term's `source`).
ORIGIN = "TM extraction"


def _listed(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Closed-class words, by language: pronouns (with their case forms), postpositions and
# prepositions, conjunctions, particles and numerals. With the commonest words of news copy
# they make `STOP_WORDS`: a candidate holds none of them, nor a word whose lexeme is one
# (менімен is a form of мен, "I"), and a translation neither begins nor ends with one.
CLOSED_CLASS: dict[str, frozenset[str]] = {
    "kk": _listed(
        """
        мен менің маған мені менде менен менімен сен сенің саған сені сенде сенен сенімен
        сіз сіздің сізге сізді сізде сізден сізбен сіздер сіздердің сіздерге сіздерді
        ол оның оған оны онда одан онымен олар олардың оларға оларды оларда олардан олармен
        біз біздің бізге бізді бізде бізден бізбен біздер
        өз өзі өзім өзің өзіміз өзіңіз өздері өзінің өзіне өзін өзінде өзінен өзімен
        өздерінің өздеріне өздерін
        бұл бұның мұның бұған мұны бұны бұдан мұнда мұндай осы осының осыған осыны осында
        осындай осылай сол соның соған соны сонда сондай солай сонымен мына мынау ана анау
        әне міне ондай мұнан
        кім кімнің кімге кімді не ненің неге нені қай қайда қайдан қашан қалай қанша неше
        қандай нешінші неліктен
        барлық барлығы бәрі бүкіл әр әрбір кейбір біреу ешкім ештеңе ешбір еш бірнеше
        бойынша туралы үшін арқылы дейін дейінгі шейін кейін кейінгі соң бұрын бері
        сияқты секілді сайын қарай қарсы бірге қоса басқа гөрі таман жуық тыс бойы
        бойында орай қарамастан көре ретінде жөнінде қатысты байланысты сәйкес арналған тарапынан
        арасында арасындағы аясында кезінде кезіндегі ішінде алдында артында үстінде
        астында жанында маңында тұсында
        және пен бен да де та те ал бірақ немесе әрі яғни сондай-ақ өйткені себебі
        сондықтан егер дегенмен алайда әйтпесе әлде болмаса ендеше
        ғана қана ба бе па пе ма ме ше ғой қой тек тіпті әсіресе әлі енді ақ тағы әрине
        емес жоқ бар иә
        бір екі үш төрт бес алты жеті сегіз тоғыз он жиырма отыз қырық елу алпыс жетпіс
        сексен тоқсан жүз мың миллион миллиард триллион бірінші екінші үшінші төртінші
        бесінші алтыншы жетінші сегізінші тоғызыншы оныншы жүзінші мыңыншы екеу үшеу
        төртеу бесеу алтау жетеу екеуі үшеуі
        """
    ),
    "en": _listed(
        """
        i me my mine myself you your yours yourself he him his himself she her hers herself
        it its itself we us our ours ourselves they them their theirs themselves this that
        these those who whom whose which what whatever whoever someone anyone everyone
        nobody something anything everything nothing
        of in on at to for with by from as into onto over under about above below across
        against along among around behind beside besides between beyond despite down during
        except inside near off out outside past per since through throughout toward towards
        until up upon via within without after before
        and or but nor yet so because although though if unless whether while whereas than
        then also not no too only just even either neither both
        the a an
        one two three four five six seven eight nine ten eleven twelve twenty thirty forty
        fifty hundred thousand million billion trillion first second third fourth fifth
        """
    ),
    "ru": _listed(
        """
        я меня мне мной ты тебя тебе тобой он его ему им нём него нему ним она её ее ей ней
        неё нее ею ней оно мы нас нам нами вы вас вам вами они их ими них ним ними себя себе
        собой мой моя моё мои наш наша наше наши ваш ваша ваше ваши свой своя своё свои своего
        своей своих это этот эта эти этого этой этом этих тот та те того той том тех весь
        вся всё все всего всех всем который которая которое которые которого которой
        которых каждый кто что чей где когда как
        в во на с со по к ко о об обо от до из за для при про без над под перед через у около
        между среди после вокруг против вместо кроме ради сквозь вдоль возле благодаря
        согласно
        и а но или либо да если хотя потому поэтому чем зато однако чтобы также тоже
        не ни бы же ли ведь вот лишь только даже уже ещё еще
        один одна одно два две три четыре пять шесть семь восемь девять десять сто тысяча
        тысяч миллион миллиона млн млрд первый второй третий
        """
    ),
}
# Besides them, the commonest words of news copy, which are never a term nor begin or end
# one: reporting verbs, time words, "be" and "have".
_NEWS_WORDS: dict[str, frozenset[str]] = {
    "kk": _listed(
        """
        өте ең қазір биыл кеше бүгін ертең жылы жылғы жыл ай күн сағат
        деді деп дейді айтты атап өтті болды болып болған болады болмақ керек
        қажет мүмкін тиіс еді екен екенін жатыр тұр отыр
        сонымен қатар т.б т.с.с млн млрд трлн км ж
        """
    ),
    "en": _listed(
        """
        is are was were be been being has have had do does did will would shall should can
        could may might must said says say according when where why how all some any each
        every other such own more most very mr mrs ms dr year years month months day days
        """
    ),
    "ru": _listed(
        """
        так как был была было были быть будет есть год года году лет месяц день словам
        сообщил сообщила заявил
        """
    ),
}
# What breaks a run of words: closed-class words and the commonest words of news copy.
STOP_WORDS: dict[str, frozenset[str]] = {
    lang: CLOSED_CLASS.get(lang, frozenset()) | _NEWS_WORDS.get(lang, frozenset())
    for lang in ("kk", "en", "ru")
}
# Endings that make a word a finite verb, by language, so that no phrase ends with one
# (Kazakh present-future 3rd person: хабарлайды, береді; the past -ды is also a case).
VERB_ENDINGS: dict[str, tuple[str, ...]] = {"kk": ("ады", "еді", "йды", "йді")}
# Endings of a word in another case than the dictionary's, by language: a translation is
# shown in a form without them where one is seen (Эстония, not Эстонии).
OBLIQUE_ENDINGS: dict[str, tuple[str, ...]] = {
    "ru": tuple(
        _listed("ого его ому ему ыми ими ами ями ой ей ом ем ам ям ах ях ов ев ую юю и ы е у ю")
    ),
}
# Where a translation keeps a name's capitals: every content word (English titles:
# National Bank, Ministry of Emergency Situations), else the first word (Национальный банк).
_EVERY_WORD_CAPITALISED = frozenset({"en"})
# The 3rd person possessive a compound's head takes (Мемлекет басшысы, Эстония Президенті).
_KK_POSSESSED_3 = ("сы", "сі", "ы", "і")
_KK_VOWELS = frozenset("аәеёиоөұүыіэюяу")
_DEVOICED = {"б": "п", "г": "к", "ғ": "қ"}
# What a Kazakh word before the last of a phrase may carry after its lexeme: nothing, the
# plural, the 3rd person possessive, both, or the genitive.
_KK_BEFORE_LAST = frozenset(
    {"", "лар", "лер", "дар", "дер", "тар", "тер", *_KK_POSSESSED_3}
    | {plural + poss for plural in ("лар", "дар", "тар") for poss in ("ы",)}
    | {plural + poss for plural in ("лер", "дер", "тер") for poss in ("і",)}
    | {"ның", "нің", "дың", "дің", "тың", "тің", "ының", "інің", "сының", "сінің"}
)
# Marks after which a capital letter says nothing: a sentence, a quotation, a turn begins.
_OPENING_MARKS = frozenset('.!?…«"“„-–—:;(')
# Kazakh and Russian letters in Latin, to compare a name with its translation's spelling.
_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
        **dict(zip("әғқңөұүһі", "agqnouuhi", strict=True)),
        "ё": "yo",
        "ж": "zh",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sch",
        "ю": "yu",
        "я": "ya",
        "ъ": "",
        "ь": "",
    }
)


# A candidate's id: hex digits of a hash of its languages, source and translation.
ID_LENGTH = 8
_ID = re.compile(f"[0-9a-f]{{{ID_LENGTH}}}")


def candidate_id(src_lang: str, source: str, tgt_lang: str, target: str) -> str:
    """The short id of a candidate pair, made from what it says (so the same pair has the
    same id in every listing, whatever was accepted or approved since)."""
    digest = hashlib.blake2b(digest_size=ID_LENGTH // 2)
    for part in (src_lang, source, tgt_lang, target):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class TermCandidate:
    """A candidate term pair and the evidence for it.

    `source` is the phrase in its dictionary form (its last word's lexeme), `target` its
    translation as most often written. `count` source sentences hold the phrase,
    `together` of them the translation too (`share` = together / count), `target_count`
    the translation in all; `dice` = 2·together / (count + target_count). `forms` are the
    source forms seen, `target_forms` the translation's, `examples` ids of units holding
    both. `named`: the phrase is a name (capitalised inside a sentence, or an acronym)."""

    source: str
    target: str
    src_lang: str
    tgt_lang: str
    count: int
    together: int
    target_count: int
    dice: float
    score: float
    named: bool
    forms: tuple[str, ...]
    target_forms: tuple[str, ...]
    examples: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.together / self.count if self.count else 0.0

    @property
    def candidate_id(self) -> str:
        """Its id (`candidate_id`): what `term extract --accept` takes."""
        return candidate_id(self.src_lang, self.source, self.tgt_lang, self.target)

    def as_dict(self) -> dict[str, object]:
        """The candidate as `term extract --format json` prints it."""
        return {
            "id": self.candidate_id,
            "source": self.source,
            "target": self.target,
            "count": self.count,
            "together": self.together,
            "share": round(self.share, 3),
            "dice": round(self.dice, 3),
            "score": round(self.score, 3),
            "named": self.named,
            "forms": list(self.forms),
            "target_forms": list(self.target_forms),
            "examples": list(self.examples),
        }


# --- stage 1: phrases ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phrase:
    """A run of words in a segment, and for each word whether it is capitalised as a name is:
    inside a sentence, or an acronym (True), in lower case (False), or capitalised where a
    sentence begins (None: it does not tell)."""

    words: tuple[str, ...]
    capitals: tuple[bool | None, ...]
    # The next word is a name too (the phrase may be a name cut short: Алар of Алар Карис).
    before_name: bool = False

    @property
    def named(self) -> bool:
        return any(capital is True for capital in self.capitals)


def _letters(text: str) -> list[str]:
    return [char for char in text if char.isalpha()]


def _runs(tokens: Sequence[Token], stop: frozenset[str], cyrillic: bool) -> Iterator[list[int]]:
    """Indices of the runs of word tokens between punctuation, numbers, stop words, one-letter
    words (initials), endings hyphened to a number (5 %-ға) and, when `cyrillic`, words in
    another script."""
    run: list[int] = []
    for index, token in enumerate(tokens):
        letters = _letters(token.text)
        previous = tokens[index - 1] if index else None
        usable = (
            token.kind == "word"
            and len(letters) > 1
            and not (previous is not None and previous.text == "-" and previous.end == token.start)
            and token.text.lower().strip(".") not in stop
            and (not cyrillic or any("\u0400" <= char <= "\u04ff" for char in letters))
        )
        if usable:
            run.append(index)
            continue
        if run:
            yield run
        run = []
    if run:
        yield run


def _capital(tokens: Sequence[Token], index: int) -> bool | None:
    text = tokens[index].text
    letters = _letters(text)
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return True  # an acronym: ЖІӨ, БҰҰ (or a word of a heading in capitals)
    if not text[:1].isupper():
        return False
    previous = tokens[index - 1] if index else None
    if previous is None or (previous.kind == "mark" and previous.text in _OPENING_MARKS):
        return None
    return True


def _phrases(
    text: str, stop: frozenset[str], *, cyrillic: bool, trim: frozenset[str], max_words: int
) -> list[Phrase]:
    tokens = tokenize(text)
    capitals = [_capital(tokens, index) for index in range(len(tokens))]
    found = []
    for run in _runs(tokens, stop, cyrillic):
        for first in range(len(run)):
            if tokens[run[first]].text.lower() in trim:
                continue
            for size in range(1, min(max_words, len(run) - first) + 1):
                indices = run[first : first + size]
                if tokens[indices[-1]].text.lower() in trim:
                    continue
                after = indices[-1] + 1
                found.append(
                    Phrase(
                        tuple(tokens[index].text for index in indices),
                        tuple(capitals[index] for index in indices),
                        after < len(tokens)
                        and tokens[after].kind == "word"
                        and capitals[after] is True,
                    )
                )
    return found


def source_phrases(text: str, lang: str, *, max_words: int = MAX_WORDS) -> list[Phrase]:
    """The candidate phrases of a source segment: every run of 1-`max_words` words of its
    script between punctuation, numbers and stop words; one holding a name begins with it."""
    stop = STOP_WORDS.get(lang, frozenset())
    cyrillic = lang in ("kk", "ru")
    verbs = VERB_ENDINGS.get(lang, ())
    return [
        phrase
        for phrase in _phrases(text, stop, cyrillic=cyrillic, trim=frozenset(), max_words=max_words)
        if not (phrase.named and phrase.capitals[0] is False)
        and not phrase.words[-1].lower().endswith(verbs)
    ]


def target_phrases(text: str, lang: str, *, max_words: int = MAX_WORDS) -> list[Phrase]:
    """The candidate translations in a target segment: every run of 1-`max_words` words
    without a number or punctuation that does not begin or end with a stop word (one inside
    is kept: Ministry of Emergency Situations)."""
    stop = STOP_WORDS.get(lang, frozenset())
    return _phrases(text, frozenset(), cyrillic=False, trim=stop, max_words=max_words)


def target_key(words: Sequence[str], lang: str) -> tuple[str, ...]:
    """What groups a translation's forms: the stems of its words."""
    return tuple(stem(word, lang) for word in words)


# --- stage 2: lexemes ----------------------------------------------------------------------


def _has_vowel(text: str) -> bool:
    return any(char in _KK_VOWELS for char in text)


@lru_cache(maxsize=1 << 16)
def _is_form(word: str, base: str, lang: str) -> bool:
    """Whether the lower-case `word` is `base` followed by an ending chain of `lang`, as
    recognition reads a one-word term."""
    pattern = term_pattern(base, lang)
    return len(pattern) == 1 and pattern[0].matches(word)


def _bases_at(prefix: str) -> list[str]:
    """The dictionary forms a word beginning with `prefix` may have: with a final voiced
    stop made voiceless first (министрліг- -> министрлік, кітаб- -> кітап), then the prefix
    itself. (A dropped high vowel is not put back: халқы stays халқ, since putting one back
    reads президенті as президеніт + і.)"""
    if prefix[-1] in _DEVOICED:
        return [prefix[:-1] + _DEVOICED[prefix[-1]], prefix]
    return [prefix]


@lru_cache(maxsize=1 << 16)
def model_lemma(word: str, lang: str) -> str:
    """The dictionary form of a lower-case word by the morphology alone: the base (of at
    least `MIN_LEMMA` letters) from which an ending chain leads to it, tried from the
    stemmer's stem on (longer, then shorter); the word itself if none."""
    guess = max(MIN_LEMMA, len(stem(word, lang)))
    sizes = [guess, *range(guess + 1, len(word)), *range(guess - 1, MIN_LEMMA - 1, -1)]
    for size in sizes:
        prefix = word[:size]
        if not prefix or size >= len(word):
            continue
        if not (_has_vowel(prefix) or word[size:].startswith("-")):
            continue
        for base in _bases_at(prefix):
            if _is_form(word, base, lang):
                return base
    return word


def _possessive_only(word: str, base: str) -> bool:
    """Whether `word` is `base` with only a 3rd person possessive (Алматы read as алмат + ы,
    Президенті as президент + і): a name is as likely, so the word is kept as it is."""
    return word.startswith(base) and word[len(base) :] in _KK_POSSESSED_3


def lexemes(words: Iterable[str], lang: str) -> dict[str, str]:
    """Each lower-case word's lexeme name, from the words of a text (repeated as they occur).

    Words that are forms of one another (Алматы, Алматыда) or share a `model_lemma`
    (Үкіметтің, Үкіметке) are one lexeme. It is named by whichever of its words and their
    lemmas the most occurrences are forms of, the lemma before a word among equals unless
    the word only adds a possessive to it (a name is as likely: Алматы is not алмат + ы)."""
    counts = Counter(words)
    seen = sorted(counts, key=lambda word: (len(word), word))
    parent = {word: word for word in seen}

    def root(word: str) -> str:
        while parent[word] != word:
            parent[word] = parent[parent[word]]
            word = parent[word]
        return word

    def union(one: str, other: str) -> None:
        first, second = sorted((root(one), root(other)), key=lambda w: (len(w), w))
        if first != second:
            parent[second] = first

    lemmas = {word: model_lemma(word, lang) for word in seen}
    by_lemma: dict[str, str] = {}
    for word in seen:
        if lemmas[word] in by_lemma:
            union(word, by_lemma[lemmas[word]])
        else:
            by_lemma[lemmas[word]] = word
        for size in range(2, len(word)):
            if word[:size] in parent and _is_form(word, word[:size], lang):
                union(word, word[:size])
    groups: dict[str, list[str]] = defaultdict(list)
    for word in seen:
        groups[root(word)].append(word)
    names: dict[str, str] = {}
    for group in groups.values():
        name = _lexeme_name(group, counts, lemmas, lang)
        for word in group:
            names[word] = name
    return names


def _lexeme_name(
    group: Sequence[str], counts: Mapping[str, int], lemmas: Mapping[str, str], lang: str
) -> str:
    def covered(name: str) -> int:
        return sum(counts[word] for word in group if word == name or _is_form(word, name, lang))

    def preference(name: str) -> tuple[int, bool, int, str]:
        # Among equals: a lemma before a word seen, then the shorter.
        return (-covered(name), name in counts, len(name), name)

    options = dict.fromkeys([*group, *(lemmas[word] for word in group)])
    ranked = sorted(options, key=preference)
    best = ranked[0]
    # A lemma that only takes a possessive off a word seen alone yields to the word.
    for word in group:
        if lemmas[word] == best and _possessive_only(word, best) and covered(word) == covered(best):
            return word
    return best


# --- stage 3: the translation ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Translation:
    """A target phrase's co-occurrence with a source phrase, and how well it fits it."""

    key: tuple[str, ...]
    together: int
    target_count: int
    dice: float
    fit: float = 0.0


def dice(together: int, source: int, target: int) -> float:
    """Dice's coefficient of two phrases held by `source` and `target` units, `together`
    of them both."""
    return 2 * together / (source + target) if source + target else 0.0


def best_translation(
    source_units: Collection[int],
    target_units: Mapping[tuple[str, ...], Collection[int]],
    unit_targets: Sequence[Collection[tuple[str, ...]]],
    fit: Callable[[tuple[str, ...]], float] | None = None,
    blocked: Callable[[Translation], bool] | None = None,
) -> Translation | None:
    """The target phrase that goes best with a source phrase held by `source_units`: the
    highest Dice over units plus `fit` (how well it fits the source otherwise), among the
    phrases with at least `MIN_DICE_SHARE` of the best Dice and not `blocked` (then the
    more units, the key)."""
    together: Counter[tuple[str, ...]] = Counter()
    for unit in source_units:
        together.update(unit_targets[unit])
    scored = [
        Translation(
            key, both, len(target_units[key]), dice(both, len(source_units), len(target_units[key]))
        )
        for key, both in together.items()
    ]
    if blocked is not None:
        scored = [item for item in scored if not blocked(item)]
    if not scored:
        return None
    top = max(item.dice for item in scored)
    near = [item for item in scored if item.dice >= top * MIN_DICE_SHARE]
    if fit is not None:
        near = [replace(item, fit=fit(item.key)) for item in near]
    return min(near, key=lambda item: (-(item.dice + item.fit), -item.together, item.key))


def _latin(text: str) -> str:
    return "".join(_letters(text.lower().translate(_LATIN)))


def likeness(source: str, target: str) -> float:
    """How alike two names are spelled, 0-1, Cyrillic read in Latin letters when the other
    is Latin (Тоқаев, Tokayev: 0.83)."""
    if any("a" <= char <= "z" for char in target.lower()):
        first, second = _latin(source), _latin(target)
    else:
        first, second = "".join(_letters(source.lower())), "".join(_letters(target.lower()))
    if not first or not second:
        return 0.0
    return SequenceMatcher(None, first, second, autojunk=False).ratio()


def _content_size(words: Sequence[str], stop: frozenset[str]) -> int:
    """Words that carry content, a hyphenated word counting as its parts (Премьер-министр,
    Prime Minister: two each)."""
    return sum(len(word.split("-")) for word in words if word.lower() not in stop)


def _name_cased(phrase: Phrase, lang: str, stop: frozenset[str]) -> bool:
    """Whether a translation is capitalised as a name's is in `lang`."""
    content = [
        capital
        for word, capital in zip(phrase.words, phrase.capitals, strict=True)
        if word.lower() not in stop
    ]
    if lang in _EVERY_WORD_CAPITALISED:
        return bool(content) and all(capital is not False for capital in content)
    return phrase.capitals[0] is not False


# --- stage 4: ranking --------------------------------------------------------------------


@dataclass
class _Seen:
    """What the units say of one phrase."""

    units: set[int] = field(default_factory=set)
    forms: Counter[tuple[str, ...]] = field(default_factory=Counter)
    named: int = 0  # occurrences capitalised as a name
    plain: int = 0  # occurrences in lower case
    cut: int = 0  # occurrences followed by a name

    def add(self, position: int, phrase: Phrase, *, named: bool) -> None:
        self.units.add(position)
        self.forms[phrase.words] += 1
        self.cut += phrase.before_name
        if named:
            self.named += 1
        elif all(capital is False for capital in phrase.capitals):
            self.plain += 1

    @property
    def is_named(self) -> bool:
        return self.named > 0 and self.named >= self.plain

    def shown(self, lang: str | None = None) -> tuple[str, ...]:
        """The form to show: see `_plain_first`."""
        return _plain_first(self.forms, lang)[0]


def _plain_first(forms: Counter[tuple[str, ...]], lang: str | None = None) -> list[tuple[str, ...]]:
    """Forms, those not all in capitals (a dateline's АСТАНА) first; in a language that
    tells a dictionary form by its endings (`OBLIQUE_ENDINGS`), those with fewer words in
    another case first, then the shorter; then the more often seen, the shorter."""
    oblique = OBLIQUE_ENDINGS.get(lang or "", ())

    def order(words: tuple[str, ...]) -> tuple[bool, int, int, int, int, tuple[str, ...]]:
        size = len(" ".join(words))
        cases = sum(word.lower().endswith(oblique) for word in words) if oblique else 0
        return (
            all(word.isupper() for word in words),
            cases,
            size if oblique else 0,
            -forms[words],
            size,
            words,
        )

    return sorted(forms, key=order)


def _kk_display(
    forms: Counter[tuple[str, ...]], lexeme: str, words: Collection[str]
) -> tuple[str, bool]:
    """A Kazakh phrase's dictionary form: its words before the last as most often written;
    the last as its lexeme, with the 3rd person possessive a compound's head takes when
    most forms of a phrase of several words have it (Мемлекет басшысы, not Мемлекет
    басшы), capitalised as it is most often written. The last word is always one the
    texts hold (`words`, lower case): a lexeme the morphology cut too short (әле of әлем,
    жасан of жасанды) yields to the shortest form seen. Also returns whether the form shown
    is the dictionary form (not an inflected one the texts hold instead)."""
    common = _plain_first(forms)[0]
    options = [lexeme]
    if len(common) > 1:
        possessed: Counter[str] = Counter()
        for words_seen, number in forms.items():
            last = words_seen[-1].lower()
            if last[: len(lexeme) - 1] != lexeme[:-1]:
                continue  # the lexeme is not this form's beginning (voiced: министрліг-і)
            for marker in _KK_POSSESSED_3:
                after_vowel = len(marker) == 2
                if last[len(lexeme) :].startswith(marker) and after_vowel == (
                    lexeme[-1] in _KK_VOWELS
                ):
                    possessed[last[: len(lexeme) + len(marker)]] += number
                    break
        if sum(possessed.values()) * 2 > sum(forms.values()):
            options.insert(0, possessed.most_common(1)[0][0])
    last_words: Counter[str] = Counter()
    for words_seen, number in forms.items():
        last_words[words_seen[-1].lower()] += number
    dictionary = len(options)
    options += sorted(last_words, key=lambda word: (len(word), -last_words[word], word))
    found = next(
        number
        for number, option in enumerate(options)
        if option in words or (number >= dictionary and option in last_words)
    )
    shown = options[found]
    written = common[-1]
    if written.lower().startswith(shown):
        shown = written[: len(shown)]  # capitals as written: Үкімет, БҰҰ
    elif written[:1].isupper():
        shown = shown[:1].upper() + shown[1:]
    return " ".join((*common[:-1], shown)), found < dictionary


def _before_last_ok(word: str, lexeme: str) -> bool:
    """Whether a Kazakh word may stand before the last word of a noun phrase: bare, plural,
    possessive or genitive (Төтенше жағдайлар министрлігі, Қазақстанның Ұлттық банкі)."""
    if not word.startswith(lexeme):
        return True  # a voiced base (министрлігі): a compound's possessive head
    return word[len(lexeme) :] in _KK_BEFORE_LAST


def _sub_keys(key: tuple[str, ...], names: Mapping[str, str]) -> Iterator[tuple[str, ...]]:
    """The keys of the phrases inside a phrase's key: a word that ends one but not the
    phrase stands as its lexeme (`names`; a target's key is its own)."""
    size = len(key)
    for start in range(size):
        for end in range(start + 1, size + 1):
            if end - start < size:
                last = key[end - 1] if end == size else names.get(key[end - 1], key[end - 1])
                yield (*key[start : end - 1], last)


def _not_units(
    frequent: Mapping[tuple[str, ...], _Seen], names: Mapping[str, str]
) -> set[tuple[str, ...]]:
    """The phrases that are not a term's whole: a part seen only inside one longer phrase,
    in the same units (банк of Ұлттық банк); a name always followed by another (Алар of
    Алар Карис); two names seen apart more often than together, one of several words
    (Мемлекет басшысы + Қасым-Жомарт Тоқаев)."""
    dropped = set()
    for key, seen in frequent.items():
        for part in _sub_keys(key, names):
            other = frequent.get(part)
            if other is not None and other.units == seen.units:
                dropped.add(part)
        if seen.is_named and seen.cut == seen.forms.total():
            dropped.add(key)
        for split in range(1, len(key)):
            left = (*key[: split - 1], names.get(key[split - 1], key[split - 1]))
            right = key[split:]
            halves = [frequent.get(left), frequent.get(right)]
            if max(len(left), len(right)) > 1 and all(
                half is not None and half.is_named and len(half.units) > len(seen.units)
                for half in halves
            ):
                dropped.add(key)
    return dropped


@dataclass(frozen=True, slots=True)
class PairText:
    """A unit as extraction reads it: an id, a source and its translation."""

    key: str
    source: str
    target: str


@dataclass
class _Tallies:
    """The phrases of a set of pairs: source phrases by key with the lexemes that key
    them, target phrases by key, and each pair's target keys."""

    sources: dict[tuple[str, ...], _Seen]
    names: dict[str, str]
    targets: dict[tuple[str, ...], _Seen]
    unit_targets: list[set[tuple[str, ...]]]

    def target_units(self) -> dict[tuple[str, ...], set[int]]:
        return {key: seen.units for key, seen in self.targets.items()}


def _tallies(pairs: Sequence[PairText], src_lang: str, tgt_lang: str) -> _Tallies:
    source_lists = [source_phrases(pair.source, src_lang) for pair in pairs]
    # The words as they occur: each is a one-word phrase once (but a verb, which is none;
    # it stands for itself where it is in a longer phrase).
    names = lexemes(
        (
            phrase.words[0].lower()
            for phrases in source_lists
            for phrase in phrases
            if len(phrase.words) == 1
        ),
        src_lang,
    )
    stop = STOP_WORDS.get(src_lang, frozenset())
    sources: dict[tuple[str, ...], _Seen] = defaultdict(_Seen)
    for position, phrases in enumerate(source_lists):
        for phrase in phrases:
            lowered = [word.lower() for word in phrase.words]
            if any(names.get(word, word) in stop for word in lowered):
                continue  # a form of a pronoun, a numeral... (менімен: мен; жылдары: жыл)
            if src_lang == "kk" and not all(
                _before_last_ok(word, names.get(word, word)) for word in lowered[:-1]
            ):
                continue
            key = (*lowered[:-1], names[lowered[-1]])
            sources[key].add(position, phrase, named=phrase.named)
    tgt_stop = STOP_WORDS.get(tgt_lang, frozenset())
    targets: dict[tuple[str, ...], _Seen] = defaultdict(_Seen)
    unit_targets: list[set[tuple[str, ...]]] = []
    for position, pair in enumerate(pairs):
        keys = set()
        for phrase in target_phrases(pair.target, tgt_lang):
            key = target_key(phrase.words, tgt_lang)
            keys.add(key)
            targets[key].add(position, phrase, named=_name_cased(phrase, tgt_lang, tgt_stop))
        unit_targets.append(keys)
    return _Tallies(dict(sources), names, dict(targets), unit_targets)


def _fit(
    source: str, named: bool, target: _Seen, src_stop: frozenset[str], tgt_stop: frozenset[str]
) -> float:
    """How well a translation fits a source phrase besides co-occurring with it: spelled
    like it (a name), capitalised like it, as long in content words."""
    words = target.shown()
    spelled = likeness(source, " ".join(words)) ** 2 if named else 0.0
    cased = (target.named > target.plain) == named
    size = abs(_content_size(words, tgt_stop) - _content_size(source.split(), src_stop))
    return spelled + 0.3 * cased - 0.15 * size


# A translation that goes with another source phrase this much better (in Dice) is that
# phrase's, not this one's (Kassym-Jomart is Қасым-Жомарт Тоқаев's, not Мемлекет басшысы's).
_CLAIM_MARGIN = 0.2


def _translations(
    keys: Iterable[tuple[str, ...]],
    tallies: _Tallies,
    shown: Mapping[tuple[str, ...], str],
    src_lang: str,
    tgt_lang: str,
) -> dict[tuple[str, ...], Translation]:
    """Each source phrase's translation, in two rounds: the best for each, then again for
    those whose translation (or a translation containing it) another phrase, not part of
    this one nor holding it, claims with a much better Dice."""
    src_stop = STOP_WORDS.get(src_lang, frozenset())
    tgt_stop = STOP_WORDS.get(tgt_lang, frozenset())
    target_units = tallies.target_units()

    def choose(
        key: tuple[str, ...], blocked: Callable[[Translation], bool] | None = None
    ) -> Translation | None:
        seen = tallies.sources[key]
        return best_translation(
            seen.units,
            target_units,
            tallies.unit_targets,
            lambda target: _fit(
                shown[key], seen.is_named, tallies.targets[target], src_stop, tgt_stop
            ),
            blocked,
        )

    chosen = {key: found for key in keys if (found := choose(key)) is not None}
    claims: dict[tuple[str, ...], list[tuple[float, tuple[str, ...]]]] = defaultdict(list)
    for key, found in chosen.items():
        for part in (found.key, *_sub_keys(found.key, {})):
            claims[part].append((found.dice, key))

    def related(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
        return one in set(_sub_keys(other, tallies.names)) or other in set(
            _sub_keys(one, tallies.names)
        )

    for key, found in list(chosen.items()):

        def claimed(item: Translation, key: tuple[str, ...] = key) -> bool:
            return any(
                dice_there >= item.dice + _CLAIM_MARGIN and not related(key, there)
                for dice_there, there in claims.get(item.key, ())
            )

        if claimed(found):
            again = choose(key, claimed)
            if again is None:
                del chosen[key]
            else:
                chosen[key] = again
    return chosen


# What a candidate's score is multiplied by when its source is shown in an inflected form,
# since the texts never hold its dictionary form (the morphology's was not a word seen).
INFLECTED_FORM_WEIGHT = 0.5


def _score(dice: float, together: int, named: bool, words: int, *, inflected: bool) -> float:
    """Association times evidence, names first, then phrases, then single common words;
    less for a source shown inflected."""
    kind = 2.0 if named else 1.0 if words > 1 else 0.6
    size = 1.5 if words > 1 else 1.0
    form = INFLECTED_FORM_WEIGHT if inflected else 1.0
    return dice * math.log2(1 + together) * kind * size * form


def source_words(sources: Iterable[str]) -> frozenset[str]:
    """The words of source texts, in lower case: what a candidate's source may be."""
    return frozenset(
        token.text.lower() for text in sources for token in tokenize(text) if token.kind == "word"
    )


def rank(
    units: Sequence[PairText],
    src_lang: str,
    tgt_lang: str,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    min_share: float = DEFAULT_MIN_SHARE,
    words: Collection[str] = frozenset(),
) -> list[TermCandidate]:
    """Every candidate term pair of the units (primary languages: "kk", "en"), best first:
    the kernel of `extract_candidates`. A source sentence held by several units counts once.
    A Kazakh source is shown as a word of the units' sources or of `words` (lower case:
    the words of other texts in the language, `source_words`)."""
    distinct: dict[str, PairText] = {}
    for unit in units:
        distinct.setdefault(" ".join(unit.source.split()).casefold(), unit)
    pairs = list(distinct.values())
    tallies = _tallies(pairs, src_lang, tgt_lang)
    frequent = {key: seen for key, seen in tallies.sources.items() if len(seen.units) >= min_count}
    dropped = _not_units(frequent, tallies.names)
    known = source_words(pair.source for pair in pairs) | frozenset(words)
    displays = {
        key: _kk_display(seen.forms, key[-1], known)
        if src_lang == "kk"
        else (" ".join(seen.shown()), True)
        for key, seen in frequent.items()
        if key not in dropped
    }
    shown = {key: text for key, (text, _) in displays.items()}
    chosen = _translations(shown, tallies, shown, src_lang, tgt_lang)
    candidates = []
    for key, best in chosen.items():
        seen, target = frequent[key], tallies.targets[best.key]
        if best.together < min_count or best.together < min_share * len(seen.units):
            continue
        both = sorted(seen.units & target.units)
        candidates.append(
            TermCandidate(
                source=shown[key],
                target=" ".join(target.shown(tgt_lang)),
                src_lang=src_lang,
                tgt_lang=tgt_lang,
                count=len(seen.units),
                together=best.together,
                target_count=best.target_count,
                dice=best.dice,
                score=_score(
                    best.dice,
                    best.together,
                    seen.is_named,
                    len(key),
                    inflected=not displays[key][1],
                ),
                named=seen.is_named,
                forms=tuple(" ".join(words) for words in _plain_first(seen.forms)),
                target_forms=tuple(
                    " ".join(words) for words in _plain_first(target.forms, tgt_lang)
                ),
                examples=tuple(pairs[index].key for index in both[:5]),
            )
        )
    candidates.sort(key=lambda c: (-c.score, -c.together, c.source, c.target))
    return candidates


# --- the adapter: a TM frame in, candidates out ----------------------------------------------


def _known(index: TermIndex, candidate: TermCandidate) -> bool:
    from tm.termbase.recognition import recognise

    for form in (candidate.source, *candidate.forms[:3]):
        hits = recognise(index, form, candidate.src_lang, candidate.tgt_lang)
        if any(hit.start == 0 and hit.end == len(form) for hit in hits):
            return True
    return False


def extract_candidates(
    units: pl.DataFrame,
    src_lang: str,
    tgt_lang: str,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    min_share: float = DEFAULT_MIN_SHARE,
    limit: int | None = DEFAULT_LIMIT,
    statuses: Collection[str] | None = ("approved",),
    termbase: TermIndex | None = None,
) -> tuple[TermCandidate, ...]:
    """Candidate term pairs from the units of a TM frame (unit_id, source, target,
    src_lang, tgt_lang and status columns) in the language pair asked for (leniently: kk
    finds kk-KZ), of the given statuses (approved ones by default; None: all), best first,
    at most `limit` (None: all). Those whose source phrase the `termbase` index recognises
    already are left out."""
    if min_count < 1:
        raise InputError("min_count must be at least 1", field="min_count")
    if limit is not None and limit < 0:
        raise InputError("limit must not be negative", field="limit")
    src, tgt = (
        normalize_language(src_lang, field="src_lang"),
        normalize_language(tgt_lang, field="tgt_lang"),
    )
    in_source_language = language_is("src_lang", src_lang)
    if statuses is not None:
        in_source_language = in_source_language & pl.col("status").is_in(list(statuses))
    wanted = in_source_language & language_is("tgt_lang", tgt_lang)
    # Sources of other pairs (kk-ru for kk-en) hold words too: a dictionary form seen there.
    others = units.filter(in_source_language & ~language_is("tgt_lang", tgt_lang))
    rows = [
        PairText(str(unit_id), source, target)
        for unit_id, source, target in units.filter(wanted)
        .select("unit_id", "source", "target")
        .iter_rows()
        if source and target
    ]
    found: Iterable[TermCandidate] = rank(
        rows,
        src,
        tgt,
        min_count=min_count,
        min_share=min_share,
        words=source_words(others["source"].drop_nulls().unique().to_list()),
    )
    if termbase is not None:
        found = (candidate for candidate in found if not _known(termbase, candidate))
    chosen: list[TermCandidate] = []
    for candidate in found:
        if limit is not None and len(chosen) >= limit:
            break
        chosen.append(candidate)
    return tuple(chosen)


def candidates_by_id(
    candidates: Sequence[TermCandidate], ids: Iterable[str]
) -> tuple[TermCandidate, ...]:
    """The candidates of the ids given (as listed: `TermCandidate.candidate_id`), in the
    order given, each once. An `InputError` names an id that is not one, or that no
    candidate has now (it was accepted since, or the approved units changed)."""
    by_id: dict[str, TermCandidate | None] = {}
    for candidate in candidates:
        key = candidate.candidate_id
        by_id[key] = None if key in by_id else candidate  # two with one id: ambiguous
    chosen: dict[str, TermCandidate] = {}
    for given in ids:
        wanted = given.strip().lower()
        if not _ID.fullmatch(wanted):
            raise InputError(
                f"{given.strip()!r} is not a candidate id (the {ID_LENGTH} characters in "
                "brackets in the listing; ranks are not taken, since they shift as candidates "
                "are accepted)",
                field="accept",
            )
        if wanted not in by_id:
            raise InputError(
                f"no candidate {wanted} now: it was accepted already, or the approved units "
                "changed since it was listed (list the candidates again)",
                field="accept",
            )
        found = by_id[wanted]
        if found is None:
            raise InputError(
                f"two candidates have the id {wanted}: accept them on the Termbase page",
                field="accept",
            )
        chosen.setdefault(wanted, found)
    return tuple(chosen.values())


def candidate_concept(candidate: TermCandidate, *, status: str = "admitted") -> Concept:
    """The termbase entry a candidate makes: the source phrase and its translation, both
    with `status`, noting where they come from and on what evidence."""
    note = (
        f"{candidate.together} of {candidate.count} units "
        f"(Dice {candidate.dice:.2f}); forms: {', '.join(candidate.forms[:5])}"
    )
    return Concept(
        (
            Term(candidate.src_lang, candidate.source, status=status, source=ORIGIN),
            Term(candidate.tgt_lang, candidate.target, status=status, source=ORIGIN, note=note),
        )
    )


def accept_candidates(
    termbase: Termbase,
    candidates: Iterable[TermCandidate],
    *,
    user: str,
    status: str = "admitted",
) -> TermbaseChange:
    """Put the chosen candidates in the termbase in one commit (merged into an entry that
    holds the source term already), their terms `status` (admitted unless told preferred)."""
    if status not in ("preferred", "admitted"):
        raise InputError(
            f"an accepted candidate is preferred or admitted, not {status!r}", field="status"
        )
    concepts = [candidate_concept(candidate, status=status) for candidate in candidates]
    return termbase.add(concepts, user=user, operation="extract")


__all__ = [
    "CLOSED_CLASS",
    "DEFAULT_LIMIT",
    "DEFAULT_MIN_COUNT",
    "DEFAULT_MIN_SHARE",
    "ID_LENGTH",
    "INFLECTED_FORM_WEIGHT",
    "STOP_WORDS",
    "Phrase",
    "TermCandidate",
    "Translation",
    "accept_candidates",
    "best_translation",
    "candidate_concept",
    "candidate_id",
    "candidates_by_id",
    "extract_candidates",
    "lexemes",
    "model_lemma",
    "rank",
    "source_phrases",
    "source_words",
    "target_key",
    "target_phrases",
]
