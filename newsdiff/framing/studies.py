"""Coding studies: drawing the items, assigning them to coders, each coder's queue, progress.

A study's items are the passages of some events (for its passage codebooks) and their aligned
pairs (for its pair codebooks), optionally a random sample of them. ``overlap`` of the items
(at least one when the share is above zero) go to every coder, for agreement; the others are
dealt to the coders in turn, so each codes the overlap plus an equal share of the rest.
Items are shuffled with the study's seed, so the queue order is the same on every load and no
coder works one outlet's passages in a row.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from newsdiff.accounts.roles import can_tag
from newsdiff.framing.models import (
    Annotation,
    Assignment,
    Codebook,
    Study,
    StudyCodebook,
    StudyCoder,
    StudyItem,
)
from newsdiff.framing.services import record
from newsdiff.matching.models import Alignment, Event, EventParagraph

Unit = tuple[int, int, int | None]  # codebook, paragraph, other paragraph


@dataclass(frozen=True)
class Design:
    name: str
    codebooks: Sequence[Codebook]
    events: Sequence[Event]
    coders: Sequence[User]
    overlap: float = 0.2
    sample: int | None = None  # draw this many items at random (None: all)
    seed: int = 1
    reveal: str = Study.Reveal.ITEM


def units(codebooks: Sequence[Codebook], events: Sequence[Event]) -> list[Unit]:
    """Every item the events offer: their passages for a passage codebook, their aligned
    pairs for a pair codebook; in a stable order (2 queries)."""
    ids = [e.pk for e in events]
    passages = sorted(
        set(EventParagraph.objects.filter(event_id__in=ids).values_list("paragraph_id", flat=True))
    )
    aligned = Alignment.objects.filter(event_id__in=ids)
    pairs = sorted(set(aligned.values_list("paragraph_a_id", "paragraph_b_id")))
    found: list[Unit] = []
    for book in codebooks:
        if book.kind == Codebook.Kind.PASSAGE:
            found += [(book.pk, p, None) for p in passages]
        else:
            found += [(book.pk, a, b) for a, b in pairs]
    return found


def _check(design: Design) -> None:
    if not design.name.strip():
        raise ValidationError("A study needs a name.")
    if not design.codebooks:
        raise ValidationError("Choose at least one codebook.")
    if not design.events:
        raise ValidationError("Choose at least one event.")
    if not design.coders:
        raise ValidationError("Choose at least one coder.")
    if not 0 <= design.overlap <= 1:
        raise ValidationError(f"The overlap is a share from 0 to 1, not {design.overlap}.")
    cannot = [c.get_username() for c in design.coders if not can_tag(c)]
    if cannot:
        raise ValidationError(f"Not researchers, so they cannot code: {', '.join(cannot)}.")
    retired = [b.name for b in design.codebooks if not b.active]
    if retired:
        raise ValidationError(f"Retired codebooks cannot be coded: {', '.join(retired)}.")


def create(lead: User, design: Design) -> Study:
    """A study with its items and assignments, in one transaction."""
    _check(design)
    drawn = units(design.codebooks, design.events)
    if not drawn:
        raise ValidationError("These events have no passages or pairs to code.")
    rng = random.Random(design.seed)
    if design.sample is not None and design.sample < len(drawn):
        drawn = rng.sample(drawn, design.sample)
    rng.shuffle(drawn)
    shared = round(design.overlap * len(drawn))
    if design.overlap > 0:
        shared = max(shared, 1)
    meta = {
        "events": [{"id": e.pk, "label": e.label} for e in design.events],
        "sample": design.sample,
        "seed": design.seed,
        "available": len(units(design.codebooks, design.events)),
    }
    with transaction.atomic():
        study = Study.objects.create(
            name=design.name.strip(),
            lead=lead,
            overlap=design.overlap,
            reveal=design.reveal,
            design=meta,
        )
        StudyCodebook.objects.bulk_create(
            StudyCodebook(study=study, codebook=b, version=b.version) for b in design.codebooks
        )
        StudyCoder.objects.bulk_create(StudyCoder(study=study, user=c) for c in design.coders)
        items = StudyItem.objects.bulk_create(
            StudyItem(
                study=study,
                codebook_id=book,
                paragraph_id=a,
                other_paragraph_id=b,
                position=i,
                overlap=i < shared,
            )
            for i, (book, a, b) in enumerate(drawn)
        )
        coders = list(design.coders)
        Assignment.objects.bulk_create(
            Assignment(item=item, coder=coder)
            for i, item in enumerate(items)
            for coder in (coders if item.overlap else [coders[(i - shared) % len(coders)]])
        )
        record(lead, "create", study, None, {"name": study.name, "items": len(items)} | meta)
    return study


def queue(study: Study, coder: User) -> list[Assignment]:
    """The coder's assignments in queue order, with their items; 1 query."""
    rows = Assignment.objects.filter(item__study=study, coder=coder).select_related(
        "item__codebook",
        "item__paragraph__article__outlet",
        "item__other_paragraph__article__outlet",
    )
    return list(rows.order_by("item__position"))


def coded(assignment: Assignment) -> list[Annotation]:
    """The coder's live tags on the assigned item, primary first."""
    item = assignment.item
    return list(
        Annotation.objects.live()
        .filter(
            annotator=assignment.coder,
            codebook_id=item.codebook_id,
            paragraph_id=item.paragraph_id,
            other_paragraph_id=item.other_paragraph_id,
        )
        .select_related("tag")
        .order_by("created", "id")
    )


def done(assignment: Assignment) -> Assignment:
    """Mark an item coded and move on; the study is finished for the coder after the last."""
    if not coded(assignment):
        raise ValidationError("Tag this item before moving on.")
    with transaction.atomic():
        if assignment.done_at is None:
            assignment.done_at = timezone.now()
            assignment.save(update_fields=["done_at"])
        study = assignment.item.study
        left = Assignment.objects.filter(
            item__study=study, coder=assignment.coder, done_at__isnull=True
        )
        if not left.exists():
            StudyCoder.objects.filter(study=study, user=assignment.coder).update(
                finished_at=timezone.now()
            )
    return assignment


@dataclass(frozen=True)
class Progress:
    coder: str
    done: int
    assigned: int
    finished: bool

    @property
    def share(self) -> float:
        return self.done / self.assigned if self.assigned else 0.0


def progress(study: Study) -> list[Progress]:
    """Each coder's items done and assigned; 2 queries."""
    rows: dict[int, list[int]] = {}
    for coder, done_at in Assignment.objects.filter(item__study=study).values_list(
        "coder_id", "done_at"
    ):
        counts = rows.setdefault(coder, [0, 0])
        counts[1] += 1
        counts[0] += done_at is not None
    coders = StudyCoder.objects.filter(study=study).select_related("user")
    found = []
    for c in coders:
        done, assigned = rows.get(c.user_id, [0, 0])
        found.append(Progress(c.user.get_username(), done, assigned, c.finished_at is not None))
    return found


def item_keys(study: Study) -> set[Unit]:
    return set(
        StudyItem.objects.filter(study=study).values_list(
            "codebook_id", "paragraph_id", "other_paragraph_id"
        )
    )
