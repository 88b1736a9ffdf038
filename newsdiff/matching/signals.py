"""An edited article loses its stored analysis, so a bounding read never uses a stale one.

``analyses.bounding`` reads stored paragraph analyses without the articles' texts, so it cannot
check their digest; instead, saving an existing article or paragraph (the admin's edit forms)
drops the article's analysis here. Bulk updates send no signal: ``analyses.analysed`` still
checks the digest of every analysis a pair is scored on.
"""

from __future__ import annotations

from typing import Any

from newsdiff.articles.models import Article, Paragraph
from newsdiff.matching import analyses


def article_saved(sender: type, instance: Article, created: bool, **kwargs: Any) -> None:
    if not created and not kwargs.get("raw"):
        analyses.forget([instance.pk])


def paragraph_saved(sender: type, instance: Paragraph, created: bool, **kwargs: Any) -> None:
    if not created and not kwargs.get("raw"):
        analyses.forget([instance.article_id])
