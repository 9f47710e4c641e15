"""Document alignment: which article in one language is the same story as which in another.

    match_documents(kk_articles, en_articles, src_lang="kk", tgt_lang="en")
        -> (DocumentMatch("kk/0412.txt", "en/0977.txt", 0.71, Evidence(...)), ...)

An agency's archive holds each story in Kazakh and, often but not always, in English or
Russian; nothing but the text says which files are one story. The method is that of the
WMT 2016 document-alignment task (Buck & Koehn: weighted overlap, then a one-to-one
assignment), with anchors that survive translation in place of machine translation:

1. **Anchors.** Each article becomes a set of keys the same story has in any language,
   one family of keys per entry of `ANCHOR_FAMILIES`: the values of its numbers in every
   spelling (`tm.quality.numbers`: "4,8 %" and "4.8%", "13,2 трлн" and "13.2
   trillion"), and its names as a consonant skeleton that a Cyrillic name and its Latin
   transliteration share (`name_keys`: Тоқаев, Токаев, Tokayev -> "tkv"; Алматы,
   Алматыда, Almaty -> "almt"). A name is a capitalised word that does not open a
   sentence, or any capitalised word of the title. Title words count through these keys
   and weigh `title_boost` times more.
2. **Weights.** A key weighs its family's weight times its inverse document frequency in
   the archive at hand: a year or "Astana" says little, "2 413" or "Mukhtaruly" a lot.
3. **Blocking.** A dated source is compared with the targets published within
   `window_days` of it (a date index), never with the whole archive. An undated source
   is compared with the `key_candidates` targets that share the most weight of its rarer
   keys (an inverted index over keys that at most `max_postings` targets have); undated
   targets reach a dated source the same way.
4. **Score.** The cosine of the two weighted key sets, times a date factor
   (`date_factor`: same day, one or two days apart; `undated_factor` when a date is
   missing). A factor and not a bonus: on a busy day every story is a candidate for every
   other, and a bonus would lift them all over the threshold alike.
5. **Assignment.** One to one, greedily by score (scipy's Hungarian solver is not a
   dependency of the project), keeping only pairs scoring at least `threshold`, so that
   a story the archive has in one language only stays unmatched.

Cost, for S sources and T targets of at most K keys each, c targets per date window (the
daily volume times 2 * window_days + 1) and P = S * c candidate pairs: features
O((S + T) K), scoring O(P K), assignment O(P log P); memory O((S + T) K + P). A dated
archive of 10k x 10k stories at ~10 a day scores ~50 candidates per source, not 10k
(bench/docmatch.py: 9.6k x 9.3k synthetic documents, 31 candidates per source, ~12 s of
one core). An undated source costs K * max_postings index look-ups and key_candidates
cosines.

The family weights are set, not fitted (the IDF weighs the keys); the threshold and the
title boost were fitted on the tune half of corpora/news. `bench/docmatch.py` reports
precision and recall on the test half and on synthetic archives; `--tune` shows the fit.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from tm.align import skeleton
from tm.errors import InputError
from tm.formats.article import parse_article
from tm.quality.numbers import find_numbers

__all__ = [
    "ANCHOR_FAMILIES",
    "DEFAULT_SETTINGS",
    "Anchor",
    "AnchorFamily",
    "ArticleText",
    "Candidate",
    "DocumentMatch",
    "Evidence",
    "MatchScores",
    "MatchSettings",
    "anchor_keys",
    "match_documents",
    "name_keys",
    "score_candidates",
    "score_matches",
]


@dataclass(frozen=True)
class ArticleText:
    """One article of an archive: the name the caller knows it by (a path) and its text.

    The text is laid out as `tm.formats.article` reads it: an optional first line
    `date YYYY-MM-DD <title>`, then one paragraph a line.
    """

    name: str
    text: str


@dataclass(frozen=True)
class Anchor:
    """One key both articles have, as each of them writes it."""

    family: str  # a key of ANCHOR_FAMILIES
    source: str
    target: str
    in_titles: bool  # in both titles
    share: float  # its part of the content score


@dataclass(frozen=True)
class Evidence:
    """Why two articles were matched: their dates and the anchors they share."""

    date_gap: int | None  # target date minus source date, in days; None without a date
    date_factor: float
    content: float  # cosine of the weighted anchor sets, in [0, 1]
    shared: int  # how many anchor keys the two articles share
    anchors: tuple[Anchor, ...]  # the heaviest shared anchors, heaviest first


@dataclass(frozen=True)
class DocumentMatch:
    """Two articles found to be the same story; `score` = content x date factor."""

    source_name: str
    target_name: str
    score: float
    evidence: Evidence


@dataclass(frozen=True)
class Candidate:
    """A pair of articles the blocking let through, matched or not."""

    source_name: str
    target_name: str
    score: float
    content: float
    date_gap: int | None


@dataclass(frozen=True)
class MatchSettings:
    """The knobs of `match_documents`; see the module's docstring for what each one does."""

    # Targets published this many days before or after a source are its candidates.
    window_days: int = 2
    # The factor of a date gap of 0, 1, 2... days (the last one serves larger gaps). Set,
    # not fitted: no story of the tune half has editions published on different days.
    date_factor: tuple[float, ...] = (1.0, 0.9, 0.8)
    # The factor when either article has no date: nothing known, nothing taken off.
    undated_factor: float = 1.0
    # A pair scoring below this stays unmatched. Fitted on the tune half of corpora/news:
    # the geometric middle of the gap between its lowest true pair (0.29) and its highest
    # wrong candidate (0.15), over kk-en and kk-ru with dates, without and all on one day.
    threshold: float = 0.21
    # Family name -> weight; a family left out or weighted 0 is not used.
    family_weights: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"numbers": 1.0, "names": 1.0})
    )
    # How many times more a key found in the title weighs. Fitted on the tune half: x1
    # separated it best of x1, x2 and x3 (a title's names and numbers are in the body too).
    title_boost: float = 1.0
    # Undated articles: only keys that at most this many targets have find candidates,
    # and of those targets the `key_candidates` with the most key weight in common.
    max_postings: int = 50
    key_candidates: int = 50
    # How many anchors an Evidence lists.
    max_anchors: int = 12

    def factor(self, gap: int | None) -> float | None:
        """The date factor of a gap in days; None outside the window (not a candidate)."""
        if gap is None:
            return self.undated_factor
        if abs(gap) > self.window_days:
            return None
        factors = self.date_factor or (1.0,)
        return factors[min(abs(gap), len(factors) - 1)]


