"""People's corrections of the alignment (``LinkDecision``): recorded, revoked, read back as the
grouping's ``Constraints``. Only researchers' and admins' views write them (through framing's
services, which also audit them); the matcher only reads them."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from newsdiff.articles.models import Paragraph
from newsdiff.matching.core.constraints import Constraints, Pair, pair
from newsdiff.matching.models import LinkDecision


def decide(
    user: User, first: Paragraph, second: Paragraph, kind: str, note: str = ""
) -> LinkDecision:
    """Record that two paragraphs report the same event or not; an earlier decision on the
    pair is revoked, not overwritten."""
    if kind not in LinkDecision.Kind.values:
        raise ValidationError(f"Unknown decision {kind!r}: choose “same” or “different”.")
    if first.pk == second.pk:
        raise ValidationError("A paragraph cannot be linked to itself.")
    if first.article_id == second.article_id:
        raise ValidationError("Both paragraphs are from the same article; link another report.")
    a, b = pair(first.pk, second.pk)
    with transaction.atomic():
        revoke(user, a, b)
        return LinkDecision.objects.create(
            paragraph_a_id=a, paragraph_b_id=b, kind=kind, note=note, decided_by=user
        )


def revoke(user: User, a: int, b: int) -> LinkDecision | None:
    """Revoke the decision in force on a pair, if any, and return it."""
    a, b = pair(a, b)
    found = LinkDecision.objects.in_force().filter(paragraph_a_id=a, paragraph_b_id=b).first()
    if found is not None:
        found.revoked_at, found.revoked_by = timezone.now(), user
        found.save(update_fields=["revoked_at", "revoked_by"])
    return found


def constraints(paragraphs: Iterable[int] | None = None) -> Constraints:
    """The decisions in force (on pairs touching ``paragraphs``, or all); 1 query."""
    rows = LinkDecision.objects.in_force()
    if paragraphs is not None:
        ids = list(paragraphs)
        rows = rows.filter(Q(paragraph_a_id__in=ids) | Q(paragraph_b_id__in=ids))
    must: set[Pair] = set()
    cannot: set[Pair] = set()
    for a, b, kind in rows.values_list("paragraph_a_id", "paragraph_b_id", "kind"):
        (must if kind == LinkDecision.Kind.SAME else cannot).add((a, b))
    return Constraints(frozenset(must), frozenset(cannot))


def on_pair(a: int, b: int) -> list[LinkDecision]:
    """Every decision on a pair, the one in force last; for the evidence panel."""
    a, b = pair(a, b)
    rows = LinkDecision.objects.filter(paragraph_a_id=a, paragraph_b_id=b)
    return list(rows.select_related("decided_by", "revoked_by").order_by("created", "id"))
