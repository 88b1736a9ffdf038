"""Server time of the journalist pages on a corpus of 10k generated articles.

    .venv/bin/python bench/pages.py [--articles 10000] [--runs 60]

Seeds a scratch SQLite database (DATABASE_URL, default a temp file) with generated outlets,
articles (body paragraphs and furniture), events, memberships and alignments in the shapes the
matcher writes, then times the events page, an event page and an article page through the
Django test client: median and p95 over the runs, and the SQL queries each page issues.
Target: p95 under 150 ms per page. The reference row is a 404 through the same stack (the
framework's floor in this run); the ratio column is each page's median against its median.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import logging
import random
import time

from _setup import ROOT, django_on_scratch_db, measure

OUTLETS = 20
PARAGRAPHS_PER_ARTICLE = 8
TARGET_MS = 150.0


def vocabulary() -> list[str]:
    """Words of the seed articles, so generated text has realistic lengths and letters."""
    import re

    text = " ".join(p.read_text("utf-8") for p in (ROOT / "seeds" / "articles").glob("*.txt"))
    return re.findall(r"[A-Za-z][a-z’']+", text)


def seed(n_articles: int, rng: random.Random) -> None:
    from django.db import transaction

    from newsdiff.articles.models import Article, Outlet, Paragraph
    from newsdiff.matching.models import Alignment, Event, EventParagraph

    words = vocabulary()

    def sentence(k: int) -> str:
        return " ".join(rng.choice(words) for _ in range(k)).capitalize() + "."

    def paragraph() -> str:
        return " ".join(sentence(14) for _ in range(4))

    start = dt.date(2021, 1, 1)
    heads = [
        (sentence(8)[:-1], start + dt.timedelta(days=rng.randrange(3 * 365)))
        for _ in range(n_articles)
    ]
    bodies = [[paragraph() for _ in range(PARAGRAPHS_PER_ARTICLE)] for _ in range(n_articles)]
    with transaction.atomic():
        outlets = Outlet.objects.bulk_create(Outlet(name=f"Outlet {i:02}") for i in range(OUTLETS))
        articles = Article.objects.bulk_create(
            (
                Article(
                    title=title,
                    outlet=outlets[i % OUTLETS],
                    published=published,
                    published_precision="day",
                    # The uploaded file, as a .txt upload keeps it: the pages must not pay for it.
                    original="\n\n".join([title, "Share this article", *body]).encode(),
                    source_format="txt",
                    content_hash=hashlib.sha256(f"bench-{i}".encode()).hexdigest(),
                )
                for i, ((title, published), body) in enumerate(zip(heads, bodies, strict=True))
            ),
            batch_size=2000,
        )
        paragraphs = Paragraph.objects.bulk_create(
            itertools.chain.from_iterable(
                [
                    Paragraph(article=a, position=0, text="Share this article", kind="furniture"),
                    *(
                        Paragraph(article=a, position=p, text=text)
                        for p, text in enumerate(body, 1)
                    ),
                ]
                for a, body in zip(articles, bodies, strict=True)
            ),
            batch_size=2000,
        )
        body = [p for p in paragraphs if p.kind == "body"]
        by_day: dict[dt.date, list[int]] = {}
        for index, article in enumerate(articles):
            by_day.setdefault(article.published, []).append(index)  # type: ignore[arg-type]

        def near(event: Event) -> list[int]:
            return [
                i
                for d in range(7)
                for i in by_day.get(event.period_start + dt.timedelta(days=d), [])  # type: ignore[operator]
            ]

        # One event per ~5 articles: 3-8 articles of different outlets reporting within a week.
        members, pairs, seen = [], [], set()
        events = Event.objects.bulk_create(
            Event(
                label=f"{rng.choice(words)} · {rng.choice(words)} · event {e}",
                period_start=start + dt.timedelta(days=(day := rng.randrange(3 * 365))),
                period_end=start + dt.timedelta(days=day + rng.randrange(31)),
                period_label="",
                key_terms=rng.sample(words, 5),
            )
            for e in range(n_articles // 5)
        )
        for event in events:
            # The first event is a big story: 40 reports, to show how the event page scales.
            if event is events[0]:
                chosen = rng.sample(range(len(articles)), 40)
            else:
                chosen = rng.sample(near(event), min(len(near(event)), rng.randint(3, 8)))
            picked = [
                body[i * PARAGRAPHS_PER_ARTICLE + rng.randrange(PARAGRAPHS_PER_ARTICLE)]
                for i in chosen
            ]
            members += [
                EventParagraph(
                    event=event, paragraph=p, article_id=p.article_id, score=rng.random()
                )
                for p in picked
            ]
            pairs += [
                Alignment(
                    paragraph_a=a,
                    paragraph_b=b,
                    event=event,
                    score=rng.random(),
                    evidence={"similarity": rng.random(), "shared_terms": rng.sample(words, 3)},
                )
                for a, b in itertools.combinations(sorted(picked, key=lambda p: p.pk), 2)
                # A pair in two events is stored once, as the matcher does.
                if (a.pk, b.pk) not in seen and not seen.add((a.pk, b.pk))
            ]
        EventParagraph.objects.bulk_create(members, batch_size=2000)
        Alignment.objects.bulk_create(pairs, batch_size=2000)
    print(
        f"seeded {len(articles)} articles, {len(paragraphs)} paragraphs, {len(events)} events, "
        f"{len(members)} memberships, {len(pairs)} alignments"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    path = django_on_scratch_db("pages")
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the reference 404s
    print(f"scratch database: {path}")
    t0 = time.perf_counter()
    seed(args.articles, random.Random(4))
    print(f"seeding took {time.perf_counter() - t0:.1f} s")

    from django.db.models import Count
    from django.test import Client

    from newsdiff.matching.models import Event, EventParagraph

    # A typical event, the biggest one, and the article in the most events.
    sizes = Event.objects.annotate(n=Count("members"))
    event = sizes.filter(n=5).first()
    big = sizes.order_by("-n").first()
    article_id = (
        EventParagraph.objects.values("article_id").annotate(n=Count("id")).order_by("-n")[0]
    )["article_id"]
    assert event is not None and big is not None
    outlet = event.members.first().article.outlet_id  # type: ignore[union-attr]
    pages = {
        "404 (reference)": "/no-such-page/",
        "events page": "/",
        "events page, htmx filter": f"/?q=Moscow&outlet={outlet}&start=2022-01-01",
        f"event page ({event.members.count()} passages)": f"/events/{event.pk}/",
        f"event page ({big.members.count()} passages)": f"/events/{big.pk}/",
        "article page": f"/articles/{article_id}/",
    }
    client = Client()
    print(f"{'page':38} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'median/ref':>10}")
    reference = None
    failed = False
    for name, url in pages.items():
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in name else {}
        client.defaults = headers
        median, p95, n_queries = measure(client, url, args.runs, ok=(200, 404))
        reference = reference or median
        ok = "" if "reference" in name or p95 < TARGET_MS else "  over target"
        failed = failed or bool(ok)
        print(f"{name:38} {median:10.1f} {p95:8.1f} {n_queries:8d} {median / reference:10.0f}{ok}")
    print(f"target: p95 < {TARGET_MS:.0f} ms per page: {'missed' if failed else 'met'}")


if __name__ == "__main__":
    main()