DEFAULT_SETTINGS = MatchSettings()


# --- anchors ---------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+")
_SENTENCE_END_RE = re.compile(r"[.!?…]")
# Kazakh қ before a consonant, which English often spells "kh" after Russian (Қазақстан).
_KAZAKH_Q_RE = re.compile(r"қ(?=[^аәеиоөуұүыіэюя])")
# The skeleton's first letters only, so that case endings (Алматыда, Токаева) do not count.
_NAME_KEY_LENGTH = 4
_MIN_NAME_LETTERS = 4


def name_keys(word: str) -> frozenset[str]:
    """The keys a name has in any script: Тоқаев, Токаев and Tokayev share "tkv".

    Built on `skeleton` (tm.align), with two spellings English takes from Russian rather
    than Kazakh: an initial Е is "Ye" (Ерасыл, Yerassyl), and Kazakh қ before a consonant
    is often "kh" (Қазақстан, Kazakhstan), so such words have that reading's key as well.
    A word whose skeleton is under three letters has no key: too many words share it.
    """
    variants = {word}
    if word[:1] in ("Е", "е"):
        variants.add("Й" + word)
    lower = word.lower()
    if "қ" in lower:
        variants.add(_KAZAKH_Q_RE.sub("х", lower))
    keys = set()
    for variant in variants:
        skel = skeleton(variant)
        if len(skel) >= 3:
            keys.add(skel[:_NAME_KEY_LENGTH])
    return frozenset(keys)


AnchorKeys = Callable[[str, str, bool], Iterable[tuple[str, str]]]
"""(text, language, whether the text is a title) -> (key, the words that gave it)."""


