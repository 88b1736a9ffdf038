"""An upload is a Batch of per-file BatchItems that workers move through the ingest stages.

Every item keeps the bytes it was uploaded with, so a failure never loses anything: the item
can be retried (or deleted) from the batch page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from newsdiff.articles.models import Article
from newsdiff.matching.models import EventParagraph


class Batch(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="batches"
    )
    label = models.CharField(max_length=200)  # "3 files" or the pasted article's title
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name_plural = "batches"
        # The one permission the admin role has and the reading roles lack.
        permissions = [("upload_articles", "Can upload articles")]

    def __str__(self) -> str:
        return f"Batch {self.pk}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("uploads:batch", args=[self.pk])

    def progress(self, items: list[BatchItem] | None = None) -> Progress:
        if items is None:
            return Progress.of(self.items.values_list("state", flat=True))
        return Progress.of(item.state for item in items)

    def items_with_events(self) -> list[BatchItem]:
        """The items with their articles, each with ``events``: the article's events."""
        items = list(
            self.items.with_actions()
            .select_related("article__outlet")
            .defer("original", "article__original")
        )
        ids = {item.article_id for item in items if item.article_id}
        found: dict[int, list[dict[str, object]]] = {}
        rows = (
            EventParagraph.objects.filter(article_id__in=ids)
            .values("article_id", "event_id", "event__label")
            .order_by("article_id", "event_id")
            .distinct()
        )
        for row in rows:
            event = {"id": row["event_id"], "label": row["event__label"]}
            found.setdefault(row["article_id"], []).append(event)
        for item in items:
            item.events = found.get(item.article_id or 0, [])  # type: ignore[attr-defined]
        return items


def stale_before() -> dt.datetime:
    """Work whose heartbeat is older than this was left by a worker that died or hung."""
    return timezone.now() - dt.timedelta(seconds=settings.NEWSDIFF_STALE_SECONDS)


def _stale() -> Q:
    """In progress with no recent heartbeat (or none at all): its worker died or hung."""
    no_word = Q(heartbeat__lt=stale_before()) | Q(heartbeat=None)
    return Q(state__in=BatchItem.IN_PROGRESS) & no_word


def _deletable() -> Q:
    return Q(state=BatchItem.State.FAILED) | _stale()


def _retryable() -> Q:
    """Failed articles and stale ones; a manifest is applied at upload, never re-run."""
    return _deletable() & Q(kind=BatchItem.Kind.ARTICLE)


class BatchItemQuerySet(models.QuerySet["BatchItem"]):
    # The retry rule lives in the Q objects above only: these filters and the flags the batch
    # page shows (with_actions) read the same rule, so they cannot disagree.
    def stale(self) -> BatchItemQuerySet:
        return self.filter(_stale())

    def retryable(self) -> BatchItemQuerySet:
        return self.filter(_retryable())

    def deletable(self) -> BatchItemQuerySet:
        return self.filter(_deletable())

    def with_actions(self) -> BatchItemQuerySet:
        """Each item with ``is_stale``, ``can_retry`` and ``can_delete``, computed by the query."""
        return self.annotate(
            is_stale=models.ExpressionWrapper(_stale(), output_field=models.BooleanField()),
            can_retry=models.ExpressionWrapper(_retryable(), output_field=models.BooleanField()),
            can_delete=models.ExpressionWrapper(_deletable(), output_field=models.BooleanField()),
        )


class BatchItem(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        EXTRACTING = "extracting", "extracting"
        EMBEDDING = "embedding", "embedding"
        MATCHING = "matching", "matching"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    class Kind(models.TextChoices):
        ARTICLE = "article", "article"
        MANIFEST = "manifest", "manifest"

    IN_PROGRESS = (State.EXTRACTING, State.EMBEDDING, State.MATCHING)

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=500)  # as uploaded; "archive.zip/dir/file.txt" for members
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    # The uploaded bytes, stored before any processing. Empty only for a file refused as too
    # large, whose size is still recorded.
    original = models.BinaryField(blank=True)
    size = models.PositiveBigIntegerField()
    meta = models.JSONField(default=dict, blank=True)  # manifest row or paste form
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    error = models.TextField(blank=True)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload_items"
    )
    # True when ``article`` existed before this upload (the file was a duplicate).
    duplicate = models.BooleanField(default=False)
    # Bumped by each claim; a worker may only move the item on while its attempt is current,
    # so a worker presumed dead that wakes up cannot overwrite a retry's work.
    attempts = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=64, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = BatchItemQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="batch_item_position")
        ]
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    failed: int
    queued: int
    working: int

    @classmethod
    def of(cls, states: Iterable[str]) -> Progress:
        counts = Counter(states)
        working = sum(counts.get(s, 0) for s in BatchItem.IN_PROGRESS)
        S = BatchItem.State
        return cls(
            total=sum(counts.values()),
            done=counts.get(S.DONE, 0),
            failed=counts.get(S.FAILED, 0),
            queued=counts.get(S.QUEUED, 0),
            working=working,
        )

    @property
    def finished(self) -> int:
        return self.done + self.failed

    @property
    def complete(self) -> bool:
        """Nothing left for a worker: the page stops polling."""
        return self.finished == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 100
