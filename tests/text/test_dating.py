"""Date expressions resolved against the publication date, with their role."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.dates_gold import score
from newsdiff.text import nlp
from newsdiff.text.dating import DEADLINE, MENTIONED, REPORTED, find_dates, plain_role, resolve

D = dt.date
WEDNESDAY = D(2022, 3, 30)

# Accuracy floors per kind on tests/text/dates_gold.json (both splits), a little under what
# bench/dates_gold.py measures (docs/dates.md): a change that loses an item of a kind fails.
FLOORS = {
    "relative": 0.92,
    "weekday": 0.96,
    "absolute": 1.00,
    "yearless": 0.96,
    "range": 1.00,
    "mentioned": 0.94,
    "deadline": 1.00,
}


@pytest.mark.parametrize(
    ("expression", "future", "period"),
    [
        ("yesterday", False, (D(2022, 3, 29), D(2022, 3, 29))),
        ("last week", False, (D(2022, 3, 21), D(2022, 3, 27))),
        ("on Tuesday", False, (D(2022, 3, 29), D(2022, 3, 29))),
        ("Wednesday", False, (WEDNESDAY, WEDNESDAY)),
        ("Thursday", True, (D(2022, 3, 31), D(2022, 3, 31))),
        ("five weeks ago", False, (D(2022, 2, 21), D(2022, 2, 27))),
        ("earlier this month", False, (D(2022, 3, 1), WEDNESDAY)),
        ("Feb. 28", False, (D(2022, 2, 28), D(2022, 2, 28))),
        ("Jan. 10", True, (D(2023, 1, 10), D(2023, 1, 10))),
        ("March 2014", False, (D(2014, 3, 1), D(2014, 3, 31))),
        ("March 29-30", False, (D(2022, 3, 29), D(2022, 3, 30))),
        ("between 2014 and 2021", False, (D(2014, 1, 1), D(2021, 12, 31))),
        ("late 2023", False, (D(2023, 9, 1), D(2023, 12, 31))),
        ("mid-November", False, (D(2021, 11, 11), D(2021, 11, 20))),
        ("the 1990s", False, (D(1990, 1, 1), D(1999, 12, 31))),
    ],
)
def test_one_expression_resolves_against_the_publication_date(expression, future, period):
    resolved = resolve(expression, WEDNESDAY, future)
    assert resolved is not None and resolved[0] == period


def test_a_duration_is_not_a_date():
    assert resolve("three weeks", WEDNESDAY) is None
    assert resolve("Feb. 28", None) is None  # no year to give it


@pytest.mark.nlp
def test_a_past_event_and_a_deadline_do_not_date_the_report():
    text = (
        "NATO leaders meeting on Tuesday revisited the promise of the 2008 Bucharest summit "
        "and want Ukraine's reforms finished by June 2023."
    )
    found = {m.text: m for m in find_dates(text, nlp.analyse([text])[0], WEDNESDAY)}
    assert found["Tuesday"].role == REPORTED
    assert found["2008"].role == MENTIONED
    deadline = next(m for m in found.values() if "June 2023" in m.text)
    assert (deadline.role, deadline.first) == (DEADLINE, D(2023, 6, 1))


@pytest.mark.nlp
def test_since_reaches_to_the_publication_date():
    text = "Since 2014, Russia has controlled Crimea."
    [since] = find_dates(text, nlp.analyse([text])[0], WEDNESDAY)
    assert (since.text, since.first, since.last) == ("Since 2014", D(2014, 1, 1), WEDNESDAY)


@pytest.mark.nlp
def test_the_labelled_set_keeps_its_accuracy_per_kind():
    results = score()
    for kind, floor in FLOORS.items():
        right, total = results[kind]["nlp"]
        timex_right, _ = results[kind]["timex"]
        assert right / total >= floor, (kind, right, total)
        # Never worse than the regular expressions at resolving a date; the roles the matcher's
        # resolver reads with the plain rules (``plain_role``) may come out a little better
        # there, where a parse mistakes a bound ("since 1939") for the report's date.
        if kind not in ("mentioned", "deadline"):
            assert right >= timex_right, kind
    assert results["all"]["nlp"][0] >= results["all"]["timex"][0]
    assert results["all"]["nlp"][1] >= 100


def test_plain_rules_set_aside_what_a_passage_does_not_report() -> None:
    def role(text: str, expression: str) -> str:
        start = text.index(expression)
        return plain_role(text, start, start + len(expression))

    assert role("Russia wants NATO back where it was after May 1997.", "May 1997") == MENTIONED
    assert role("The drafts return NATO to its borders as of 1997.", "1997") == MENTIONED
    assert role("Kyiv cited the 1994 Budapest Memorandum.", "1994") == MENTIONED
    assert role("Moscow says NATO ignored the Founding Act of 1997.", "1997") == MENTIONED
    assert role("Kyiv wants a ceasefire agreed by the end of April.", "April") == DEADLINE
    assert role("At a 2008 summit in Bucharest, NATO made a promise.", "2008") == REPORTED
    assert role("By late 2023, the offensive had stalled.", "2023") == REPORTED
    assert role("They met in the spring of 2022.", "2022") == REPORTED
    text = "It was the first offer since Russia invaded on February 24, 2022."
    assert role(text, "February 24, 2022") == MENTIONED
