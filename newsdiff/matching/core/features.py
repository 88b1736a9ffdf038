"""What a paragraph says beyond its embedding: terms, names, numbers and resolved times.

Computed per *article* because two of the signals need the article around the paragraph:
- a term's weight in a pair depends on how often it occurs in the two articles (``df``): "NATO"
  in every paragraph of both is the topic, "Istanbul" in one paragraph of each is an event;
- a paragraph with no time expression of its own inherits the previous paragraph's ("Back in
  December last year, Moscow asked..." / "The West, however, has rejected the demands").

Keeping the weights local to the two articles (no corpus-wide IDF) makes a pair's score
independent of the rest of the corpus, which is what lets incremental matching give exactly
the result of a rebuild. Plain Python: no Django imports.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newsdiff.matching.core.params import FINE_DAYS, IMPLICIT_DAYS, RECENT_DAYS
from newsdiff.matching.core.timex import Anchor, Period, day, resolve
from newsdiff.text.names import SPELLINGS
from newsdiff.text.patterns import LOWER_WORD, SENTENCE_START, WORD, numbers_in
from newsdiff.text.words import NEWS_STOPWORDS, ROLES, normalise


def term(word: str) -> str:
    """A word as the matcher compares it: normalised, one spelling of a name, naive singular;
    enough to match "talks" and "talk's", "Kyiv" and "Kiev"."""
    w = normalise(word)
    w = SPELLINGS.get(w, w)
    if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w


@dataclass(frozen=True)
class Features:
    terms: frozenset[str]  # content words and adjacent content-word pairs
    entities: frozenset[str]  # capitalised names and acronyms (normalised tokens)
    phrases: frozenset[str]  # runs of names ("boris johnson"), for labels
    numbers: frozenset[str]  # quantities of 10 or more, not years
    periods: tuple[Period, ...]  # resolved from the paragraph's own words
    # When the paragraph happened: its own periods ("stated"), else the previous paragraph's
    # ("inherited"), else the week before publication ("implicit": news reports the news).
    context: tuple[Period, ...]
    when: str  # "stated", "inherited", "implicit" or "" (no date at all)
    previous: int | None  # the body paragraph before this one
    headline: bool = False  # the article's headline, not a paragraph of its body
    # term -> as written, for evidence: a stored analysis reads it only when asked (``analyses``).
    surface: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ArticleInput:
    id: int
    outlet: str
    published: dt.date | None
    paragraphs: Sequence[tuple[int, str]]  # (paragraph id, text) of the body, in order
    headline: int | None = None  # which of them is the headline above the body, if one is
    # The day its dateline gives ("MINSK, 18 January (BelTA) -"), kept apart from the text it
    # opens: the lead reports that day's news.
    dateline: dt.date | None = None


@dataclass
class ArticleFeatures:
    id: int
    outlet: str
    published: dt.date | None
    # Read-only: a bounding read (``analyses.analysed``, ``wanted``) holds only some paragraphs.
    paragraphs: Mapping[int, Features]
    # In how many body paragraphs of the article each term/entity occurs: a stored analysis
    # holds those of the paragraphs read so far, so it is read for a read paragraph's terms.
    df: Counter[str]
    # Every name and quantity of the body, for the article context (``context.py``): read from
    # a stored analysis without decoding each paragraph.
    names: frozenset[str]
    numbers: frozenset[str]
    # It only recalls the past (``looks_back``): its publication date says nothing of what it
    # reports, so being published the same week as another article is no sign of one event.
    recalls: bool = False


def _tokens(text: str) -> list[tuple[str, bool, bool]]:
    """(word, capitalised, at sentence start) for each word of ``text``."""
    out = []
    for m in WORD.finditer(text):
        word = m.group()
        start = bool(SENTENCE_START.search(text[max(0, m.start() - 3) : m.start()]))
        out.append((word, word[0].isupper(), start or m.start() == 0))
    return out


def paragraph_features(
    text: str,
) -> tuple[set[str], set[str], set[str], set[str], dict[str, str]]:
    """(terms, names, full names, numbers, surface forms) of one paragraph.

    Names are single capitalised words and acronyms (so "Johnson" matches "Boris Johnson's");
    runs of names ("boris johnson") are kept apart, for the labels. Terms are the other
    content words and pairs of adjacent ones ("security guarantee", "peace deal").
    """
    terms: set[str] = set()
    entities: set[str] = set()
    phrases: set[str] = set()
    surface: dict[str, str] = {}
    lower_words = {w.lower() for w in LOWER_WORD.findall(text)}
    run: list[str] = []  # the current run of names, or of plain content words

    def close() -> None:
        run.clear()

    kind = ""
    for word, capital, start in _tokens(text):
        norm = term(word)
        if norm in NEWS_STOPWORDS or (len(norm) < 3 and not word.isupper()):
            close()
            continue
        shown = word[:-2] if word.endswith(("’s", "'s")) else word
        surface.setdefault(norm, shown)
        # A capitalised word is a name unless it only starts a sentence and is otherwise a
        # common word of the same paragraph ("Officials said ..." vs "officials"). Titles
        # ("Foreign Minister") are words, not names: every diplomat has one.
        is_name = (
            capital
            and norm not in ROLES
            and (not start or word.isupper() or word.lower() not in lower_words)
        )
        if is_name:
            entities.add(norm)
        else:
            terms.add(norm)
        new_kind = "name" if is_name else "word"
        if run and kind == new_kind:
            pair = f"{run[-1]} {norm}"
            # A run of names is one name ("Boris Johnson"): for labels, not counted twice.
            (phrases if is_name else terms).add(pair)
            surface.setdefault(pair, f"{surface[run[-1]]} {shown}")
        else:
            close()
        kind = new_kind
        run.append(norm)
    quantities = set()
    for value in numbers_in(text):
        number = float(value)
        if number >= 10 and not (1900 <= number <= 2100 and "." not in value):
            quantities.add(value)
    return terms, entities, phrases, quantities, surface


def looks_back(resolved: Sequence[tuple[Period, ...]], publication: Period) -> bool:
    """Does the article only recall the past? It states precise dates, and none of them falls
    within ``RECENT_DAYS`` of its publication ("Istanbul deal was within reach in 2022", published
    in 2024). Its undated paragraphs then tell of that past, not of the week it was published:
    they get no date at all rather than the publication's."""
    fine = [p for periods in resolved for p in periods if p.days <= FINE_DAYS]
    recent = Period(publication.end - dt.timedelta(days=RECENT_DAYS), publication.end)
    return bool(fine) and not any(p.overlaps(recent) for p in fine)


