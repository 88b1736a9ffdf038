"""Who covered an event, and who was publishing at the time but left it out.

"Publishing at the time" is defined here, once, for the event page and the outlets page: an
outlet counts when it has at least one article dated inside the event's *window*, which runs
from the day before the event's period starts (a report can be dated the eve of what it
announces) to AFTER days after it ends (follow-up coverage). An outlet whose only article
predates the event was not publishing about it, and an outlet that mentioned the December 2021
draft treaty in a retrospective in January 2024 was not publishing at the time either: its
silence says nothing. Only an event whose period is unknown falls back to its first report (the
event happened by then). Articles without a date never count: an outlet is not blamed for an
absence we cannot place in time.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, QuerySet

from newsdiff.articles.models import Article, Outlet
from newsdiff.matching.models import Event, EventParagraph

BEFORE = dt.timedelta(days=1)
AFTER = dt.timedelta(days=30)


def window(
    period_start: dt.date | None, period_end: dt.date | None, reports: Iterable[dt.date | None]
) -> tuple[dt.date, dt.date] | None:
    """The dates an outlet must have published within to count as "publishing at the time":
    from BEFORE the event's period (else its earliest report) to AFTER its end."""
    if period_start is not None:
        return period_start - BEFORE, (period_end or period_start) + AFTER
    first = min((d for d in reports if d is not None), default=None)
    if first is None:
        return None
    return first - BEFORE, first + AFTER


def not_covering(span: tuple[dt.date, dt.date] | None, covering: Iterable[int]) -> QuerySet[Outlet]:
    """Outlets publishing within ``span`` that are not among ``covering`` (ids); one query."""
    if span is None:
        return Outlet.objects.none()
    return (
        Outlet.objects.filter(articles__published__range=span)
        .exclude(pk__in=list(covering))
        .distinct()
        .order_by("name")
    )


@dataclass
class OutletCoverage:
    outlet: Outlet
    covered: list[Event] = field(default_factory=list)
    missed: list[Event] = field(default_factory=list)


def outlet_coverage() -> list[OutletCoverage]:
    """Every outlet with its article figures and the events it covers or misses; four queries.

    Windows are checked in Python against each outlet's sorted publication dates: one pass over
    events x outlets with a binary search, instead of a correlated subquery per pair.
    """
    outlets = Outlet.objects.annotate(
        article_count=Count("articles"),
        first_published=Min("articles__published"),
        last_published=Max("articles__published"),
    ).order_by("name")
    events = list(
        Event.objects.newest_first().annotate(
            first_report=Min("members__article__published"),
            last_report=Max("members__article__published"),
        )
    )
    covered = set(
        EventParagraph.objects.values_list("event_id", "article__outlet_id").distinct().order_by()
    )
    dates: dict[int, list[dt.date]] = defaultdict(list)
    for outlet_id, published in (
        Article.objects.exclude(published=None)
        .values_list("outlet_id", "published")
        .distinct()
        .order_by("outlet_id", "published")
    ):
        if published is not None:  # excluded above; says so to the type checker
            dates[outlet_id].append(published)
    result = []
    for outlet in outlets:
        row = OutletCoverage(outlet)
        for event in events:
            if (event.pk, outlet.pk) in covered:
                row.covered.append(event)
            elif _published_within(
                dates[outlet.pk],
                window(
                    event.period_start,
                    event.period_end,
                    (event.first_report, event.last_report),  # type: ignore[attr-defined]
                ),
            ):
                row.missed.append(event)
        result.append(row)
    return result


def _published_within(sorted_dates: list[dt.date], span: tuple[dt.date, dt.date] | None) -> bool:
    if span is None:
        return False
    i = bisect.bisect_left(sorted_dates, span[0])
    return i < len(sorted_dates) and sorted_dates[i] <= span[1]
