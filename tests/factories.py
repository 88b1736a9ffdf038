"""Plain-function factories: make_x(**overrides) saves and returns one object."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from typing import Any

import numpy as np

from newsdiff.articles.models import Article, Outlet, Paragraph, ParagraphEmbedding

_counter = itertools.count(1)


def make_outlet(**kw: Any) -> Outlet:
    kw.setdefault("name", f"Outlet {next(_counter)}")
    return Outlet.objects.create(**kw)


def make_article(paragraphs: list[str] | None = None, **kw: Any) -> Article:
    """An article with body paragraphs (and no embeddings unless make_embedding is called)."""
    n = next(_counter)
    kw.setdefault("outlet", make_outlet())
    kw.setdefault("title", f"Article {n}")
    kw.setdefault("published", dt.date(2024, 1, 1))
    kw.setdefault("published_precision", "day")
    kw.setdefault("original", b"")
    kw.setdefault("source_format", "txt")
    kw.setdefault("content_hash", hashlib.sha256(f"article-{n}".encode()).hexdigest())
    article = Article.objects.create(**kw)
    for i, text in enumerate(paragraphs or [f"Paragraph of article {n}."]):
        Paragraph.objects.create(article=article, position=i, text=text)
    return article


def make_paragraph(**kw: Any) -> Paragraph:
    kw.setdefault("article", make_article(paragraphs=[]))
    kw.setdefault("position", kw["article"].paragraphs.count())
    kw.setdefault("text", "A paragraph.")
    return Paragraph.objects.create(**kw)


def make_embedding(paragraph: Paragraph, vector: Any = None, **kw: Any) -> ParagraphEmbedding:
    if vector is None:
        vector = np.random.default_rng(paragraph.pk).standard_normal(384).astype(np.float32)
        vector /= np.linalg.norm(vector)
    kw.setdefault("model_name", "all-MiniLM-L6-v2")
    return ParagraphEmbedding.objects.create(paragraph=paragraph, vector=vector, **kw)


def make_user(role: str | None = None, **kw: Any) -> Any:
    """A user in the named role's group (journalist, researcher, admin), or in none."""
    from django.contrib.auth.models import Group, User

    kw.setdefault("username", f"user{next(_counter)}")
    user = User.objects.create_user(password="pw-for-tests", **kw)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user
