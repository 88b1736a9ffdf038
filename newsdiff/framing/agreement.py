"""Inter-annotator agreement on the researchers' tags, per variable, and where coders differ.

The unit (item) is a passage for a passage codebook and a pair of passages for a pair codebook.
A coder may put several tags on an item; the first (oldest live) one is their primary tag, the
others secondary. Variables, each with Krippendorff's alpha (``framing.alpha``):

- the tag set: the coder's set of tags on the item, MASI distance (several frames a passage);
- the primary tag alone, nominal;
- tone (codebooks with a tone): the primary tag's tone, ordinal (negative < neutral < positive);
  a coder who gave no tone is missing on that item;
- per tag: did the coder's set on the item include the tag (binary, nominal), on the same
  items as the tag set, so a tag's figure is computed the way the overall one is.

Each figure comes with its item and coder counts and a 95% percentile-bootstrap interval over
items. Cohen's kappa (scikit-learn) is per pair of coders, on the primary tag.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from newsdiff.articles.models import Paragraph
from newsdiff.framing import alpha as k_alpha
from newsdiff.framing.blind import Blindfold
from newsdiff.framing.models import Adjudication, Annotation, Codebook, Tag, Tone
from newsdiff.matching.models import Event, EventParagraph

Item = tuple[int, int | None]
Coding = dict[Item, dict[str, list[Annotation]]]  # item -> coder -> their tags, oldest first
Ratings = dict[Item, dict[str, Hashable]]  # item -> coder -> value
TONES = [Tone.NEGATIVE, Tone.NEUTRAL, Tone.POSITIVE]


def kappa(
    ratings: Mapping[Item, Mapping[str, Hashable]], a: str, b: str
) -> tuple[float | None, int]:
    """Cohen's kappa between two annotators on the items both rated, and how many those are."""
    from sklearn.metrics import cohen_kappa_score  # slow import: only when asked

    both = [(c[a], c[b]) for c in ratings.values() if a in c and b in c]
    if not both or len({str(v) for pair in both for v in pair}) < 2:
        return None, len(both)
    value = cohen_kappa_score([str(x) for x, _ in both], [str(y) for _, y in both])
    return (None if math.isnan(value) else float(value)), len(both)


@dataclass(frozen=True)
class Figure:
    label: str
    alpha: float | None
    items: int  # items rated by two or more coders (what alpha is computed on)
    annotators: int
    low: float | None = None  # 95% bootstrap interval
    high: float | None = None
    metric: str = "nominal"


@dataclass(frozen=True)
class Kappa:
    a: str
    b: str
    kappa: float | None
    items: int


def figure(label: str, ratings: Ratings, metric: str = "nominal") -> Figure:
    pairable = {item: coders for item, coders in ratings.items() if len(coders) >= 2}
    coders = {c for coders in pairable.values() for c in coders}
    order = TONES if metric == "ordinal" else None
    units = k_alpha.Units([list(c.values()) for c in pairable.values()], order)
    distance = {"nominal": k_alpha.nominal, "MASI": k_alpha.masi, "ordinal": None}[metric]
    found = k_alpha.estimate(units, distance)
    return Figure(label, found.alpha, len(pairable), len(coders), found.low, found.high, metric)


@dataclass
class Report:
    codebook: Codebook
    variables: list[Figure]
    kappas: list[Kappa] = field(default_factory=list)
    by_tag: list[Figure] = field(default_factory=list)
    by_event: list[Figure] = field(default_factory=list)

    @property
    def overall(self) -> Figure:
        """The tag-set figure (MASI): the headline."""
        return self.variables[0]


def live_tags(
    codebook: Codebook,
    event: Event | None = None,
    fold: Blindfold | None = None,
    items: set[tuple[int, int, int | None]] | None = None,
) -> list[Annotation]:
    """Live tags of a codebook (on one event's current passages, or on a study's ``items``)
    the reader may see; oldest first; 1-2 queries (and the blindfold's one)."""
    rows = Annotation.objects.live().filter(codebook=codebook).select_related("annotator")
    if event is not None:
        ids = list(
            EventParagraph.objects.filter(event=event).values_list("paragraph_id", flat=True)
        )
        rows = rows.filter(paragraph_id__in=ids)
    if fold is not None:
        rows = fold.visible(rows)
    if items is not None:
        rows = rows.filter(paragraph_id__in={p for _, p, _ in items})
        return [
            r
            for r in rows.order_by("created", "id")
            if (r.codebook_id, r.paragraph_id, r.other_paragraph_id) in items
        ]
    return list(rows.order_by("created", "id"))


def coding(rows: Iterable[Annotation]) -> Coding:
    """Each coder's tags per item, oldest (primary) first."""
    found: Coding = defaultdict(lambda: defaultdict(list))
    for row in rows:
        found[row.item_key][row.annotator.get_username()].append(row)
    return found


