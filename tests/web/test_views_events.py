"""newsdiff/web/views/events.py: the events page (home), an event, an alignment's evidence."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from newsdiff.framing import engine
from tests.support.factories import (
    make_article,
    make_event,
    make_outlet,
    make_paragraph,
    make_wide_event,
)
from tests.support.pages import HX, istanbul_corpus, many_events, partial

pytestmark = pytest.mark.django_db


def test_home_lists_events_with_outlets_counts_and_preview(client: Client) -> None:
    corpus = istanbul_corpus()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Events · newsdiff</title>" in html
    assert f'href="/events/{corpus.event.pk}/"' in html and "Istanbul talks · March 2022" in html
    # RT has two paragraphs in the event, BelTA one.
    # Each outlet's name links to its articles.
    assert (
        f'<a href="/articles/?outlet={corpus.rt.pk}">RT</a> <span class="n" title="paragraphs">2'
        in html
    )
    assert '>BelTA</a> <span class="n" title="paragraphs">1</span>' in html
    assert "Officials from Moscow and Kiev" not in html  # preview is the first report's passage
    assert "Lavrov recalled that the two sides" in html
    assert "HX-Request" in response["Vary"]


def test_home_htmx_request_gets_only_the_list(client: Client) -> None:
    istanbul_corpus()
    html = partial(client, "/", '<section id="event-list"')
    assert "event-filter" not in html
    assert "Istanbul talks" in html


def test_history_restore_gets_the_whole_page(client: Client) -> None:
    html = client.get("/", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HX).content.decode()
    assert "<html" in html


def test_events_are_newest_first_by_period(client: Client) -> None:
    events = many_events(3)
    html = client.get("/").content.decode()
    positions = [html.index(e.label) for e in events]
    assert positions == sorted(positions, reverse=True)


def test_filter_by_outlet(client: Client) -> None:
    corpus = istanbul_corpus()
    other = make_event(label="Minsk meeting")
    html = client.get("/", {"outlet": corpus.belta.pk}).content.decode()
    assert "Istanbul talks" in html and "Minsk meeting" not in html
    assert f'<option value="{corpus.belta.pk}" selected>BelTA</option>' in html
    html = client.get("/", {"outlet": other.members.first().article.outlet_id}).content.decode()
    assert "Istanbul talks" not in html and "Minsk meeting" in html


def test_search_matches_paragraph_text_and_previews_the_match(client: Client) -> None:
    istanbul_corpus()
    make_event(label="Minsk meeting")
    html = client.get("/", {"q": "bailed out"}, **HX).content.decode()
    assert "Istanbul talks" in html and "Minsk meeting" not in html
    assert "This goes as far back as 2022" in html  # the matching passage is the preview
    assert "0 events" in client.get("/", {"q": "no such words"}).content.decode()


def test_date_range_keeps_events_whose_period_overlaps(client: Client) -> None:
    istanbul_corpus()  # March 2022
    make_event(label="Minsk meeting", period_start=dt.date(2024, 1, 1))
    html = client.get("/", {"start": "2022-03-15", "end": "2022-04-30"}).content.decode()
    assert "Istanbul talks" in html and "Minsk meeting" not in html
    html = client.get("/", {"start": "2023-01-01"}).content.decode()
    assert "Istanbul talks" not in html and "Minsk meeting" in html


def test_bad_filters_are_reported_and_ignored(client: Client) -> None:
    istanbul_corpus()
    response = client.get("/", {"start": "2022-01-01", "end": "2021-01-01", "outlet": "999"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The end date is before the start date." in html
    assert "Select a valid choice" in html
    assert "Istanbul talks" in html  # the bad end date and outlet were ignored
    assert client.get("/", {"start": "not-a-date", "page": "x"}).status_code == 200


def test_pagination_keeps_filters_and_works_with_and_without_htmx(client: Client) -> None:
    many_events(25)
    html = client.get("/", {"q": "Report"}).content.decode()
    assert "Page 1 of 2" in html and "Summit 024" in html and "Summit 004" not in html
    assert 'href="/?q=Report&amp;page=2"' in html and 'hx-get="/?q=Report&amp;page=2"' in html
    page2 = client.get("/", {"q": "Report", "page": 2}, **HX).content.decode()
    assert "Summit 004" in page2 and "Summit 024" not in page2 and "<html" not in page2
    assert 'rel="prev" href="/?q=Report&amp;page=1"' in page2
    # A page past the end shows the last page rather than an error.
    assert "Summit 000" in client.get("/", {"page": 99}).content.decode()


def test_event_period_shown_by_label_by_dates_or_as_unknown(client: Client) -> None:
    make_event(label="Labelled", period_label="March 2022 <early>")
    make_event(
        label="Dated", period_start=dt.date(2021, 12, 1), period_end=dt.date(2021, 12, 31),
        period_label="",
    )  # fmt: skip
    one_day = make_event(label="One day", period_start=dt.date(2023, 9, 5), period_label="")
    make_event(label="Undated", period_start=None, period_end=None)
    html = client.get("/").content.decode()
    assert "March 2022 &lt;early&gt;" in html  # escaped
    assert (
        '<time datetime="2021-12-01">1 Dec 2021</time> – '
        '<time datetime="2021-12-31">31 Dec 2021</time>'
    ) in html
    assert '<time datetime="2023-09-05">5 Sep 2023</time> · ' in html  # no range for one day
    assert "date unknown" in html
    page = client.get(f"/events/{one_day.pk}/").content.decode()
    assert '<p class="meta"><time datetime="2023-09-05">5 Sep 2023</time> · ' in page


def test_events_page_query_count_does_not_grow(
    client: Client, django_assert_max_num_queries
) -> None:
    many_events(30, outlets=4)
    outlet = make_outlet(name="Filter me")
    with django_assert_max_num_queries(5):
        client.get("/", {"q": "Report", "outlet": outlet.pk, "start": "2020-01-01"})
    with django_assert_max_num_queries(4):
        client.get("/")


def test_event_page_has_a_column_per_outlet_and_rows_of_aligned_passages(client: Client) -> None:
    corpus = istanbul_corpus()
    response = client.get(f"/events/{corpus.event.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Istanbul talks · March 2022 · newsdiff</title>" in html
    # One column per outlet, in order of first report: RT (Dec 2023 and Jan 2024), then BelTA.
    assert html.count('role="columnheader"') == 2
    assert html.index(f'id="outlet-{corpus.rt.pk}"') < html.index(f'id="outlet-{corpus.belta.pk}"')
    assert 'class="grid" role="table"' in html and "scrolls" not in html
    # The three passages say the same thing: one row, RT's two reports in the RT cell.
    assert html.count('class="row" role="row"') == 1
    assert 'class="gap"' not in html
    # Each passage: its report's date and a link to its place in the article.
    assert f'href="/articles/{corpus.belta_article.pk}/#p0"' in html
    assert ">18 Jan 2024 · ¶1</a>" in html
    assert "3 reports from 2 outlets" in html


def test_a_passage_without_a_partner_leaves_a_gap_in_the_other_columns(client: Client) -> None:
    rt, belta = make_outlet(name="RT"), make_outlet(name="BelTA")
    rt_article = make_article(outlet=rt, paragraphs=["Talks in Istanbul.", "Johnson objected."])
    belta_article = make_article(outlet=belta, paragraphs=["Istanbul talks."])
    first, second = rt_article.paragraphs.order_by("position")
    event = make_event([first, second, belta_article.paragraphs.get()])
    # RT's second passage pairs with the same BelTA passage as its first: a report says a thing
    # once, so the weaker pairing becomes a row of its own with a gap under BelTA.
    event.alignments.filter(paragraph_a=second).update(score=0.6)
    html = client.get(f"/events/{event.pk}/").content.decode()
    rows = html.split('class="row" role="row"')[1:]
    assert len(rows) == 2
    assert "Talks in Istanbul." in rows[0] and "Istanbul talks." in rows[0]
    assert "objected" in rows[1] and "Istanbul talks." not in rows[1]
    assert '<p class="gap">Not in this report</p>' in rows[1]
    assert f'id="row-{first.pk}"' in html and f'id="row-{second.pk}"' in html


def test_more_than_three_outlets_scroll_sideways(client: Client) -> None:
    paragraphs = [
        make_article(outlet=make_outlet(), paragraphs=[f"Summit report {i}."]).paragraphs.get()
        for i in range(4)
    ]
    html = client.get(f"/events/{make_event(paragraphs).pk}/").content.decode()
    assert 'class="grid scrolls" role="table"' in html
    assert html.count('role="columnheader"') == 4


def test_scores_read_as_a_word_with_the_number(client: Client) -> None:
    corpus = istanbul_corpus()
    corpus.event.alignments.filter(paragraph_b=corpus.paragraphs[2]).update(score=1.22)
    html = client.get(f"/events/{corpus.event.pk}/").content.decode()
    assert '<span class="score strong"' in html and ">strong 1.22</span>" in html
    assert ">weak 0.70</span>" in html


@pytest.mark.nlp
def test_every_kind_and_the_strict_word_view_are_toggles(client: Client) -> None:
    corpus = istanbul_corpus()
    url = f"/events/{corpus.event.pk}/"
    html = client.get(url).content.decode()
    assert 'class="event"' in html and f'href="{url}?words=all"' in html
    assert f'href="{url}?kinds=all" hx-get="{url}?kinds=all"' in html
    assert '<mark class="word">' not in html
    # The strict view: every word no other report uses ("out" is ordinary wording).
    strict = partial(client, url, '<article id="event"', words="all")
    assert '<mark class="only">bailed</mark> <mark class="word">out</mark>' in strict
    assert 'class="event strict"' in strict and "Show the reliable kinds only" in strict
    # Every kind: the kinds judged unreliable too, each titled with its kind.
    every = partial(client, url, '<article id="event"', kinds="all")
    hidden = set(engine.KINDS) - engine.SHOWN_BY_DEFAULT
    assert any(f"k-{kind}" in every for kind in hidden)
    assert every.count("<mark") > html.count("<mark")
    assert "Show the reliable kinds only" in every and f'href="{url}?words=all"' in every
    # A bad value is the default view, not an error.
    bogus = client.get(url, {"words": "bogus", "kinds": "bogus"}).content.decode()
    assert 'class="event"' in bogus and '<mark class="word">' not in bogus


@pytest.mark.nlp
def test_event_page_marks_the_engine_s_differences_with_their_kind(client: Client) -> None:
    corpus = istanbul_corpus()
    html = client.get(f"/events/{corpus.event.pk}/").content.decode()
    # David Arakhamia: named in RT's 2023 passage only, against each passage aligned with it.
    title = "Person: David Arakhamia is named in one passage only (against RT, 23 Jan 2024, ¶2)"
    assert f'<mark class="only k-person" tabindex="0" title="{title}' in html
    assert re.search(
        r'<mark class="only k-person" tabindex="0" title="[^"]*">David Arakhamia</mark>', html
    )
    assert '<mark class="only k-person">person</mark> a person only one passage names' in html
    # Plain wording is left alone; a person is marked against the passages that lack him:
    # RT's 2024 passage names Boris Johnson, its 2023 one does not, BelTA's does.
    assert "bailed</mark>" not in html
    johnson = re.findall(r'title="([^"]*)">Boris Johnson</mark>', html)
    assert johnson and all("against RT, 15 Dec 2023" in t and "BelTA" not in t for t in johnson)
    assert all(
        re.fullmatch(r"k-(person|spelling)( k-\w+)*", kinds)
        for kinds in re.findall(r'<mark class="only ([^"]+)" tabindex=', html)
    )


def test_event_page_lists_outlets_publishing_at_the_time_that_left_it_out(client: Client) -> None:
    corpus = istanbul_corpus()
    html = client.get(f"/events/{corpus.event.pk}/").content.decode()
    # Press TV's only article is of 14 February, two weeks before the talks' March: it was not
    # publishing at the time, nor was AP (December 2021).
    assert "Not covered by" not in html and "Press TV" not in html
    assert "Associated Press" not in html
    assert "between 28 Feb 2022 and 30 Apr 2022" in html
    eve = make_article(outlet=corpus.press_tv, published=dt.date(2022, 2, 28))
    html = client.get(f"/events/{corpus.event.pk}/").content.decode()
    assert (
        f'<strong>Not covered by:</strong> <a href="/articles/?outlet={corpus.press_tv.pk}">'
        "Press TV</a>" in html
    )
    eve.published = dt.date(2022, 5, 1)  # 31 days after the talks ended
    eve.save()
    assert "Not covered by" not in client.get(f"/events/{corpus.event.pk}/").content.decode()


def test_a_retrospective_years_later_does_not_make_an_outlet_missing(client: Client) -> None:
    """BelTA recalling the December 2021 draft treaty in 2024 was not covering
    December 2021; an outlet publishing that month was."""
    belta, press_tv = make_outlet(name="BelTA"), make_outlet(name="Press TV")
    make_article(outlet=belta, published=dt.date(2024, 1, 18))
    make_article(outlet=press_tv, published=dt.date(2022, 1, 10))
    reports = [
        make_article(published=dt.date(2021, 12, 17)).paragraphs.get(),
        make_article(published=dt.date(2024, 1, 23)).paragraphs.get(),  # recalled years later
    ]
    event = make_event(reports, period_start=dt.date(2021, 12, 1), period_end=dt.date(2021, 12, 31))
    html = client.get(f"/events/{event.pk}/").content.decode()
    assert f'<strong>Not covered by:</strong> <a href="/articles/?outlet={press_tv.pk}">' in html
    assert "BelTA" not in html
    assert "between 30 Nov 2021 and 30 Jan 2022" in html


def test_an_event_without_a_period_is_placed_by_its_first_report(client: Client) -> None:
    early, late = make_outlet(name="Early Wire"), make_outlet(name="Late Wire")
    make_article(outlet=early, published=dt.date(2022, 6, 20))
    make_article(outlet=late, published=dt.date(2023, 6, 1))
    reports = [
        make_article(published=dt.date(2022, 6, 1)).paragraphs.get(),
        make_article(published=dt.date(2023, 6, 2)).paragraphs.get(),
    ]
    event = make_event(reports, period_start=None, period_end=None)
    html = client.get(f"/events/{event.pk}/").content.decode()
    assert f'Not covered by:</strong> <a href="/articles/?outlet={early.pk}">Early Wire' in html
    assert "Late Wire" not in html


def test_event_page_links_each_alignment_to_its_evidence(client: Client) -> None:
    corpus = istanbul_corpus()
    html = client.get(f"/events/{corpus.event.pk}/").content.decode()
    for alignment in corpus.event.alignments.all():
        url = f"/pairs/{alignment.paragraph_a_id}-{alignment.paragraph_b_id}/"
        assert f'href="{url}" hx-get="{url}"' in html
    # The links inherit where the evidence goes from their list: the slot under the passage,
    # so on a phone it opens next to the link tapped.
    for paragraph in corpus.paragraphs:
        slot = f"#slot-{paragraph.pk}"
        assert f'hx-target="{slot}" hx-swap="innerHTML show:{slot}:top"' in html
        assert f'<div class="evidence-slot" id="slot-{paragraph.pk}"></div>' in html


def test_event_htmx_request_gets_only_the_passages(client: Client) -> None:
    corpus = istanbul_corpus()
    partial(client, f"/events/{corpus.event.pk}/", '<article id="event"')


def test_event_page_query_count_does_not_grow(
    client: Client, django_assert_max_num_queries
) -> None:
    event, _ = make_wide_event()
    # 4, and 2 for the articles the differences engine reads the passages with (their events,
    # their paragraphs), 2 for the stored differences (read, and those found now stored)
    with django_assert_max_num_queries(8):
        assert client.get(f"/events/{event.pk}/").status_code == 200


def test_unknown_event_and_alignment_are_404(client: Client) -> None:
    assert client.get("/events/999/").status_code == 404
    assert client.get("/alignments/999/").status_code == 404
    a, b = make_paragraph(), make_paragraph()
    assert client.get(f"/pairs/{a.pk}-{b.pk}/").status_code == 404  # never aligned
    assert client.get(f"/pairs/{a.pk}-{a.pk}/").status_code == 404


def test_alignment_id_leads_to_the_pair_address(client: Client) -> None:
    corpus = istanbul_corpus()
    alignment = corpus.event.alignments.first()
    assert alignment is not None
    pair = f"/pairs/{alignment.paragraph_a_id}-{alignment.paragraph_b_id}/"
    assert alignment.get_absolute_url() == pair
    response = client.get(f"/alignments/{alignment.pk}/")
    assert (response.status_code, response["Location"]) == (301, pair)
    backwards = client.get(f"/pairs/{alignment.paragraph_b_id}-{alignment.paragraph_a_id}/")
    assert (backwards.status_code, backwards["Location"]) == (301, pair)


@pytest.mark.nlp
def test_alignment_evidence_page_and_panel(client: Client, django_assert_max_num_queries) -> None:
    corpus = istanbul_corpus()
    rt_2024, _, belta = corpus.paragraphs
    alignment = corpus.event.alignments.get(paragraph_a=rt_2024, paragraph_b=belta)
    url = f"/pairs/{alignment.paragraph_a_id}-{alignment.paragraph_b_id}/"
    # the pair with its evidence, people's decisions; the articles the differences engine
    # reads the two passages with (their events, their paragraphs); the stored differences
    # (read, and found now stored)
    with django_assert_max_num_queries(6):
        page = client.get(url).content.decode()
    assert "<title>Evidence: RT ↔ BelTA · newsdiff</title>" in page
    assert f'href="/events/{corpus.event.pk}/"' in page  # back to the event without JS
    for html in (page, client.get(url, **HX).content.decode()):
        assert "<dt>Embedding similarity</dt><dd>0.61</dd>" in html
        assert "<dt>Shared terms</dt><dd>istanbul; talks</dd>" in html
        assert "<dt>Resolved dates</dt><dd>March 2022</dd>" in html
        # The pair's own differences: BelTA names Sergey Lavrov, RT's passage does not.
        title = "Person: Sergey Lavrov is named in one passage only (against RT, ¶2)"
        assert (
            f'<mark class="only k-person" tabindex="0" title="{title}">Sergey Lavrov</mark>' in html
        )
        assert f'href="{url}?kinds=all"' in html
    panel = partial(client, url, '<section id="evidence"')
    assert "Close</button>" in panel and "Close</button>" not in page


def test_the_evidence_panel_says_what_the_score_means(client: Client) -> None:
    corpus = istanbul_corpus()
    alignment = corpus.event.alignments.first()
    alignment.score = 1.22
    alignment.save()
    html = partial(client, alignment.get_absolute_url(), '<section id="evidence"')
    assert '<strong class="score strong">strong</strong> 1.22: Very probably the same' in html
    assert "Scale: strong ≥ 1.00 · likely 0.85–1.00 · weak below 0.85" in html
    assert 'data-close-remove="#evidence"' in html  # closing leaves no empty frame


def test_the_pair_page_shows_evidence_against_an_event(client: Client) -> None:
    corpus = istanbul_corpus()
    alignment = corpus.event.alignments.first()
    assert alignment is not None
    released = alignment.paragraph_a_id
    alignment.evidence = {
        **alignment.evidence,
        "against": {"event": 41, "member": released, "conflicts": [7, 8]},
    }
    alignment.save()
    page = client.get(f"/pairs/{alignment.paragraph_a_id}-{alignment.paragraph_b_id}/")
    assert (
        "<dt>Evidence against an event</dt><dd>passage "
        f"{released} was released from event 41: the new passage matches it strongly"
    ) in page.content.decode()
