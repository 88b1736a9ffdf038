"""Blind coding: which of others' tags a researcher may not see yet.

An item (a passage, or a pair, in one codebook) is blind for a researcher who has not coded
it when its codebook is blind, or when it is an item of an active study; a study whose lead
chose to reveal at the end keeps its items blind for a coder until the coder has finished
the study. Admins and adjudicators see everything, and a study's lead sees its items.

Every output that shows tags goes through here: the event page and its chips, the passage
and pair panels, the outlet tables and the chart, the agreement pages, the export and the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from newsdiff.accounts.roles import can_adjudicate
from newsdiff.framing.models import Annotation, Codebook, Study, StudyCoder, StudyItem

Rows = TypeVar("Rows", bound=QuerySet[Annotation])
Key = tuple[int, int, int | None]  # codebook, paragraph, other paragraph (None: a passage)


@dataclass
class Blindfold:
    user_id: int | None
    sees_all: bool = False
    coded: set[Key] = field(default_factory=set)
    blind_codebooks: set[int] = field(default_factory=set)
    hidden_items: set[Key] = field(default_factory=set)  # study items not revealed to the user
    study_paragraphs: set[int] = field(default_factory=set)

    def hides(self, annotator_id: int, key: Key) -> bool:
        if self.sees_all or annotator_id == self.user_id:
            return False
        if key in self.hidden_items:
            return True
        return key[0] in self.blind_codebooks and key not in self.coded

    def hides_row(self, row: Annotation) -> bool:
        return self.hides(
            row.annotator_id, (row.codebook_id, row.paragraph_id, row.other_paragraph_id)
        )

    def visible(self, rows: Rows) -> Rows:
        """``rows`` without the tags this user may not see yet (1 query to find them)."""
        if self.sees_all:
            return rows
        maybe = Q(codebook_id__in=self.blind_codebooks) | Q(paragraph_id__in=self.study_paragraphs)
        candidates = rows.exclude(annotator_id=self.user_id).filter(maybe)
        hidden = [
            pk
            for pk, annotator, *key in candidates.values_list(
                "pk", "annotator_id", "codebook_id", "paragraph_id", "other_paragraph_id"
            )
            if self.hides(annotator, tuple(key))  # type: ignore[arg-type]
        ]
        return rows.exclude(pk__in=hidden) if hidden else rows


def _key(item: StudyItem) -> Key:
    return (item.codebook_id, item.paragraph_id, item.other_paragraph_id)


def blindfold(
    user: AbstractBaseUser | AnonymousUser,
    scope: list[int] | None = None,
    coded: set[Key] | None = None,
    blind: set[int] | None = None,
) -> Blindfold:
    """What ``user`` (a researcher or admin: one who may read tags) may not see.

    ``scope``: only the study items on these paragraphs matter. ``coded`` (the user's own
    items) and ``blind`` (the blind codebooks' ids) save their queries when the caller has
    them. 1-4 queries; none for those who see everything.
    """
    if can_adjudicate(user):
        return Blindfold(user.pk, sees_all=True)
    uid = int(user.pk or 0)  # 0 matches no one
    if coded is None:
        own = Annotation.objects.live().filter(annotator_id=uid)
        coded = set(own.values_list("codebook_id", "paragraph_id", "other_paragraph_id"))
    if blind is None:
        blind = set(Codebook.objects.filter(blind=True).values_list("pk", flat=True))
    items = StudyItem.objects.filter(study__active=True).select_related("study")
    if scope is not None:
        items = items.filter(Q(paragraph_id__in=scope) | Q(other_paragraph_id__in=scope))
    found = list(items.only("study__reveal", "study__lead_id", *_ITEM_FIELDS))
    finished: set[int] = set()
    if any(item.study.reveal == Study.Reveal.STUDY for item in found):
        done = StudyCoder.objects.filter(user_id=uid, finished_at__isnull=False)
        finished = set(done.values_list("study_id", flat=True))
    hidden: set[Key] = set()
    for item in found:
        if item.study.lead_id == uid:
            continue
        by_study = item.study.reveal == Study.Reveal.STUDY
        if not (item.study_id in finished if by_study else _key(item) in coded):
            hidden.add(_key(item))
    return Blindfold(uid, False, coded, blind, hidden, {item.paragraph_id for item in found})


_ITEM_FIELDS = ("study_id", "codebook_id", "paragraph_id", "other_paragraph_id")