def tag_sets(found: Coding) -> Ratings:
    return {
        item: {c: frozenset(a.tag_id for a in tags) for c, tags in coders.items()}
        for item, coders in found.items()
    }


def primaries(found: Coding) -> Ratings:
    return {
        item: {c: tags[0].tag_id for c, tags in coders.items()} for item, coders in found.items()
    }


def tones(found: Coding) -> Ratings:
    return {
        item: {c: tags[0].tone for c, tags in coders.items() if tags[0].tone}
        for item, coders in found.items()
    }


def per_tag(sets: Ratings, tag: Tag) -> Ratings:
    """Binary ratings: did each coder's set on the item include ``tag``."""
    return {
        item: {c: tag.pk in value for c, value in coders.items()}  # type: ignore[operator]
        for item, coders in sets.items()
    }


def report(
    codebook: Codebook,
    event: Event | None = None,
    fold: Blindfold | None = None,
    items: set[tuple[int, int, int | None]] | None = None,
) -> Report:
    found = coding(live_tags(codebook, event, fold, items))
    sets, firsts = tag_sets(found), primaries(found)
    noun = "Frames" if codebook.kind == Codebook.Kind.PASSAGE else "Difference types"
    variables = [figure(f"{noun} (every tag)", sets, "MASI"), figure("Primary tag", firsts)]
    if codebook.has_tone:
        variables.append(figure("Tone", tones(found), "ordinal"))
    result = Report(codebook, variables)
    names = sorted({c for coders in firsts.values() for c in coders})
    for a, b in combinations(names, 2):
        value, both = kappa(firsts, a, b)
        if both:
            result.kappas.append(Kappa(a, b, value, both))
    for tag in Tag.objects.filter(codebook=codebook).order_by("order", "name"):
        result.by_tag.append(figure(tag.name, per_tag(sets, tag)))
    if event is None and items is None:
        result.by_event = by_event(sets)
    return result


def by_event(ratings: Ratings) -> list[Figure]:
    """Alpha (MASI on the tag sets) per event over the items whose (first) passage is in it
    now; 1 query."""
    items: dict[int, list[Item]] = defaultdict(list)
    for item in ratings:
        items[item[0]].append(item)
    members = EventParagraph.objects.filter(paragraph_id__in=list(items)).select_related("event")
    events: dict[int, tuple[Event, Ratings]] = {}
    for member in members.order_by("event__period_start", "event_id"):
        _, chosen = events.setdefault(member.event_id, (member.event, {}))
        for item in items[member.paragraph_id]:
            chosen[item] = ratings[item]
    return [figure(event.label, chosen, "MASI") for event, chosen in events.values()]


@dataclass(frozen=True)
class Disagreement:
    codebook: Codebook
    item: Item
    coders: list[tuple[str, list[Annotation]]]  # each coder's tags, primary first
    adjudicated: Adjudication | None
    passage: Paragraph
    other: Paragraph | None


def _differ(coders: Mapping[str, list[Annotation]]) -> bool:
    sets = {frozenset(a.tag_id for a in tags) for tags in coders.values()}
    firsts = {(tags[0].tag_id, tags[0].tone) for tags in coders.values()}
    return len(sets) > 1 or len(firsts) > 1


def disagreements(
    codebook: Codebook,
    event: Event | None = None,
    fold: Blindfold | None = None,
    every: bool = False,
) -> list[Disagreement]:
    """Items two or more coders tagged differently (tags, primary or tone), or with ``every``
    every tagged item (the curation view); 4-5 queries."""
    rows = live_tags(codebook, event, fold)
    by_id = Tag.objects.in_bulk({r.tag_id for r in rows})
    for row in rows:
        row.tag = by_id[row.tag_id]
    found = coding(rows)
    adjudicated = {
        (a.paragraph_id, a.other_paragraph_id): a
        for a in Adjudication.objects.filter(codebook=codebook).select_related("tag", "decided_by")
    }
    split = {
        item: coders
        for item, coders in sorted(found.items(), key=lambda e: (e[0][0], e[0][1] or 0))
        if every or (len(coders) >= 2 and _differ(coders))
    }
    ids = {i for item in split for i in item if i is not None}
    paragraphs = Paragraph.objects.select_related("article__outlet").in_bulk(ids)
    for coders in split.values():
        for tags in coders.values():
            for row in tags:
                row.paragraph = paragraphs[row.paragraph_id]
                if row.other_paragraph_id is not None:
                    row.other_paragraph = paragraphs[row.other_paragraph_id]
    return [
        Disagreement(
            codebook,
            item,
            sorted(coders.items()),
            adjudicated.get(item),
            paragraphs[item[0]],
            paragraphs[item[1]] if item[1] is not None else None,
        )
        for item, coders in split.items()
    ]
