"""What the pages read of the researchers' tags: which tags a user sees, in one query.

Visibility: a researcher sees their own tags; others' only when they ask for them, and on a
blind item (``framing.blind``) only once they have coded it themselves (so their first
judgement is their own). Adjudicators see everything they ask for. Journalists and visitors
see no tags.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from newsdiff.accounts.roles import can_tag
from newsdiff.articles.models import Paragraph
from newsdiff.framing.blind import blindfold
from newsdiff.framing.models import Annotation, Codebook, Tag

Item = tuple[int, int | None]  # (paragraph, other paragraph or None): a passage or a pair


@dataclass
class TagIndex:
    """The visible tags on a set of paragraphs, by passage and by pair."""

    passages: dict[int, list[Annotation]] = field(default_factory=lambda: defaultdict(list))
    pairs: dict[tuple[int, int], list[Annotation]] = field(
        default_factory=lambda: defaultdict(list)
    )
    hidden: int = 0  # others' tags held back by blind mode

    def on_passage(self, paragraph_id: int) -> list[Annotation]:
        return self.passages.get(paragraph_id, [])

    def on_pair(self, a: int, b: int) -> list[Annotation]:
        return self.pairs.get((min(a, b), max(a, b)), [])


def visible_tags(
    paragraph_ids: Iterable[int],
    user: User | AnonymousUser,
    others: bool = False,
    with_text: bool = False,
) -> TagIndex:
    """Tags on these paragraphs (and pairs among them or with others) ``user`` may see.

    3 queries whatever the number of tags (4 with others' tags: the study items among them):
    the tags, then the (few) codebook tags and annotators they point at, shared between rows
    rather than built once per row (a thousand tags on an event page would otherwise build
    four thousand model instances). ``with_text``
    also loads the tagged paragraphs, for the spans' words (1 query more).
    """
    index = TagIndex()
    if not can_tag(user):
        return index
    paragraph_ids = list(paragraph_ids)
    rows = Annotation.objects.live().on_paragraphs(paragraph_ids)
    if not others:
        rows = rows.filter(annotator_id=user.pk)
    annotations = list(rows)
    if not annotations:
        return index
    _share_related(annotations, with_text)
    fold = None
    if others:  # own items and blind codebooks from the rows: 1 query more, for studies
        coded = {_key(a) for a in annotations if a.annotator_id == user.pk}
        blind = {a.codebook_id for a in annotations if a.codebook.blind}
        fold = blindfold(user, list(paragraph_ids), coded, blind)
    for annotation in annotations:
        if fold is not None and fold.hides_row(annotation):
            index.hidden += 1
            continue
        if annotation.other_paragraph_id is None:
            index.passages[annotation.paragraph_id].append(annotation)
        else:
            index.pairs[(annotation.paragraph_id, annotation.other_paragraph_id)].append(annotation)
    return index


def _key(a: Annotation) -> tuple[int, int, int | None]:
    return (a.codebook_id, a.paragraph_id, a.other_paragraph_id)


def _share_related(annotations: list[Annotation], with_text: bool) -> None:
    tags = Tag.objects.select_related("codebook").in_bulk({a.tag_id for a in annotations})
    users = User.objects.in_bulk({a.annotator_id for a in annotations})
    paragraphs: dict[int, Paragraph] = {}
    if with_text:
        ids = {i for a in annotations for i in (a.paragraph_id, a.other_paragraph_id) if i}
        paragraphs = Paragraph.objects.in_bulk(ids)
    for annotation in annotations:
        tag = tags[annotation.tag_id]
        annotation.tag, annotation.codebook = tag, tag.codebook
        annotation.annotator = users[annotation.annotator_id]
        if with_text:
            annotation.paragraph = paragraphs[annotation.paragraph_id]
            if annotation.other_paragraph_id:
                annotation.other_paragraph = paragraphs[annotation.other_paragraph_id]


@dataclass
class Chip:
    """Identical tags on one passage (same label and tone) shown once, with the other people
    who made them (``count`` is people, not tags)."""

    tag: Tag
    tone: str
    names: list[str] = field(default_factory=list)
    mine: bool = False

    @property
    def count(self) -> int:
        return len(self.names)


def chips(annotations: Iterable[Annotation], user_id: int | None) -> list[Chip]:
    """Group a passage's tags into chips, in order of first use; no query (rows are loaded)."""
    grouped: dict[tuple[int, str], Chip] = {}
    for annotation in annotations:
        chip = grouped.setdefault(
            (annotation.tag_id, annotation.tone), Chip(annotation.tag, annotation.tone)
        )
        name = annotation.annotator.get_username()
        if annotation.annotator_id == user_id:
            chip.mine = True
        elif name not in chip.names:  # a person counts once, however many times they tagged
            chip.names.append(name)
    return list(grouped.values())


def codebooks(kind: str) -> list[tuple[Codebook, list[Tag]]]:
    """The active codebooks of a kind with their active tags, for the tagging forms; 2 queries."""
    books = list(Codebook.objects.filter(kind=kind, active=True))
    tags: dict[int, list[Tag]] = defaultdict(list)
    for tag in Tag.objects.filter(codebook__in=books, active=True):
        tags[tag.codebook_id].append(tag)
    return [(book, tags[book.pk]) for book in books]


def pair_paragraphs(a: int, b: int) -> tuple[Paragraph, Paragraph] | None:
    """The two paragraphs of a pair with their articles and outlets, or None if one is gone."""
    found = {
        p.pk: p
        for p in Paragraph.objects.select_related("article__outlet").filter(Q(pk=a) | Q(pk=b))
    }
    if a == b or len(found) != 2:
        return None
    return found[a], found[b]


def tag(codebook: str, slug: str) -> Tag | None:
    return Tag.objects.filter(codebook__slug=codebook, slug=slug).first()
