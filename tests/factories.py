"""Plain-function factories: make_x(**overrides) saves and returns one object."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from typing import Any

import numpy as np
from django.contrib.auth.models import Group, User

from newsdiff.articles.models import Article, Outlet, Paragraph, ParagraphEmbedding
from newsdiff.framing import services
from newsdiff.framing.models import Annotation, Tag
from newsdiff.matching.core.evidence import Evidence
from newsdiff.matching.models import Alignment, Event, EventParagraph
from newsdiff.uploads.models import Batch, BatchItem

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
    kw.setdefault("outlet_how", "manifest")
    kw.setdefault("published_how", "manifest" if kw["published"] else "unknown")
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


def make_user(role: str | None = None, **kw: Any) -> User:
    """A user in the named role's group (journalist, researcher, admin), or in none."""
    kw.setdefault("username", f"user{next(_counter)}")
    user = User.objects.create_user(password="pw-for-tests", **kw)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_evidence() -> Evidence:
    """Evidence as ``scoring.score_pair`` writes it."""
    return {
        "similarity": 0.61,
        "shared_terms": ["istanbul", "talks"],
        "shared_entities": ["Boris Johnson"],
        "numbers": [],
        "dates": ["March 2022"],
        "date_conflict": False,
        "parts": {"cosine": 0.61, "terms": 0.05, "entities": 0.04, "date": 0.15},
    }


def make_event(paragraphs: list[Paragraph] | None = None, **kw: Any) -> Event:
    """An event over ``paragraphs`` (two fresh articles by default), as the matcher stores one.

    Every paragraph becomes a member, and every pair from different articles an Alignment
    with evidence of the shape the matcher writes.
    """
    if paragraphs is None:
        paragraphs = [make_article().paragraphs.get(), make_article().paragraphs.get()]
    kw.setdefault("label", f"Event {next(_counter)}")
    kw.setdefault("period_start", dt.date(2024, 1, 1))
    kw.setdefault("period_end", kw["period_start"])
    kw.setdefault(
        "period_label", kw["period_start"].strftime("%B %Y") if kw["period_start"] else ""
    )
    event = Event.objects.create(**kw)
    for p in paragraphs:
        EventParagraph.objects.create(event=event, paragraph=p, article=p.article, score=0.8)
    for a, b in itertools.combinations(sorted(paragraphs, key=lambda p: p.pk), 2):
        if a.article_id != b.article_id:
            Alignment.objects.create(
                paragraph_a=a,
                paragraph_b=b,
                event=event,
                score=0.7,
                evidence=make_evidence(),
            )
    return event


def vector(*hot: int) -> np.ndarray:
    """A unit vector with equal weight on the ``hot`` dimensions (same hot set: cosine 1)."""
    v = np.zeros(384, dtype=np.float32)
    v[list(hot)] = 1.0
    return v / np.linalg.norm(v)


def unit(*values: float) -> np.ndarray:
    """``values`` as the leading components of a unit vector (cosines set by hand)."""
    v = np.zeros(384, dtype=np.float32)
    v[: len(values)] = values
    return v / np.linalg.norm(v)


def make_story(texts: list[str], vectors: list[np.ndarray], **kw: Any) -> Article:
    """An article whose paragraphs ``texts`` are embedded as ``vectors``."""
    article = make_article(paragraphs=texts, **kw)
    for p, v in zip(article.paragraphs.order_by("position"), vectors, strict=True):
        make_embedding(p, v)
    return article


UPLOADED_TEXT = (
    b"Talks in Istanbul\n\nThe delegations met in Istanbul on Tuesday to discuss a ceasefire.\n"
)


def make_item(state: str = "failed", user: Any = None, **kw: Any) -> BatchItem:
    """One uploaded file in a batch of its own, in ``state``."""
    batch = Batch.objects.create(label="test", created_by=user)
    kw.setdefault("original", UPLOADED_TEXT)
    kw.setdefault("name", "a.txt")
    return BatchItem.objects.create(batch=batch, position=0, size=10, state=state, **kw)


def get_tag(slug: str, codebook: str | None = None) -> Tag:
    """A tag of the shipped codebooks by slug ("economic", "word-choice", ...)."""
    tags = Tag.objects.select_related("codebook").filter(slug=slug)
    return tags.get(codebook__slug=codebook) if codebook else tags.get()


def make_annotation(paragraph: Paragraph, tag: str = "political", **kw: Any) -> Annotation:
    """A tag on a passage, or on a pair when ``other`` is given, made through the services."""
    user = kw.pop("annotator", None) or make_user("researcher")
    other = kw.pop("other", None)
    if other is not None:
        pair = services.PairInput(
            paragraph, other, kw.pop("span", None), kw.pop("other_span", None)
        )
        return services.tag_pair(user, pair, get_tag(tag, "differences"), **kw)
    return services.tag_passage(user, paragraph, get_tag(tag, "frames"), **kw)


def make_wide_event(outlets: int = 6, passages: int = 18) -> tuple[Event, list[Paragraph]]:
    """One event of ``passages`` one-paragraph reports spread over ``outlets`` outlets."""
    made = [make_outlet() for _ in range(outlets)]
    paragraphs = [
        make_article(
            outlet=made[i % outlets], paragraphs=[f"Passage {i} on the summit."]
        ).paragraphs.get()
        for i in range(passages)
    ]
    return make_event(paragraphs), paragraphs