@dataclass(frozen=True)
class AnchorFamily:
    """One kind of evidence: the prefix its keys carry and how to find them in a text."""

    prefix: str
    keys: AnchorKeys


def _number_anchors(text: str, lang: str, title: bool) -> Iterator[tuple[str, str]]:
    for mention in find_numbers(text, lang):
        for value in mention.values:
            yield f"N:{value}", mention.text


def _name_anchors(text: str, lang: str, title: bool) -> Iterator[tuple[str, str]]:
    previous_end = -1
    for match in _WORD_RE.finditer(text):
        word = match[0]
        opens_sentence = previous_end < 0 or bool(
            _SENTENCE_END_RE.search(text, previous_end, match.start())
        )
        previous_end = match.end()
        # A capital that opens a sentence says nothing, unless the word is in capitals
        # throughout (a dateline's city); in a title every capitalised word counts.
        if (
            len(word) >= _MIN_NAME_LETTERS
            and word[0].isupper()
            and (title or not opens_sentence or word.isupper())
        ):
            for key in name_keys(word):
                yield f"T:{key}", word


ANCHOR_FAMILIES: Mapping[str, AnchorFamily] = MappingProxyType(
    {
        "numbers": AnchorFamily("N", _number_anchors),
        "names": AnchorFamily("T", _name_anchors),
    }
)
_FAMILY_BY_PREFIX: Mapping[str, str] = MappingProxyType(
    {family.prefix: name for name, family in ANCHOR_FAMILIES.items()}
)


def anchor_keys(text: str, lang: str, family: str, *, title: bool = False) -> frozenset[str]:
    """The keys one family finds in a text ("N:4.8", "T:tkv"): to test and to debug."""
    return frozenset(key for key, _ in ANCHOR_FAMILIES[family].keys(text, lang, title))


# --- features of one article -----------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    """What one article says: its date and, for each anchor key, its weight and words."""

    date: dt.date | None
    weights: dict[str, float]  # the family's weight, times title_boost in the title
    words: dict[str, str]  # the words that first gave the key
    title_keys: set[str]


def _read(article: ArticleText, lang: str, settings: MatchSettings) -> _Read:
    parsed = parse_article(article.text, source=article.name)
    parts = [(parsed.title, True)] if parsed.title else []
    parts.extend((paragraph, False) for paragraph in parsed.paragraphs)
    read = _Read(parsed.date, {}, {}, set())
    for family, weight in settings.family_weights.items():
        if weight <= 0:
            continue
        for text, is_title in parts:
            boosted = weight * settings.title_boost if is_title else weight
            for key, words in ANCHOR_FAMILIES[family].keys(text, lang, is_title):
                read.weights[key] = max(read.weights.get(key, 0.0), boosted)
                read.words.setdefault(key, words)
                if is_title:
                    read.title_keys.add(key)
    return read


@dataclass(frozen=True, slots=True)
class _Doc:
    """What scoring keeps of an article: its date and its weighted anchor keys."""

    date: dt.date | None
    weights: Mapping[str, float]  # before `_weighted`, without IDF; after, with it
    norm: float = 0.0


def _doc(article: ArticleText, lang: str, settings: MatchSettings) -> _Doc:
    read = _read(article, lang, settings)
    return _Doc(read.date, MappingProxyType(read.weights))


def _idf(documents: Iterable[_Doc]) -> dict[str, float]:
    counts: dict[str, int] = defaultdict(int)
    total = 0
    for doc in documents:
        total += 1
        for key in doc.weights:
            counts[key] += 1
    # ln((N + 1) / df): a key every article has weighs next to nothing.
    return {key: math.log((total + 1) / count) for key, count in counts.items()}


