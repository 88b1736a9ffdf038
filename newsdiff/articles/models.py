from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse

from newsdiff.articles.fields import VectorField
from newsdiff.articles.search import Fts5Query, fts5_query


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    url = models.URLField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet["Article"]):
    def with_counts(self) -> ArticleQuerySet:
        return self.annotate(
            body_count=Count("paragraphs", filter=Q(paragraphs__kind=Paragraph.Kind.BODY))
        )

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by(models.F("published").desc(nulls_last=True), "-id")

    def for_reading(self) -> ArticleQuerySet:
        """Without the uploaded bytes (``original``), which no page shows: an HTML upload is
        tens of kB, fetched and copied for nothing on every page that lists its article.
        Queries reaching articles through a relation defer ``<path>__original`` likewise."""
        return self.defer("original")

    def filtered(
        self,
        q: str | None = None,
        outlet: Outlet | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> ArticleQuerySet:
        """Articles by outlet, published within [start, end], with ``q`` in the title or
        (``Paragraph.matching``) in a paragraph.

        The words are looked for with EXISTS, so an article is listed once however many of its
        paragraphs contain them.
        """
        found = self
        if outlet is not None:
            found = found.filter(outlet=outlet)
        if start is not None:
            found = found.filter(published__gte=start)
        if end is not None:
            found = found.filter(published__lte=end)
        if q:
            paragraphs = Paragraph.objects.matching(q).filter(article=models.OuterRef("pk"))
            found = found.filter(Q(title__icontains=q) | models.Exists(paragraphs))
        return found


class Article(models.Model):
    class Precision(models.TextChoices):
        DAY = "day", "day"
        MONTH = "month", "month"
        YEAR = "year", "year"
        APPROXIMATE = "approximate", "approximate"
        UNKNOWN = "unknown", "unknown"

    class How(models.TextChoices):
        """How the outlet or the date was established (shown on the article page)."""

        GIVEN = "given", "given by the uploader"
        MANIFEST = "manifest", "from the manifest"
        FORM = "upload form", "set in the upload form"
        CORRECTED = "corrected", "corrected on the batch page"
        FILE = "file metadata", "from the file's metadata"
        DATELINE = "dateline", "read from the dateline"
        TEXT = "text", "read from the text"
        COMMAND = "command line", "given on the command line"
        NOT_RECORDED = "not recorded", "not recorded (ingested before this was kept)"
        UNKNOWN = "unknown", "unknown"

    title = models.CharField(max_length=500)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    url = models.URLField(max_length=1000, blank=True)
    published = models.DateField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=12, choices=Precision.choices, default=Precision.UNKNOWN
    )
    language = models.CharField(max_length=12, default="en")
    outlet_how = models.CharField(max_length=20, choices=How.choices, default=How.UNKNOWN)
    published_how = models.CharField(max_length=20, choices=How.choices, default=How.UNKNOWN)
    # The evidence in words: the manifest's "how we know", the dateline as written, a correction.
    how_known = models.TextField(blank=True)
    # What was uploaded, byte for byte, so nothing is lost by extraction.
    original = models.BinaryField()
    source_file = models.CharField(max_length=500, blank=True)
    source_format = models.CharField(max_length=10)  # txt, html, json
    # sha256 of the normalised body text: the same article ingested twice is one article.
    content_hash = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["outlet", "published"])]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("article", args=[self.pk])

    @property
    def outlet_unknown(self) -> bool:
        return self.outlet_how == self.How.UNKNOWN

    @property
    def needs_metadata(self) -> bool:
        """Outlet or date unknown: the article cannot be placed among its outlets or in time."""
        return self.outlet_unknown or self.published is None

    def correct(self, outlet: str, published: dt.date | None, by: str) -> None:
        """Set a corrected outlet and/or date (blank keeps the current one) and note who did."""
        changes = []
        with transaction.atomic():
            if outlet:
                # "rt" typed for "RT" is the outlet already stored, not a new one.
                self.outlet = Outlet.objects.filter(
                    name__iexact=outlet
                ).first() or Outlet.objects.create(name=outlet)
                self.outlet_how = self.How.CORRECTED
                changes.append(f"outlet set to {outlet}")
            if published is not None:
                self.published, self.published_precision = published, self.Precision.DAY
                self.published_how = self.How.CORRECTED
                changes.append(f"date set to {published.isoformat()}")
            if changes:
                note = f"Corrected by {by}: {', '.join(changes)}."
                self.how_known = f"{self.how_known}\n{note}".strip()
                self.save()