Read = tuple[
    tuple[Period, ...],
    frozenset[str],
    frozenset[str],
    frozenset[str],
    frozenset[str],
    dict[str, str],
]


@functools.lru_cache(maxsize=4096)
def _read(text: str, published: dt.date | None, anchors: tuple[Anchor, ...]) -> Read:
    """A paragraph's periods (``resolve``) and ``paragraph_features``, kept for the next copy of
    the same paragraph: a story reprinted by many outlets repeats most of its paragraphs word
    for word. Both depend on the text, the publication date and the anchors alone."""
    terms, entities, phrases, numbers, surface = paragraph_features(text)
    periods = tuple(resolve(text, published, anchors))
    return (
        periods,
        frozenset(terms),
        frozenset(entities),
        frozenset(phrases),
        frozenset(numbers),
        surface,
    )


def analyse_article(article: ArticleInput, anchors: Iterable[Anchor] = ()) -> ArticleFeatures:
    anchors = tuple(anchors)
    result: dict[int, Features] = {}
    df: Counter[str] = Counter()
    previous: tuple[Period, ...] = ()
    previous_id: int | None = None
    implicit = (
        Period(
            article.published - dt.timedelta(days=IMPLICIT_DAYS),
            article.published,
            "around publication",
        )
        if article.published
        else None
    )
    own: set[str] = set()
    own_phrase: set[str] = set()
    if article.outlet:
        _, own, own_phrase, _, _ = paragraph_features(article.outlet)
    read = [_read(text, article.published, anchors) for _, text in article.paragraphs]
    resolved = [r[0] for r in read]
    body = [i for i, (pid, _) in enumerate(article.paragraphs) if pid != article.headline]
    lead = body[0] if body else None
    if article.dateline is not None and lead is not None:
        # "in 2023" said in passing (the year a press conference looks back on) must not date
        # the lead: the day it was filed does, as when the dateline was part of its text.
        resolved[lead] = (*resolved[lead], day(article.dateline))
    recalls = implicit is not None and looks_back(resolved, implicit)
    if recalls:
        implicit = None
    for (pid, _), periods, (_, terms, entities, phrases, numbers, surface) in zip(
        article.paragraphs, resolved, read, strict=True
    ):
        # The article's own outlet, in a dateline or a credit ("KYIV (Harbor Wire)"), names
        # nobody in the story.
        entities -= own
        phrases = frozenset(p for p in phrases if p not in own_phrase)
        if periods:
            context, when = periods, "stated"
        elif previous:
            context, when = previous, "inherited"
        elif implicit is not None:
            context, when = (implicit,), "implicit"
        else:
            context, when = (), ""
        result[pid] = Features(
            frozenset(terms), frozenset(entities), frozenset(phrases), frozenset(numbers),
            periods, context, when, previous_id, pid == article.headline, surface,
        )  # fmt: skip
        previous_id = pid
        df.update(terms | entities | phrases)
        # Inherit one step only (a thread rarely runs on further unmarked), and only a precise
        # date: "in 2022" in passing says little about what the next paragraph reports.
        previous = tuple(p for p in periods if p.days <= FINE_DAYS)
    body_names = frozenset(n for f in result.values() for n in f.entities)
    body_numbers = frozenset(n for f in result.values() for n in f.numbers)
    return ArticleFeatures(
        article.id, article.outlet, article.published, result, df, body_names, body_numbers,
        recalls,
    )  # fmt: skip
