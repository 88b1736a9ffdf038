"""Codebooks, researchers' tags, suggested differences, adjudications, the audit trail.

Every tag is keyed on paragraphs and character offsets into their stored text, never on an
Event or Alignment row: the matcher deletes and rewrites those when an upload regroups the
graph, and a researcher's judgement must outlive that. Which event a tag belongs to is read
through the paragraphs' current event memberships.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsdiff.articles.models import Paragraph


class Codebook(models.Model):
    class Kind(models.TextChoices):
        PASSAGE = "passage", "a passage"
        PAIR = "pair", "a pair of aligned passages"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Passage codebooks may ask for a tone beside the tag (the Media Frames Corpus does).
    has_tone = models.BooleanField(default=False)
    # Blind coding: others' tags on an item stay hidden until the researcher has tagged it.
    blind = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)
    # Bumped by whoever changes the tags or guidelines; a study records the version it coded.
    version = models.PositiveIntegerField(default=1)
    guidelines = models.TextField(blank=True, help_text="Shown beside the tagging form.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    codebook = models.ForeignKey(Codebook, on_delete=models.CASCADE, related_name="tags")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    examples = models.TextField(blank=True, help_text="Example passages, one a line.")
    active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["codebook", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["codebook", "slug"], name="tag_slug")]

    def __str__(self) -> str:
        return self.name


class Tone(models.TextChoices):
    NEGATIVE = "negative", "negative"
    NEUTRAL = "neutral", "neutral"
    POSITIVE = "positive", "positive"


class AnnotationQuerySet(models.QuerySet["Annotation"]):
    def live(self) -> AnnotationQuerySet:
        return self.filter(deleted_at__isnull=True)

    def on_paragraphs(self, ids: list[int]) -> AnnotationQuerySet:
        """Tags on any of these paragraphs (either side of a pair)."""
        return self.filter(models.Q(paragraph_id__in=ids) | models.Q(other_paragraph_id__in=ids))


class Annotation(models.Model):
    """One researcher's tag on a passage, or on a pair of aligned passages (``other_paragraph``).

    A pair is stored once, with ``paragraph_id < other_paragraph_id``; spans are half-open
    character offsets into ``Paragraph.text`` (``start``/``end`` on ``paragraph``,
    ``other_start``/``other_end`` on ``other_paragraph``), null for the whole passage.
    """

    codebook = models.ForeignKey(Codebook, on_delete=models.PROTECT, related_name="annotations")
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="annotations")
    tone = models.CharField(max_length=10, choices=Tone.choices, blank=True)
    # The codebook's version when the tag was made (a methods section cites it).
    codebook_version = models.PositiveIntegerField(default=1)
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    other_paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    other_start = models.PositiveIntegerField(null=True, blank=True)
    other_end = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations"
    )
    suggestion = models.ForeignKey(
        "Suggestion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Soft delete: the row stays for the audit trail and for agreement studies run earlier.
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        permissions = [
            ("tag_passages", "Can tag passages and pairs"),
            ("adjudicate", "Can record adjudicated labels"),
        ]
        indexes = [
            models.Index(fields=["paragraph", "codebook"]),
            models.Index(fields=["other_paragraph"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(other_paragraph__isnull=True)
                | models.Q(paragraph__lt=models.F("other_paragraph")),
                name="annotation_pair_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tag} on {self.item_key} by {self.annotator_id}"

    @property
    def is_pair(self) -> bool:
        return self.other_paragraph_id is not None

    @property
    def item_key(self) -> tuple[int, int | None]:
        """What agreement compares: the passage, or the pair of passages."""
        return (self.paragraph_id, self.other_paragraph_id)

    def span_text(self) -> str:
        if self.start is None or self.end is None:
            return ""
        return self.paragraph.text[self.start : self.end]

    def other_span_text(self) -> str:
        if self.other_paragraph is None or self.other_start is None or self.other_end is None:
            return ""
        return self.other_paragraph.text[self.other_start : self.other_end]

    def snapshot(self) -> dict[str, Any]:
        """The fields the audit trail records before and after a change."""
        return {
            "codebook": self.codebook.slug,
            "tag": self.tag.slug,
            "tone": self.tone,
            "paragraph": self.paragraph_id,
            "span": [self.start, self.end],
            "other_paragraph": self.other_paragraph_id,
            "other_span": [self.other_start, self.other_end],
            "note": self.note,
            "deleted": self.deleted_at is not None,
        }


class Suggestion(models.Model):
    """A difference the app detected between two aligned passages, for researchers to judge."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    other_paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    suggester = models.CharField(max_length=40)  # the function that proposed it
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="suggestions")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    other_start = models.PositiveIntegerField(null=True, blank=True)
    other_end = models.PositiveIntegerField(null=True, blank=True)
    explanation = models.CharField(max_length=500)
    # suggester and spans in one string: re-running the suggesters never duplicates a row.
    key = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paragraph", "other_paragraph", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "other_paragraph", "key"], name="suggestion_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suggester}: {self.explanation}"