SEARCH_CONFIG = "english"
FTS5_MATCH = "SELECT rowid FROM articles_paragraph_fts WHERE articles_paragraph_fts MATCH %s"


def text_search_vector() -> Any:
    """The indexed full-text expression of a paragraph (PostgreSQL only)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("text", config=SEARCH_CONFIG)


# The headings the matcher aligns with body paragraphs: an article's headline (the title line
# its text opens with, or the outlet's headline above a title given apart) is the outlet's
# one-line account of its event, and comparing headlines is half of comparing coverage.
HEADLINES = ("title", "headline")


def matched_q(prefix: str = "") -> Q:
    """The paragraphs ``is_matched`` accepts, as a filter (``prefix``: "paragraph__" from a
    related model)."""
    return Q(**{f"{prefix}kind": Paragraph.Kind.BODY}) | Q(
        **{f"{prefix}kind": Paragraph.Kind.HEADING, f"{prefix}reason__in": HEADLINES}
    )


def is_matched(kind: str, reason: str) -> bool:
    """Does a paragraph of this kind and reason take part in matching (and get a vector)?"""
    return kind == Paragraph.Kind.BODY or (kind == Paragraph.Kind.HEADING and reason in HEADLINES)


class ParagraphQuerySet(models.QuerySet["Paragraph"]):
    def body(self) -> ParagraphQuerySet:
        return self.filter(kind=Paragraph.Kind.BODY)

    def matched(self) -> ParagraphQuerySet:
        """The body and the headline: what is embedded and aligned (``is_matched``)."""
        return self.filter(matched_q())

    def matching(self, words: str) -> ParagraphQuerySet:
        """Paragraphs matching a reader's search: full-text search on either database, with
        English stemming; the words in any order, quoted phrases, ``or`` and ``-word`` as in web
        search engines.

        PostgreSQL: answered by the GIN index ``articles_paragraph_text_fts`` whose expression
        is this very ``SearchVector`` (migration 0004). SQLite: by the FTS5 table
        ``articles_paragraph_fts`` (migration 0006), the search written as FTS5 reads it.
        """
        if connection.vendor != "postgresql":
            return self._fts5(fts5_query(words))
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(words, config=SEARCH_CONFIG, search_type="websearch")
        return self.annotate(search=text_search_vector()).filter(search=query)

    def _fts5(self, query: Fts5Query) -> ParagraphQuerySet:
        if query.empty:
            return self.none()
        found = self
        if query.wanted:
            found = found.filter(pk__in=RawSQL(FTS5_MATCH, [query.wanted]))
        if query.excluded:
            found = found.exclude(pk__in=RawSQL(FTS5_MATCH, [query.excluded]))
        return found

    def missing_embedding(self, model_name: str) -> ParagraphQuerySet:
        return self.exclude(embeddings__model_name=model_name)


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        BODY = "body", "body"
        HEADING = "heading", "heading"
        FURNITURE = "furniture", "furniture"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField()  # order within the whole article, from 0
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BODY)
    # Why a line was judged furniture or heading ("caption", "share prompt", ...); empty for body.
    reason = models.CharField(max_length=40, blank=True)

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="paragraph_position")
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return f"{self.article_id}#{self.position}: {self.text[:60]}"


class ParagraphEmbedding(models.Model):
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="embeddings")
    model_name = models.CharField(max_length=300)
    vector = VectorField(dimensions=settings.NEWSDIFF_EMBEDDING_DIM)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "model_name"], name="embedding_per_model")
        ]

    def __str__(self) -> str:
        return f"{self.model_name} for paragraph {self.paragraph_id}"
