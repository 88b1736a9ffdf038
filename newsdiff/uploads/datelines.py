"""Datelines of articles stored before the ingest read them (``manage.py reread_datelines``).

Such an article keeps its dateline ("ISTANBUL, March 29 (Harbor Wire) –") inside the paragraph
it opened, where it is matched, highlighted and tagged as if it were the story. ``plan`` reads
it as the ingest does (``articles.sources.find_dateline``) from the stored paragraphs;
``apply`` takes it out of the passage (a paragraph that was only the dateline goes; tags'
spans move with their words, ``articles.signals.text_trimmed``), stores it as the article's
dateline, gives an unknown outlet or date the ones it names (the year as the ingest finds it,
from the text, never after the day the file was received), notes all this in the article's
provenance, embeds the changed paragraph again and matches the article again, in one
transaction. The content hash is left alone: it covers the file as uploaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from newsdiff.articles import text as textlib
from newsdiff.articles.models import Article, Outlet, Paragraph
from newsdiff.articles.signals import text_trimmed
from newsdiff.articles.sources import date_from_dateline, find_dateline
from newsdiff.lib.fields import fit
from newsdiff.uploads.ingest import edited

COMMAND = "manage.py reread_datelines"


@dataclass(frozen=True)
class Reread:
    """What re-reading an article's dateline changes."""

    article: int
    dateline: str  # as written
    paragraph: int  # the paragraph it opened
    rest: str  # that paragraph's text without it ("" when it was only the dateline)
    outlet: str  # the outlet it gives an article whose outlet is unknown, else ""
    published: dt.date | None  # the date it gives an undated article, else None
    how: str  # how that date's year was found

    def summary(self) -> str:
        changes = [f"dateline “{self.dateline}”"]
        changes.append(f"paragraph {self.paragraph} " + ("trimmed" if self.rest else "removed"))
        if self.outlet:
            changes.append(f"outlet → {self.outlet}")
        if self.published:
            changes.append(f"date → {self.published.isoformat()}")
        return "; ".join(changes)


def stale() -> QuerySet[Article]:
    """Articles stored without a dateline: those ingested before datelines were read, and
    those that have none (``plan`` tells them apart)."""
    return Article.objects.filter(dateline="").order_by("pk")


def plan(article: Article) -> Reread | None:
    """What re-reading the article's dateline would change, or None if it has none."""
    rows = list(article.paragraphs.order_by("position"))
    lines = [textlib.Line(p.text, p.kind, p.reason) for p in rows]
    found = find_dateline(lines)
    if found is None:
        return None
    i, dateline = found
    rest = [*lines[:i], *lines[i + 1 :]]
    outlet = dateline.outlet if article.outlet_unknown and dateline.outlet else ""
    published, how = None, ""
    if article.published is None:
        when = date_from_dateline(dateline, rest, article.created.date())
        published, how = when.date, when.how
    return Reread(article.pk, dateline.text, rows[i].pk, dateline.rest, outlet, published, how)


def apply(article: Article, change: Reread) -> None:
    """Make the change ``plan`` found, note it and match the article again, in one
    transaction."""
    with transaction.atomic():
        paragraph = Paragraph.objects.select_for_update().get(pk=change.paragraph)
        edited_ids: set[int] = set()
        if change.rest:
            removed = len(paragraph.text) - len(change.rest)
            paragraph.text = change.rest
            paragraph.save(update_fields=["text"])
            text_trimmed.send(Paragraph, paragraph=paragraph.pk, removed=removed)
            edited_ids.add(paragraph.pk)
        else:
            paragraph.delete()
        article.dateline = fit(Article, "dateline", change.dateline)
        notes = [f"Dateline “{change.dateline}” taken out of the text by {COMMAND}."]
        if change.outlet:
            article.outlet = Outlet.objects.filter(
                name__iexact=change.outlet
            ).first() or Outlet.objects.create(name=fit(Outlet, "name", change.outlet))
            article.outlet_how = Article.How.DATELINE
            notes.append(f"Outlet read from it: {change.outlet}.")
        if change.published is not None:
            article.published = change.published
            article.published_precision = Article.Precision.DAY
            article.published_how = Article.How.DATELINE
            notes.append(f"Date read from it: {change.published.isoformat()}. {change.how}")
        article.how_known = f"{article.how_known}\n{' '.join(notes).strip()}".strip()
        article.save()
        edited(article, edited_ids)  # embeds the trimmed paragraph again, matches the article