class Decision(models.Model):
    """One researcher's verdict on a suggestion; accepted ones point at the tag they became."""

    class Verdict(models.TextChoices):
        ACCEPTED = "accepted", "accepted"
        EDITED = "edited", "accepted with edits"
        REJECTED = "rejected", "rejected"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="decisions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    annotation = models.ForeignKey(
        Annotation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["suggestion", "user"], name="decision_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.verdict} {self.suggestion_id}"


class CodedItem(models.Model):
    """An item of a codebook: a passage, or a pair (``paragraph_id < other_paragraph_id``)."""

    codebook = models.ForeignKey(Codebook, on_delete=models.PROTECT, related_name="+")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    other_paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def item_key(self) -> tuple[int, int | None]:
        return (self.paragraph_id, self.other_paragraph_id)


class Adjudication(CodedItem):
    """The label an admin or lead researcher settled on where annotators disagreed."""

    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="+")
    tone = models.CharField(max_length=10, choices=Tone.choices, blank=True)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["codebook", "paragraph", "other_paragraph"], name="adjudication_once"
            ),
            # A passage (no other paragraph): NULLs are distinct in a plain unique constraint.
            models.UniqueConstraint(
                fields=["codebook", "paragraph"],
                condition=models.Q(other_paragraph__isnull=True),
                name="adjudication_passage_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tag} for {self.paragraph_id}/{self.other_paragraph_id}"


class AuditEntry(models.Model):
    """Who changed what, when, from what to what. Written in the same transaction as the change."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20)  # create, update, delete, accept, reject, adjudicate
    model = models.CharField(max_length=40)  # annotation, decision, adjudication, tag, codebook
    object_id = models.PositiveBigIntegerField()
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.model} {self.object_id}"
        )


class ApiToken(models.Model):
    """A read-only key for the JSON API; only its SHA-256 is stored, the key is shown once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"API token of {self.user_id}"


class Study(models.Model):
    """A coding study: which codebooks (at which version), which items, which coders.

    Items are stored as paragraphs (``StudyItem``), never as events: a regrouping rewrites
    events, and a study's sample must stay what it was when the lead drew it.
    """

    class Reveal(models.TextChoices):
        ITEM = "item", "once the coder has coded the item"
        STUDY = "study", "once the coder has finished the study"

    name = models.CharField(max_length=200)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The share of items every coder codes (the overlap agreement is computed on).
    overlap = models.FloatField(default=0.2)
    reveal = models.CharField(max_length=10, choices=Reveal.choices, default=Reveal.ITEM)
    # How the items were drawn: the events, the unit, the sample size and its seed.
    design = models.JSONField(default=dict)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name_plural = "studies"

    def __str__(self) -> str:
        return self.name


class StudyCodebook(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="codebooks")
    codebook = models.ForeignKey(Codebook, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()  # the codebook's version when the study began

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["study", "codebook"], name="study_codebook_once")
        ]

    def __str__(self) -> str:
        return f"{self.codebook_id} v{self.version} in {self.study_id}"


class StudyCoder(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="coders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["study", "user"], name="study_coder_once")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.study_id}"


class StudyItem(CodedItem):
    """One unit of a study."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    overlap = models.BooleanField(default=False)  # coded by every coder

    class Meta:
        ordering = ["study", "position"]
        indexes = [models.Index(fields=["paragraph", "codebook"])]

    def __str__(self) -> str:
        return f"{self.item_key} in {self.study_id}"


class Assignment(models.Model):
    item = models.ForeignKey(StudyItem, on_delete=models.CASCADE, related_name="assignments")
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item__position", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "coder"], name="assignment_once")]

    def __str__(self) -> str:
        return f"{self.item_id} to {self.coder_id}"


class StoredDifferences(models.Model):
    """A pair's differences as the engine found them (``engine.pair_differences``), shared by
    every web worker and found ahead by the task workers: one row a pair, valid while its
    ``key`` (the engine, the two passages, the articles they are read with) is the current
    one."""

    paragraph_a = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    paragraph_b = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    differences = models.JSONField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paragraph_a", "paragraph_b"], name="differences_once")
        ]

    def __str__(self) -> str:
        return f"differences of {self.paragraph_a_id}-{self.paragraph_b_id}"
