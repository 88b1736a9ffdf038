from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from newsdiff.articles.models import Article, Paragraph
from newsdiff.lib.fields import PackedField


class EventQuerySet(models.QuerySet["Event"]):
    def newest_first(self) -> EventQuerySet:
        return self.order_by(models.F("period_start").desc(nulls_last=True), "-id")


class Event(models.Model):
    """A sub-event (e.g. "Istanbul talks · March 2022") reported by paragraphs of 2+ articles."""

    label = models.CharField(max_length=300)
    # The time the event happened, as resolved from the passages (not when it was reported).
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    period_label = models.CharField(max_length=100, blank=True)  # "March 2022"
    key_terms = models.JSONField(default=list, blank=True)
    paragraphs: models.ManyToManyField[Paragraph, EventParagraph] = models.ManyToManyField(
        Paragraph, through="EventParagraph", related_name="events"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "-id"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("event", args=[self.pk])


class EventParagraph(models.Model):
    """Membership: a paragraph may belong to more than one event when it reports more than one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="members")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="memberships")
    # Denormalised so event pages and filters need no join through paragraphs.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="memberships")
    score = models.FloatField()  # how strongly the paragraph is tied to the rest of the event

    class Meta:
        ordering = ["event", "article__published", "paragraph__position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "paragraph"], name="event_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} ∋ {self.paragraph_id}"


class Alignment(models.Model):
    """The evidence that two paragraphs of different articles report the same event."""

    # Stored with paragraph_a_id < paragraph_b_id, so a pair is stored once.
    paragraph_a = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    paragraph_b = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="alignments"
    )
    score = models.FloatField()
    # {"similarity": float, "shared_terms": [...], "shared_entities": [...], "dates": [...], ...}
    evidence = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph_a", "paragraph_b"], name="alignment_once"),
            models.CheckConstraint(
                condition=models.Q(paragraph_a__lt=models.F("paragraph_b")),
                name="alignment_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph_a_id} ~ {self.paragraph_b_id} ({self.score:.2f})"

    def get_absolute_url(self) -> str:
        return pair_url(self.paragraph_a_id, self.paragraph_b_id)


def pair_url(paragraph_a: int, paragraph_b: int) -> str:
    """A pair's address for life: built from its two paragraphs, not from a row id."""
    from django.urls import reverse

    return reverse("pair", args=[min(paragraph_a, paragraph_b), max(paragraph_a, paragraph_b)])


class EventRedirect(models.Model):
    """The id of an event a regrouping merged away, and where its paragraphs went.

    Old links answer 301 to ``target`` (the event holding most of its old paragraphs), which
    says once that this event was merged into it; no target (the paragraphs no longer form
    any event) answers 410.
    """

    old_id = models.BigIntegerField(primary_key=True)
    old_label = models.CharField(max_length=300)
    target = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="absorbed"
    )
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"event {self.old_id} → {self.target_id}"


class RetiredAlignment(models.Model):
    """A pair a regrouping no longer aligns, under the id its alignment had.

    Keeps ``/alignments/<id>/`` and the pair's page answering (with the evidence it had and a
    note that it is no longer aligned) instead of 404 after an upload.
    """

    id = models.BigIntegerField(primary_key=True)  # the retired Alignment's id
    paragraph_a = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    paragraph_b = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    evidence = models.JSONField(default=dict)
    retired = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["paragraph_a", "paragraph_b"])]

    def __str__(self) -> str:
        return f"{self.paragraph_a_id} ~ {self.paragraph_b_id} (retired)"

    def get_absolute_url(self) -> str:
        return pair_url(self.paragraph_a_id, self.paragraph_b_id)


