"""Inter-annotator agreement on the researchers' tags, and the items they disagree on.

The unit (item) is a passage for a passage codebook and a pair of passages for a pair codebook.
An annotator's value for an item is the tag of their latest live annotation on it in that
codebook (a span-level tag counts for its passage). Per tag, the value is binary: did the
annotator apply this tag to the item, among the items they tagged in the codebook at all.

Krippendorff's alpha (nominal) comes from NLTK's AnnotationTask (Apache-2.0; the `krippendorff`
package is GPL-3.0, which an MIT project cannot ship), Cohen's kappa from scikit-learn. Both
handle missing ratings: alpha uses every item with two or more values, kappa the items both
annotators rated.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from newsdiff.articles.models import Paragraph
from newsdiff.framing.models import Adjudication, Annotation, Codebook, Tag
from newsdiff.matching.models import Event, EventParagraph

Item = tuple[int, int | None]
Ratings = dict[Item, dict[str, Hashable]]  # item -> annotator -> value


def alpha(ratings: Mapping[Item, Mapping[str, Hashable]]) -> float | None:
    """Krippendorff's alpha, nominal; None when undefined (no pairable item, or one value only)."""
    from nltk.metrics.agreement import AnnotationTask  # slow import: only when asked

    data = [
        (coder, f"{item}", str(value))
        for item, coders in ratings.items()
        if len(coders) >= 2
        for coder, value in coders.items()
    ]
    if len({value for _, _, value in data}) < 2:
        return None
    return float(AnnotationTask(data=data).alpha())


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
    items: int  # items rated by two or more annotators (what alpha is computed on)
    annotators: int


@dataclass(frozen=True)
class Kappa:
    a: str
    b: str
    kappa: float | None
    items: int


def figure(label: str, ratings: Ratings) -> Figure:
    pairable = {item: coders for item, coders in ratings.items() if len(coders) >= 2}
    coders = {c for coders in pairable.values() for c in coders}
    return Figure(label, alpha(pairable), len(pairable), len(coders))


@dataclass
class Report:
    codebook: Codebook
    overall: Figure
    kappas: list[Kappa] = field(default_factory=list)
    by_tag: list[Figure] = field(default_factory=list)
    by_event: list[Figure] = field(default_factory=list)


def live_tags(codebook: Codebook, event: Event | None = None) -> list[Annotation]:
    """Live tags of a codebook (on one event's current passages); oldest first; 1-2 queries."""
    rows = Annotation.objects.live().filter(codebook=codebook).select_related("annotator")
    if event is not None:
        ids = list(
            EventParagraph.objects.filter(event=event).values_list("paragraph_id", flat=True)
        )
        rows = rows.filter(paragraph_id__in=ids)
    return list(rows.order_by("created", "id"))


def latest(rows: list[Annotation]) -> Ratings:
    """Each annotator's latest tag per item (rows oldest first)."""
    ratings: Ratings = defaultdict(dict)
    for row in rows:
        ratings[row.item_key][row.annotator.get_username()] = row.tag_id
    return ratings


def per_tag(rows: list[Annotation], tag: Tag) -> Ratings:
    """Binary ratings: did each annotator who tagged the item apply ``tag``."""
    ratings: Ratings = defaultdict(dict)
    for row in rows:
        coders = ratings[row.item_key]
        name = row.annotator.get_username()
        coders[name] = bool(coders.get(name)) or row.tag_id == tag.pk
    return ratings


def report(codebook: Codebook, event: Event | None = None) -> Report:
    rows = live_tags(codebook, event)
    ratings = latest(rows)
    result = Report(codebook, figure("All tags", ratings))
    names = sorted({c for coders in ratings.values() for c in coders})
    for a, b in combinations(names, 2):
        value, items = kappa(ratings, a, b)
        if items:
            result.kappas.append(Kappa(a, b, value, items))
    for tag in Tag.objects.filter(codebook=codebook).order_by("order", "name"):
        result.by_tag.append(figure(tag.name, per_tag(rows, tag)))
    if event is None:
        result.by_event = by_event(ratings)
    return result


def by_event(ratings: Ratings) -> list[Figure]:
    """Alpha per event over the items whose (first) passage is in it now; 1 query."""
    items: dict[int, list[Item]] = defaultdict(list)
    for item in ratings:
        items[item[0]].append(item)
    members = EventParagraph.objects.filter(paragraph_id__in=list(items)).select_related("event")
    events: dict[int, tuple[Event, Ratings]] = {}
    for member in members.order_by("event__period_start", "event_id"):
        _, chosen = events.setdefault(member.event_id, (member.event, {}))
        for item in items[member.paragraph_id]:
            chosen[item] = ratings[item]
    return [figure(event.label, chosen) for event, chosen in events.values()]


@dataclass(frozen=True)
class Disagreement:
    codebook: Codebook
    item: Item
    labels: list[tuple[str, str]]  # (annotator, tag name)
    adjudicated: Adjudication | None
    passage: Paragraph
    other: Paragraph | None


def disagreements(codebook: Codebook, event: Event | None = None) -> list[Disagreement]:
    """Items two or more annotators rated with different latest tags; 4 queries."""
    ratings = latest(live_tags(codebook, event))
    names = dict(Tag.objects.filter(codebook=codebook).values_list("id", "name"))
    adjudicated = {
        (a.paragraph_id, a.other_paragraph_id): a
        for a in Adjudication.objects.filter(codebook=codebook).select_related("tag", "decided_by")
    }
    split = {
        item: coders
        for item, coders in sorted(ratings.items(), key=lambda e: (e[0][0], e[0][1] or 0))
        if len(coders) >= 2 and len(set(coders.values())) > 1
    }
    ids = {i for item in split for i in item if i is not None}
    paragraphs = Paragraph.objects.select_related("article__outlet").in_bulk(ids)
    return [
        Disagreement(
            codebook,
            item,
            sorted((coder, names[tag]) for coder, tag in coders.items()),  # type: ignore[index]
            adjudicated.get(item),
            paragraphs[item[0]],
            paragraphs[item[1]] if item[1] is not None else None,
        )
        for item, coders in split.items()
    ]
