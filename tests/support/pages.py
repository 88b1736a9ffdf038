"""A small corpus built from the seed articles' real sentences, shared by the view tests.

The Istanbul-talks event as the seeds report it (RT twice, BelTA), plus outlets that were and
were not publishing at the time, so "not covered by" has something to say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import Client

from newsdiff.articles.models import Article, Outlet, Paragraph
from newsdiff.matching.models import Event
from tests.support.factories import make_article, make_event, make_outlet, make_story, vector

# RT's sentence that the Istanbul process was derailed: the event holding it is the
# Istanbul-talks event, once the seeds are ingested.
ISTANBUL_SENTENCE = "the process was derailed by then-UK Prime Minister Boris Johnson"


def istanbul_event() -> Event:
    """The seeds' Istanbul-talks event."""
    return (
        Event.objects.filter(members__paragraph__text__contains=ISTANBUL_SENTENCE).distinct().get()
    )


RT_2024 = (
    "Officials from Moscow and Kiev said the two sides were close to reaching a peace deal early "
    "in the Ukraine conflict. According to numerous reports, the process was derailed by then-UK "
    "Prime Minister Boris Johnson, who convinced Ukraine to continue fighting."
)
RT_2023 = (
    "Lavrov recalled that the two sides had essentially reached a peace agreement following talks "
    "in Istanbul in March 2022, noting that senior Ukrainian MP David Arakhamia, who led his "
    "country’s delegation, had recently confirmed this."
)
BELTA = (
    "This goes as far back as 2022, when, mainly on the orders of Boris Johnson [former UK Prime "
    "Minister], Kiev bailed out from the already agreed settlement agreement with Russia. Moscow "
    "“doesn't walk away from negotiations,” Sergey Lavrov emphasized."
)


HX = {"HTTP_HX_REQUEST": "true"}


def partial(client: Client, url: str, root: str, **params: object) -> str:
    """GET ``url`` as htmx does and check the answer is only the partial whose root is ``root``."""
    html = client.get(url, params, **HX).content.decode()
    assert html.lstrip().startswith(root), html[:200]
    assert "<html" not in html
    return html


@dataclass
class IstanbulStory:
    rt: Outlet
    belta: Outlet
    press_tv: Outlet
    ap: Outlet
    rt_article: Article
    belta_article: Article
    event: Event
    paragraphs: list[Paragraph]


def istanbul_corpus() -> IstanbulStory:
    rt, belta = make_outlet(name="RT"), make_outlet(name="BelTA")
    press_tv, ap = make_outlet(name="Press TV"), make_outlet(name="Associated Press")
    rt_article = make_article(
        outlet=rt,
        title="Lavrov debunks US claim on Ukraine talks",
        published=dt.date(2024, 1, 23),
        paragraphs=["Moscow has never closed the door to dialogue.", RT_2024],
    )
    rt_article.paragraphs.create(position=2, text="Leave a Reply", kind="furniture", reason="share")
    rt_older = make_article(outlet=rt, title="Lavrov on talks", published=dt.date(2023, 12, 15))
    rt_older.paragraphs.create(position=1, text=RT_2023)
    belta_article = make_article(
        outlet=belta,
        title="Lavrov: U.S. policy of unrestrained NATO expansion provoked conflict",
        published=dt.date(2024, 1, 18),
        paragraphs=[BELTA],
    )
    # Press TV published while the talks happened; AP only long before: AP is not "missing".
    make_article(outlet=press_tv, title="Russia keeps door open", published=dt.date(2022, 2, 14))
    make_article(outlet=ap, title="Security talks next month", published=dt.date(2021, 12, 22))
    members = [
        rt_article.paragraphs.get(position=1),
        rt_older.paragraphs.get(position=1),
        belta_article.paragraphs.get(),
    ]
    event = make_event(
        members,
        label="Istanbul talks · March 2022",
        period_start=dt.date(2022, 3, 1),
        period_end=dt.date(2022, 3, 31),
        key_terms=["Istanbul", "Boris Johnson", "peace deal"],
    )
    return IstanbulStory(rt, belta, press_tv, ap, rt_article, belta_article, event, members)


def many_events(n: int, outlets: int = 3) -> list[Event]:
    """``n`` events, each over one paragraph of each of ``outlets`` outlets, a month apart."""
    sources = [make_outlet(name=f"Outlet {i}") for i in range(outlets)]
    events = []
    for i in range(n):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=30 * i)
        paragraphs = [
            make_article(
                outlet=o, published=day, paragraphs=[f"Report {i} by {o.name}."]
            ).paragraphs.get()
            for o in sources
        ]
        events.append(make_event(paragraphs, label=f"Summit {i:03}", period_start=day))
    return events


def signing_reports() -> tuple[Article, Article]:
    """Two reports, each a paragraph on one signing (aligned by the matcher) and one on
    something else (weather, sport: aligned with nothing), with their vectors set by hand."""
    one = make_story(
        ["Negotiators met in Istanbul on Tuesday and Arakhamia signed.", "Weather was mild."],
        [vector(1), vector(2)],
    )
    two = make_story(
        ["In Istanbul on Tuesday, Arakhamia signed for Kyiv's negotiators.", "Sport results."],
        [vector(1), vector(3)],
    )
    return one, two


def third_signing_report() -> Article:
    return make_story(["Arakhamia signed in Istanbul on Tuesday, negotiators said."], [vector(1)])
