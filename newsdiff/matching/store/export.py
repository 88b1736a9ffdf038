"""Events and the articles they come from, as JSON or CSV (``manage.py export_events``).

``paragraphs`` are an article's body paragraphs (furniture and headings removed), and a passage's
``paragraph_index`` is the position of its paragraph among them, from 0: the same index as in the
article's ``paragraphs`` list, so a consumer can look a passage up without another key.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from newsdiff.articles.models import Article, Paragraph
from newsdiff.matching.models import Event, EventParagraph

CSV_COLUMNS = [
    "event_id",
    "event_label",
    "period",
    "article_id",
    "outlet",
    "published",
    "source_file",
    "paragraph_index",
    "score",
    "text",
]


def body_index() -> dict[int, int]:
    """Paragraph id -> its index among its article's body paragraphs."""
    index: dict[int, int] = {}
    counts: dict[int, int] = {}
    rows = Paragraph.objects.body().order_by("article_id", "position")
    for pid, aid in rows.values_list("id", "article_id"):
        index[pid] = counts.get(aid, 0)
        counts[aid] = index[pid] + 1
    return index


def export_data() -> dict[str, Any]:
    index = body_index()
    body: dict[int, list[dict[str, Any]]] = {}
    for pid, aid, text in (
        Paragraph.objects.body()
        .order_by("article_id", "position")
        .values_list("id", "article_id", "text")
    ):
        body.setdefault(aid, []).append({"index": index[pid], "text": text})
    articles = [
        {
            "id": a.pk,
            "title": a.title,
            "outlet": a.outlet.name,
            "published": a.published.isoformat() if a.published else None,
            "source_file": a.source_file or None,
            "paragraphs": body.get(a.pk, []),
        }
        for a in Article.objects.select_related("outlet").order_by("id")
    ]
    members: dict[int, list[dict[str, Any]]] = {}
    for m in EventParagraph.objects.select_related("paragraph").order_by(
        "event_id", "article__published", "article_id", "paragraph__position"
    ):
        members.setdefault(m.event_id, []).append(
            {
                "article_id": m.article_id,
                # None for the headline: it stands above the body, not in it
                "paragraph_index": index.get(m.paragraph_id),
                "text": m.paragraph.text,
                "score": round(m.score, 4),
            }
        )
    events = [
        {
            "id": e.pk,
            "label": e.label,
            "period": e.period_label or None,
            "passages": members.get(e.pk, []),
        }
        for e in Event.objects.order_by("id")
    ]
    return {"articles": articles, "events": events}


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(data: dict[str, Any]) -> str:
    """One row per passage, with its event's and its article's columns repeated."""
    articles = {a["id"]: a for a in data["articles"]}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in data["events"]:
        for passage in event["passages"]:
            article = articles[passage["article_id"]]
            writer.writerow(
                {
                    "event_id": event["id"],
                    "event_label": event["label"],
                    "period": event["period"] or "",
                    "article_id": article["id"],
                    "outlet": article["outlet"],
                    "published": article["published"] or "",
                    "source_file": article["source_file"] or "",
                    "paragraph_index": passage["paragraph_index"],
                    "score": passage["score"],
                    "text": passage["text"],
                }
            )
    return out.getvalue()
