"""Server time of the researchers' pages as tags pile up on one big event.

    .venv/bin/python bench/framing.py [--runs 30]

Seeds a scratch SQLite database (DATABASE_URL, default a temp file) with one event of 40 reports
from 20 outlets (every cross-article pair aligned, as the matcher stores it), then times, as a
researcher seeing everyone's tags: the event page with no tags (the reference), with 200 and
with 1,000 tags (frames on passages and differences on pairs by 4 researchers), a pair's
tagging panel (the suggesters run on every open), the agreement page and the JSON export.
Prints median and p95 over the runs, the SQL queries per page, and the median against the
reference. Target: the event page's queries do not grow with the tags; p95 under 150 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import logging
import random

from _setup import django_on_scratch_db, measure

REPORTS = 40
TARGET_MS = 150.0


def seed(rng: random.Random) -> tuple[int, list[int]]:
    """One 40-report event; returns its id and its paragraph ids."""
    from django.db import transaction

    from newsdiff.articles.models import Article, Outlet, Paragraph
    from newsdiff.matching.models import Alignment, Event, EventParagraph

    words = [
        "talks",
        "Istanbul",
        "Kiev",
        "Kyiv",
        "Moscow",
        "delegation",
        "peace",
        "deal",
        "said",
        "claimed",
        "ceasefire",
    ]
    with transaction.atomic():
        outlets = Outlet.objects.bulk_create(Outlet(name=f"Outlet {i:02}") for i in range(20))
        articles = Article.objects.bulk_create(
            Article(
                title=f"Report {i}",
                outlet=outlets[i % 20],
                original=b"",
                source_format="txt",
                content_hash=hashlib.sha256(f"framing-{i}".encode()).hexdigest(),
            )
            for i in range(REPORTS)
        )
        paragraphs = Paragraph.objects.bulk_create(
            Paragraph(
                article=a,
                position=0,
                text=". ".join(" ".join(rng.choices(words, k=12)) for _ in range(3)) + ".",
            )
            for a in articles
        )
        event = Event.objects.create(label="Istanbul talks · March 2022")
        EventParagraph.objects.bulk_create(
            EventParagraph(event=event, paragraph=p, article_id=p.article_id, score=0.8)
            for p in paragraphs
        )
        Alignment.objects.bulk_create(
            Alignment(paragraph_a=a, paragraph_b=b, event=event, score=rng.random(), evidence={})
            for a, b in itertools.combinations(paragraphs, 2)
        )
    return event.pk, [p.pk for p in paragraphs]


def add_tags(n: int, paragraph_ids: list[int], rng: random.Random) -> None:
    """``n`` more tags through the services (each with its audit entry): 3/4 frames, 1/4 pairs."""
    from django.contrib.auth.models import User

    from newsdiff.articles.models import Paragraph
    from newsdiff.framing import services
    from newsdiff.framing.models import Tag

    users = list(User.objects.filter(username__startswith="researcher"))
    frames = list(Tag.objects.filter(codebook__slug="frames"))
    differences = list(Tag.objects.filter(codebook__slug="differences"))
    paragraphs = Paragraph.objects.in_bulk(paragraph_ids)
    for i in range(n):
        user = users[i % len(users)]
        if i % 4:
            paragraph = paragraphs[rng.choice(paragraph_ids)]
            services.tag_passage(user, paragraph, rng.choice(frames), "negative")
        else:
            a, b = rng.sample(paragraph_ids, 2)
            pair = services.PairInput(paragraphs[a], paragraphs[b])
            services.tag_pair(user, pair, rng.choice(differences))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    path = django_on_scratch_db("framing")
    logging.getLogger("django.request").setLevel(logging.ERROR)
    print(f"scratch database: {path}")
    rng = random.Random(10)
    event_id, paragraph_ids = seed(rng)

    from django.contrib.auth.models import Group, User
    from django.test import Client

    for i in range(4):
        user = User.objects.create_user(f"researcher{i}", password="x")
        user.groups.add(Group.objects.get(name="researcher"))
    client = Client()
    client.force_login(User.objects.get(username="researcher0"))
    a, b = sorted(paragraph_ids[:2])
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'median/ref':>10}")
    reference = None
    rows = [(0, "event page, no tags (reference)", f"/events/{event_id}/?others=1")]
    rows += [(200, "event page, 200 tags", f"/events/{event_id}/?others=1")]
    rows += [(800, "event page, 1000 tags", f"/events/{event_id}/?others=1")]
    rows += [(0, "pair panel (suggesters), 1000 tags", f"/framing/pairs/{a}/{b}/?others=1")]
    rows += [(0, "agreement page, 1000 tags", "/framing/agreement/?codebook=frames")]
    rows += [(0, "JSON export, 1000 tags", "/framing/export/?format=json")]
    for more, name, url in rows:
        add_tags(more, paragraph_ids, rng)
        median, p95, queries = measure(client, url, args.runs)
        reference = reference or median
        flag = "" if p95 <= TARGET_MS else "  (over target)"
        print(f"{name:40} {median:10.1f} {p95:8.1f} {queries:8d} {median / reference:10.2f}{flag}")


if __name__ == "__main__":
    main()
