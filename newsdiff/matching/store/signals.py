"""An edited article loses its stored analysis and its stored edges, so a bounding read or a
walk never uses stale ones.

``analyses.bounding`` reads stored paragraph analyses without the articles' texts, so it cannot
check their digest; instead, saving an existing article or paragraph (the admin's edit forms, a
corrected outlet or date) drops the article's analysis here, and its edges with the marks of
the paragraphs at either end (``edges.forget``: searched again when a walk reaches them), as
does deleting an article, or a paragraph of one (its article's other pairs score differently
without it). Bulk updates send no signal: ``analyses.analysed`` still checks the digest of every
analysis a pair is scored on.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from newsdiff.articles.models import Article, Paragraph
from newsdiff.matching.store import analyses, edges


def article_saved(sender: type, instance: Article, created: bool, **kwargs: Any) -> None:
    if not created and not kwargs.get("raw"):
        analyses.forget([instance.pk])
        edges.forget([instance.pk])


def article_deleted(sender: type, instance: Article, **kwargs: Any) -> None:
    edges.forget([instance.pk])  # before its paragraphs' edges go with it


def paragraph_saved(sender: type, instance: Paragraph, created: bool, **kwargs: Any) -> None:
    if not created and not kwargs.get("raw"):
        analyses.forget([instance.article_id])
        edges.forget([instance.article_id])


def paragraph_deleted(sender: type, instance: Paragraph, origin: Any = None, **kwargs: Any) -> None:
    if isinstance(origin, Article) or (isinstance(origin, QuerySet) and origin.model is Article):
        return  # the article goes with it: ``article_deleted`` has forgotten it once
    analyses.forget([instance.article_id])
    edges.forget([instance.article_id])  # before this paragraph's edges go with it
