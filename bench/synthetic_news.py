"""A generator of multi-outlet news coverage with known truth, for measuring the matcher.

Four topics, three distinct events each. Events of one topic share their actors, issue and
vocabulary (the hard case: same topic, different moment), and are told with the *same* sentence
templates, so only the place, the date, the figures and the quotes tell them apart. Each event is
covered by three outlets, each in its own words (one paraphrase template per outlet), published
0-2 days after it with the date said the way news says it ("on Tuesday", "yesterday", "on 14
March"). Articles also recall an earlier event of their topic in a background paragraph, dated
relative to their own publication ("last month", "in March 2023"), and carry a generic topic
paragraph that reports no event at all.

Truth: two paragraphs of different articles are aligned when they report the same event, not
aligned when they report different events or one reports none; two generic paragraphs are
left unjudged (same stance, no event).
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field

from newsdiff.matching.core.features import ArticleInput

TOPICS = [
    {
        "topic": "port strike",
        "a": "the dockworkers' union",
        "b": "the port authority",
        "issue": "wages and automation at the container terminals",
        "generic": [
            "Dockworkers have complained for years that automation threatens thousands of jobs "
            "at the country's busiest ports.",
            "The port handles a large share of the nation's container traffic, and any stoppage "
            "is felt quickly by importers and retailers.",
            "Union leaders have long argued that the port's record profits should be shared "
            "with the workers who load and unload the ships.",
        ],
        "events": [
            ("Rotterdam", 17, "ships", "stranded offshore", "Jan de Vries",
             "We will not go back to work for promises on paper"),
            ("Antwerp", 42, "cranes", "idle for the whole shift", "Marleen Peeters",
             "This agreement protects every job on the quay until 2030"),
            ("Hamburg", 260, "containers", "left on the dock after the walkout", "Klaus Becker",
             "The robots do not pay taxes, our members do"),
        ],
    },
    {
        "topic": "rate decision",
        "a": "the central bank",
        "b": "the finance ministry",
        "issue": "inflation and the cost of borrowing",
        "generic": [
            "Inflation has squeezed household budgets, and economists disagree on how quickly "
            "prices will come down.",
            "Mortgage holders are watching the bank closely because most home loans in the "
            "country carry variable rates.",
            "The bank's independence from the government has been a recurring subject of debate "
            "among politicians.",
        ],
        "events": [
            ("Frankfurt", 25, "basis points", "added to the main rate", "Isabel Schnabel",
             "Inflation is still far too high and we will act as long as needed"),
            ("Vienna", 50, "basis points", "cut from the deposit rate", "Robert Holzmann",
             "The fight against inflation has been won for now"),
            ("Lisbon", 75, "billion euros", "set aside for bond purchases", "Mario Centeno",
             "Markets needed a clear signal that we will not let spreads explode"),
        ],
    },
    {
        "topic": "wildfire",
        "a": "the fire brigade",
        "b": "the regional government",
        "issue": "evacuations and firefighting resources",
        "generic": [
            "Summers in the region have grown hotter and drier, and the fire season now starts "
            "weeks earlier than it did a generation ago.",
            "Firefighters have warned that budget cuts left them short of aircraft and crews.",
            "Scientists link the growing number of large fires to climate change and to "
            "abandoned farmland overgrown with brush.",
        ],
        "events": [
            ("Evia", 1400, "residents", "evacuated by ferry", "Nikos Kardamakis",
             "The flames reached the beach before the boats did"),
            ("Tenerife", 3800, "hectares", "burned in the pine forest", "Rosa Davila",
             "We have never seen a fire behave like this on the island"),
            ("Sardinia", 600, "firefighters", "sent with water bombers", "Christian Solinas",
             "Whoever lit these fires will be found and punished"),
        ],
    },
    {
        "topic": "trade talks",
        "a": "the European Commission",
        "b": "the Mercosur negotiators",
        "issue": "tariffs on beef, cars and deforestation rules",
        "generic": [
            "European farmers fear that cheaper South American beef would undercut them, and "
            "have protested against the deal in several capitals.",
            "Environmental groups say the agreement would accelerate the clearing of the Amazon.",
            "The negotiations have dragged on for more than two decades.",
        ],
        "events": [
            ("Brasilia", 99, "tariff lines", "removed from the draft text", "Valdis Dombrovskis",
             "We are closer than we have ever been"),
            ("Montevideo", 180, "thousand tonnes", "of beef allowed in at a lower tariff",
             "Luis Lacalle Pou", "Uruguay cannot wait another twenty years"),
            ("Buenos Aires", 12, "chapters", "left open after the round", "Javier Milei",
             "A bad deal is worse than no deal"),
        ],
    },
]  # fmt: skip

# One paraphrase per outlet for each facet of an event. {when} is the outlet's date phrase.
LEAD = [
    "{A_cap} and {b} met in {place} {when} for talks on {issue}.",
    "Talks between {a} and {b} on {issue} took place in {place} {when}.",
    "{When_cap}, representatives of {a} sat down with {b} in {place} to discuss {issue}.",
]
FIGURES = [
    "By the end of the day, {number} {unit} had been {outcome}, according to officials in {place}.",
    "Officials in {place} said {number} {unit} were {outcome}.",
    "In {place}, the count stood at {number} {unit} {outcome}, a figure confirmed by both sides.",
]
QUOTE = [
    '"{quote}," {person} told reporters in {place}.',
    '{person} put it bluntly: "{quote}."',
    'Speaking after the meeting, {person} said: "{quote}."',
]
BACKGROUND = [
    "The dispute echoes the {place} meeting {ago}, when {number} {unit} were {outcome}.",
    "{Ago_cap}, a similar round in {place} ended with {number} {unit} {outcome}.",
    "It is not the first such episode: in {place} {ago}, {person} warned that {quote_l}.",
]
OUTLETS = ["Daily Ledger", "Morning Wire", "Continental Post"]


@dataclass
class SyntheticCorpus:
    articles: list[ArticleInput] = field(default_factory=list)
    labels: dict[tuple[int, int], bool] = field(default_factory=dict)
    # paragraph id -> the event it reports (None: a generic paragraph)
    truth: dict[int, int | None] = field(default_factory=dict)


def _when(event_day: dt.date, published: dt.date, style: int) -> str:
    delta = (published - event_day).days
    if style == 0 or delta > 1:
        return f"on {calendar.day_name[event_day.weekday()]}"
    if style == 1 and delta == 1:
        return "yesterday"
    return f"on {event_day.day} {calendar.month_name[event_day.month]}"


def _ago(event_day: dt.date, published: dt.date, style: int) -> str:
    months = (published.year - event_day.year) * 12 + published.month - event_day.month
    if style == 0 and months == 1:
        return "last month"
    if style == 1 and published.year - event_day.year == 1:
        return f"in {calendar.month_name[event_day.month]} last year"
    return f"in {calendar.month_name[event_day.month]} {event_day.year}"


def generate(seed: int = 7) -> SyntheticCorpus:
    rng = random.Random(seed)
    corpus = SyntheticCorpus()
    next_pid = iter(range(1, 10**6))
    start = dt.date(2023, 1, 9)
    event_id = 0
    for t, topic in enumerate(TOPICS):
        days = sorted(start + dt.timedelta(days=rng.randrange(0, 600) + t) for _ in topic["events"])
        for e, (place, number, unit, outcome, person, quote) in enumerate(topic["events"]):
            day = days[e]
            for o, outlet in enumerate(OUTLETS):
                published = day + dt.timedelta(days=rng.choice([0, 1, 1, 2]))
                slots = {
                    "a": topic["a"], "b": topic["b"], "issue": topic["issue"], "place": place,
                    "number": f"{number:,}", "unit": unit, "outcome": outcome,
                    "person": person, "quote": quote,
                    "when": _when(day, published, (o + e) % 3),
                }  # fmt: skip
                slots["A_cap"] = slots["a"][0].upper() + slots["a"][1:]
                slots["When_cap"] = slots["when"][0].upper() + slots["when"][1:]
                style = (o + e + t) % 3
                paragraphs = [
                    (LEAD[style].format(**slots), event_id + e),
                    (FIGURES[(style + 1) % 3].format(**slots), event_id + e),
                    (QUOTE[(style + 2) % 3].format(**slots), event_id + e),
                    (topic["generic"][(o + e) % 3], None),
                ]
                if e > 0:  # recall an earlier event of the topic
                    past = rng.randrange(0, e)
                    p_place, p_number, p_unit, p_outcome, p_person, p_quote = topic["events"][past]
                    ago = _ago(days[past], published, o % 3)
                    back = BACKGROUND[(o + t) % 3].format(
                        place=p_place, ago=ago, Ago_cap=ago[0].upper() + ago[1:],
                        number=f"{p_number:,}", unit=p_unit, outcome=p_outcome,
                        person=p_person, quote_l=p_quote[0].lower() + p_quote[1:],
                    )  # fmt: skip
                    paragraphs.insert(rng.choice([2, 3]), (back, event_id + past))
                body = []
                for text, truth in paragraphs:
                    pid = next(next_pid)
                    corpus.truth[pid] = truth
                    body.append((pid, text))
                aid = len(corpus.articles) + 1
                corpus.articles.append(ArticleInput(aid, outlet, published, body))
        event_id += len(topic["events"])
    article_of = {pid: a.id for a in corpus.articles for pid, _ in a.paragraphs}
    ids = sorted(corpus.truth)
    for i, x in enumerate(ids):
        for y in ids[i + 1 :]:
            if article_of[x] == article_of[y]:
                continue
            tx, ty = corpus.truth[x], corpus.truth[y]
            if tx is None and ty is None:
                continue  # two generic paragraphs: same stance, no event; not judged
            corpus.labels[(x, y)] = tx is not None and tx == ty
    return corpus