class ArticleAnalysis(models.Model):
    """An article's analysis (``features.analyse_article``: terms, names, dates per paragraph),
    stored so matching reads it instead of analysing every neighbouring article again.

    The article row holds what belongs to the whole article; each paragraph's features are a
    ``ParagraphAnalysis`` row of their own, so bounding a pair reads one paragraph of a
    neighbouring article, not all of them. Valid while ``version`` (the analysis code and the
    time anchors, ``analyses.version``) and ``digest`` (the analysed input: outlet, date, body
    paragraphs and their texts) both match; otherwise the matcher analyses the article afresh
    and replaces the row and its paragraphs' rows.
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="analysis"
    )
    version = models.CharField(max_length=32)
    digest = models.CharField(max_length=32)
    recalls = models.BooleanField(default=False)  # ``ArticleFeatures.recalls``
    data = PackedField()  # ``lib.codec.pack``ed

    def __str__(self) -> str:
        return f"analysis of article {self.article_id} ({self.version})"


class ParagraphAnalysis(models.Model):
    """One paragraph's features, with how often each of its terms occurs in its article (what
    scoring one of its pairs needs); valid with its article's ``ArticleAnalysis``."""

    paragraph = models.OneToOneField(
        Paragraph, primary_key=True, on_delete=models.CASCADE, related_name="analysis"
    )
    article = models.ForeignKey(
        ArticleAnalysis, on_delete=models.CASCADE, related_name="paragraphs"
    )
    data = PackedField()
    # What bounding a pair needs, without the words (``analyses.pack_sketch``): a bound reads
    # this column alone.
    sketch = PackedField(default=b"")

    def __str__(self) -> str:
        return f"analysis of paragraph {self.paragraph_id}"


class ParagraphSurface(models.Model):
    """Each term of an analysed paragraph as written (``Features.surface``), for evidence and
    labels. A table of its own: bounding a pair (the read of ~1,000 paragraph rows per new
    article) never needs it, and in the paragraph row it made the table a bound reads larger
    (at a million paragraphs, 1.95 GB rather than 1.57 GB while rows were JSON text; packed,
    the paragraph rows now take 359 MB and these 414 MB)."""

    analysis = models.OneToOneField(
        ParagraphAnalysis, primary_key=True, on_delete=models.CASCADE, related_name="surface"
    )
    forms = PackedField()

    def __str__(self) -> str:
        return f"terms as written in paragraph {self.analysis_id}"


class SearchedParagraph(models.Model):
    """A paragraph whose nearest neighbours were searched: the part of the match graph it was
    in then stays connected through ``Edge`` rows, so a later match walks through it by reading
    them instead of searching again (``store/edges.py``). Valid under its ``version`` only."""

    paragraph = models.OneToOneField(
        Paragraph, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"paragraph {self.paragraph_id} searched ({self.version})"


class Edge(models.Model):
    """An edge of the match graph (``core.links.link_edges``: two paragraphs of different
    articles whose pair scores at least ``link``), stored with paragraph_a_id < paragraph_b_id:
    those of a spanning forest of the graph, enough to walk each part of it (``store/edges.py``).
    """

    paragraph_a = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    paragraph_b = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    version = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paragraph_a", "paragraph_b"], name="edge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph_a_id} — {self.paragraph_b_id}"


class LinkDecisionQuerySet(models.QuerySet["LinkDecision"]):
    def in_force(self) -> LinkDecisionQuerySet:
        return self.filter(revoked_at__isnull=True)


class LinkDecision(models.Model):
    """A person's correction of the alignment, kept apart from what the matcher writes: two
    paragraphs report the same event (must-link) or do not (cannot-link).

    Every regrouping and rebuild reads the decisions in force. A decision is never edited, only
    revoked (by whom, when) and replaced by a new row, so the rows are their own audit trail.
    """

    class Kind(models.TextChoices):
        SAME = "same", "same event"
        DIFFERENT = "different", "not the same event"

    # Stored with paragraph_a_id < paragraph_b_id, as alignments are.
    paragraph_a = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    paragraph_b = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LinkDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paragraph_a__lt=models.F("paragraph_b")),
                name="link_decision_ordered",
            ),
            models.UniqueConstraint(
                fields=["paragraph_a", "paragraph_b"],
                condition=models.Q(revoked_at__isnull=True),
                name="link_decision_in_force_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph_a_id}-{self.paragraph_b_id}: {self.kind}"