def _weighted(doc: _Doc, idf: Mapping[str, float]) -> _Doc:
    weights = {key: weight * idf[key] for key, weight in doc.weights.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return _Doc(doc.date, MappingProxyType(weights), norm)


def _cosine(a: _Doc, b: _Doc) -> float:
    if not a.norm or not b.norm:
        return 0.0
    small, large = (a, b) if len(a.weights) <= len(b.weights) else (b, a)
    dot = sum(w * large.weights[k] for k, w in small.weights.items() if k in large.weights)
    return dot / (a.norm * b.norm)


# --- blocking --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Blocks:
    """Where a source's candidates are: targets by day, and targets by rare key."""

    by_day: Mapping[int, tuple[int, ...]]
    by_key: Mapping[str, tuple[int, ...]]
    has_undated: bool


def _blocks(targets: Sequence[_Doc], max_postings: int) -> _Blocks:
    by_day: dict[int, list[int]] = defaultdict(list)
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, doc in enumerate(targets):
        if doc.date is not None:
            by_day[doc.date.toordinal()].append(index)
        for key in doc.weights:
            by_key[key].append(index)
    return _Blocks(
        by_day=MappingProxyType({day: tuple(found) for day, found in by_day.items()}),
        by_key=MappingProxyType(
            {key: tuple(found) for key, found in by_key.items() if len(found) <= max_postings}
        ),
        has_undated=any(doc.date is None for doc in targets),
    )


def _by_keys(
    source: _Doc, targets: Sequence[_Doc], blocks: _Blocks, limit: int, undated_only: bool
) -> set[int]:
    """The `limit` targets with the most rare-key weight in common with `source`."""
    votes: dict[int, float] = defaultdict(float)
    for key, weight in source.weights.items():
        for index in blocks.by_key.get(key, ()):
            if not undated_only or targets[index].date is None:
                votes[index] += weight * targets[index].weights[key]
    best = sorted(votes.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return {index for index, _ in best}


def _candidates(
    source: _Doc, targets: Sequence[_Doc], blocks: _Blocks, settings: MatchSettings
) -> list[int]:
    """The targets worth scoring against `source`, in index order."""
    limit = settings.key_candidates
    if source.date is None:
        return sorted(_by_keys(source, targets, blocks, limit, undated_only=False))
    day = source.date.toordinal()
    window = settings.window_days
    found = {
        index
        for other in range(day - window, day + window + 1)
        for index in blocks.by_day.get(other, ())
    }
    if blocks.has_undated:
        found |= _by_keys(source, targets, blocks, limit, undated_only=True)
    return sorted(found)


# --- scoring and assignment ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Scored:
    score: float
    content: float
    factor: float
    gap: int | None
    source: int
    target: int


@dataclass(frozen=True)
class _Scoring:
    sources: tuple[_Doc, ...]
    targets: tuple[_Doc, ...]
    pairs: tuple[_Scored, ...]


def _check(
    sources: Sequence[ArticleText], targets: Sequence[ArticleText], settings: MatchSettings
) -> None:
    for side, articles in (("source", sources), ("target", targets)):
        seen: set[str] = set()
        for article in articles:
            if article.name in seen:
                raise InputError(f"two {side} articles are named {article.name!r}")
            seen.add(article.name)
    unknown = sorted(set(settings.family_weights) - set(ANCHOR_FAMILIES))
    if unknown:
        raise InputError(f"unknown anchor families: {', '.join(unknown)}")


def _score(
    sources: Sequence[ArticleText],
    targets: Sequence[ArticleText],
    src_lang: str,
    tgt_lang: str,
    settings: MatchSettings,
) -> _Scoring:
    _check(sources, targets, settings)
    s_docs = [_doc(article, src_lang, settings) for article in sources]
    t_docs = [_doc(article, tgt_lang, settings) for article in targets]
    idf = _idf(itertools.chain(s_docs, t_docs))
    s_docs = [_weighted(doc, idf) for doc in s_docs]
    t_docs = [_weighted(doc, idf) for doc in t_docs]
    blocks = _blocks(t_docs, settings.max_postings)
    pairs: list[_Scored] = []
    for i, source in enumerate(s_docs):
        for j in _candidates(source, t_docs, blocks, settings):
            date = t_docs[j].date
            gap = None if source.date is None or date is None else (date - source.date).days
            factor = settings.factor(gap)
            if factor is None:
                continue
            content = _cosine(source, t_docs[j])
            pairs.append(_Scored(content * factor, content, factor, gap, i, j))
    return _Scoring(tuple(s_docs), tuple(t_docs), tuple(pairs))


def _assign(pairs: Iterable[_Scored], threshold: float) -> list[_Scored]:
    """One to one, best score first; a tie goes to the earlier source, then target."""
    taken_s: set[int] = set()
    taken_t: set[int] = set()
    chosen: list[_Scored] = []
    for pair in sorted(pairs, key=lambda p: (-p.score, p.source, p.target)):
        if pair.score < threshold:
            break
        if pair.source in taken_s or pair.target in taken_t:
            continue
        taken_s.add(pair.source)
        taken_t.add(pair.target)
        chosen.append(pair)
    return chosen


def _evidence(
    pair: _Scored,
    scoring: _Scoring,
    articles: tuple[ArticleText, ArticleText],
    langs: tuple[str, str],
    settings: MatchSettings,
) -> Evidence:
    source, target = scoring.sources[pair.source], scoring.targets[pair.target]
    shared = source.weights.keys() & target.weights.keys()
    norms = source.norm * target.norm or 1.0
    ranked = sorted(
        ((source.weights[key] * target.weights[key] / norms, key) for key in shared),
        key=lambda item: (-item[0], item[1]),
    )
    # The words are read again for the matched pairs only, rather than kept for all.
    s_read = _read(articles[0], langs[0], settings)
    t_read = _read(articles[1], langs[1], settings)
    anchors = tuple(
        Anchor(
            family=_FAMILY_BY_PREFIX[key.split(":", 1)[0]],
            source=s_read.words[key],
            target=t_read.words[key],
            in_titles=key in s_read.title_keys and key in t_read.title_keys,
            share=share,
        )
        for share, key in ranked[: settings.max_anchors]
    )
    return Evidence(pair.gap, pair.factor, pair.content, len(shared), anchors)


def score_candidates(
    sources: Sequence[ArticleText],
    targets: Sequence[ArticleText],
    *,
    src_lang: str,
    tgt_lang: str,
    settings: MatchSettings = DEFAULT_SETTINGS,
) -> tuple[Candidate, ...]:
    """Every pair the blocking lets through, scored: what `match_documents` chooses from
    (to fit a threshold, or to show a person the runners-up)."""
    scoring = _score(sources, targets, src_lang, tgt_lang, settings)
    return tuple(
        Candidate(sources[p.source].name, targets[p.target].name, p.score, p.content, p.gap)
        for p in scoring.pairs
    )


def match_documents(
    sources: Sequence[ArticleText],
    targets: Sequence[ArticleText],
    *,
    src_lang: str,
    tgt_lang: str,
    settings: MatchSettings = DEFAULT_SETTINGS,
) -> tuple[DocumentMatch, ...]:
    """The pairs of articles that tell the same story, best first: each article in one
    pair at most, an article with no counterpart in none.

    Raises `InputError` when two articles of one side share a name or a family is
    unknown, `FormatError` when an article's date line has an impossible date.
    """
    scoring = _score(sources, targets, src_lang, tgt_lang, settings)
    return tuple(
        DocumentMatch(
            source_name=sources[pair.source].name,
            target_name=targets[pair.target].name,
            score=pair.score,
            evidence=_evidence(
                pair,
                scoring,
                (sources[pair.source], targets[pair.target]),
                (src_lang, tgt_lang),
                settings,
            ),
        )
        for pair in _assign(scoring.pairs, settings.threshold)
    )


# --- measuring against a known truth ----------------------------------------------------


@dataclass(frozen=True)
class MatchScores:
    """Found pairs against the true ones."""

    found: int
    expected: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_matches(found: Iterable[DocumentMatch], truth: Iterable[tuple[str, str]]) -> MatchScores:
    """Precision and recall of found pairs against the true (source, target) name pairs."""
    pairs = {(match.source_name, match.target_name) for match in found}
    true = set(truth)
    return MatchScores(found=len(pairs), expected=len(true), correct=len(pairs & true))
