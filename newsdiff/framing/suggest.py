"""Suggested differences between two aligned passages: the differences engine's, as the
reading pages mark them (``newsdiff.framing.engine``), for researchers to judge.

A difference found on many pairs of an event ("December last year" / "last week" in every
pair of the two reports' passages) is suggested once per event: on the first pair, strongest
alignment first, that has it; the other pairs' panels point to it. Suggestions are ranked by
how much they matter (names, figures, dates and attribution above plain word choice), and
only the kinds judged reliable are shown unless the researcher asks for every kind. They are
computed when a pair is opened and stored only once someone judges them; the verdicts
measure each kind's precision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from newsdiff.articles.models import Paragraph
from newsdiff.framing import engine
from newsdiff.framing.models import Decision, Suggestion, Tag
from newsdiff.matching.models import Alignment, EventParagraph
from newsdiff.text.passages import Difference

PairIds = tuple[int, int]


@dataclass(frozen=True)
class Candidate(Difference):
    """One difference the engine found on a pair (``a`` the lower paragraph id), as the panel
    suggests it."""

    @classmethod
    def of(cls, d: Difference) -> Candidate:
        return cls(d.kind, d.score, d.span_a, d.span_b, d.explanation)

    @property
    def difference(self) -> Difference:
        return Difference(self.kind, self.score, self.span_a, self.span_b, self.explanation)

    @property
    def suggester(self) -> str:
        return self.kind

    @property
    def tag(self) -> str:
        """The differences codebook's tag it suggests."""
        return engine.TAGS.get(self.kind, "word-choice")

    @property
    def kind_name(self) -> str:
        return engine.KIND_NAMES.get(self.kind, (self.kind, ""))[0]

    @property
    def key(self) -> str:
        a = self.span_a or (None, None)
        b = self.span_b or (None, None)
        return f"{self.kind}:{a[0]}:{a[1]}:{b[0]}:{b[1]}"

    def words(self, text_a: str, text_b: str) -> tuple[str, str]:
        return engine.words(text_a, self.span_a), engine.words(text_b, self.span_b)


def for_pair(a: Paragraph, b: Paragraph, all_kinds: bool = True) -> list[Candidate]:
    """The ranked candidates of a stored pair (``a`` the lower id, articles loaded)."""
    kinds = engine.kinds_shown(all_kinds)
    (found,) = engine.pair_differences([(a, b)])
    return [Candidate.of(d) for d in engine.ranked(found) if d.kind in kinds]


def event_pairs(a: Paragraph, b: Paragraph) -> list[tuple[Paragraph, Paragraph]]:
    """The stored pairs among the passages of the events holding both ``a`` and ``b``,
    strongest first (as the event page lists them); 2 queries, each passage loaded once."""
    events = EventParagraph.objects.filter(paragraph=a).values("event_id")
    events = EventParagraph.objects.filter(paragraph=b, event_id__in=events).values("event_id")
    members = EventParagraph.objects.filter(event_id__in=events).values("paragraph_id")
    passages = {
        p.pk: p
        for p in Paragraph.objects.filter(pk__in=members)
        .select_related("article")
        .defer("article__original")
    }
    stored = Alignment.objects.filter(paragraph_a_id__in=passages, paragraph_b_id__in=passages)
    ids = stored.order_by("-score", "pk").values_list("paragraph_a_id", "paragraph_b_id")
    return [(passages[x], passages[y]) for x, y in ids]


@dataclass
class Panel:
    """What a pair's panel suggests: the differences this pair holds for its event, and
    those suggested on another pair of the event (with that pair's ids)."""

    own: list[Candidate] = field(default_factory=list)
    elsewhere: list[tuple[Candidate, PairIds]] = field(default_factory=list)


def panel(a: Paragraph, b: Paragraph, all_kinds: bool = False) -> Panel:
    """The pair's suggestions, one per distinct difference per event, ranked."""
    pairs = event_pairs(a, b)
    if not any(x.pk == a.pk and y.pk == b.pk for x, y in pairs):
        pairs.insert(0, (a, b))  # not stored in an event: the pair on its own
    kinds = engine.kinds_shown(all_kinds)
    first = {f.wording: (f.a.pk, f.b.pk) for f in engine.distinct(pairs, kinds)}
    found = Panel()
    for candidate in for_pair(a, b, all_kinds):
        owner = first.get(engine.wording(candidate, a.text, b.text), (a.pk, b.pk))
        if owner == (a.pk, b.pk):
            found.own.append(candidate)
        else:
            found.elsewhere.append((candidate, owner))
    return found


def find(a: Paragraph, b: Paragraph, key: str) -> Suggestion | None:
    """The stored suggestion for a candidate ``key`` of this pair, stored on first judgement."""
    if a.pk > b.pk:
        a, b = b, a
    candidate = next((c for c in for_pair(a, b) if c.key == key), None)
    if candidate is None:
        return None
    span_a, span_b = candidate.span_a or (None, None), candidate.span_b or (None, None)
    suggestion, _ = Suggestion.objects.get_or_create(
        paragraph=a,
        other_paragraph=b,
        key=key,
        defaults={
            "suggester": candidate.suggester,
            "tag": Tag.objects.get(codebook__slug="differences", slug=candidate.tag),
            "start": span_a[0],
            "end": span_a[1],
            "other_start": span_b[0],
            "other_end": span_b[1],
            "explanation": candidate.explanation[:500],
        },
    )
    return suggestion


@dataclass(frozen=True)
class Precision:
    suggester: str
    accepted: int
    edited: int
    rejected: int

    @property
    def judged(self) -> int:
        return self.accepted + self.edited + self.rejected

    @property
    def precision(self) -> float | None:
        """Accepted (as is or edited) over judged: how often the kind was right."""
        return (self.accepted + self.edited) / self.judged if self.judged else None


def precision(names: Iterable[str] = engine.KINDS) -> list[Precision]:
    """Each kind's verdicts so far (and those of any other suggester judged before); 1 query."""
    counts = {
        row["suggestion__suggester"]: row
        for row in Decision.objects.values("suggestion__suggester").annotate(
            accepted=Count("id", filter=Q(verdict=Decision.Verdict.ACCEPTED)),
            edited=Count("id", filter=Q(verdict=Decision.Verdict.EDITED)),
            rejected=Count("id", filter=Q(verdict=Decision.Verdict.REJECTED)),
        )
    }
    empty = {"accepted": 0, "edited": 0, "rejected": 0}
    names = [*names, *sorted(set(counts) - set(names))]
    return [
        Precision(
            n,
            counts.get(n, empty)["accepted"],
            counts.get(n, empty)["edited"],
            counts.get(n, empty)["rejected"],
        )
        for n in names
    ]
