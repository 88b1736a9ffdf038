"""A study in Chromium: a lead creates a study of two events with 20% overlap for two coders;
coder A works the queue by keyboard; coder B, blind, finds none of A's tags anywhere until B
has coded the item; the lead reads agreement per variable, adjudicates in the curation view
and finds the label in the export, the API, the table and the chart.

The events are built with the factories (no model): the flow, not the matcher, is under test.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from newsdiff.accounts.roles import add_user
from newsdiff.framing.models import Adjudication, Annotation, Assignment, StudyItem
from tests.browser import log_in, screenshot
from tests.factories import make_article, make_event, make_user
from tests.pages import istanbul_corpus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def work_queue(page: Page, base: str, study: int, keys: list[str], after=None) -> int:
    """Code every item of the coder's queue by keyboard: digit, tone, next; returns how many."""
    page.goto(f"{base}/framing/studies/{study}/queue/")
    screenshot(page, "laptop-study-queue")
    done = 0
    while page.locator("#code-form").count():
        for key in keys:
            page.keyboard.press(key)
        with page.expect_navigation():
            page.keyboard.press("n")
        done += 1
        if after:
            after(done)
    expect(page.locator("#queue h1")).to_have_text("All done")
    return done


def test_a_study_from_design_to_adjudicated_export(browser: Browser, live_server) -> None:
    base = live_server.url
    corpus = istanbul_corpus()
    second = make_event(
        [make_article(paragraphs=[f"Second event, report {i}."]).paragraphs.get() for i in range(4)]
    )
    add_user("lead", "researcher", password="pw-for-tests", lead=True)
    ana, ben = (
        make_user("researcher", username="coder_ana"),
        make_user("researcher", username="coder_ben"),
    )

    lead = log_in(browser, base, "lead")
    lead.goto(base + "/framing/studies/")
    form = lead.locator("#study-form")
    form.locator("#id_name").fill("Istanbul and a second event")
    for label in (
        "Frames (Media Frames Corpus)",
        "Differences between two passages",
        "coder_ana",
        "coder_ben",
    ):
        form.get_by_label(label, exact=True).check()
    form.locator("#id_events").fill(f"{corpus.event.pk}, {second.pk}")
    form.locator("#id_overlap").fill("20")
    with lead.expect_navigation():
        form.locator("button[type=submit]").click()
    study = int(re.search(r"/studies/(\d+)/", lead.url).group(1))
    expect(lead.locator("#progress")).to_contain_text("coder_ana")
    screenshot(lead, "laptop-study-lead")
    shared = set(
        StudyItem.objects.filter(study_id=study, overlap=True).values_list("pk", flat=True)
    )
    assert len(shared) == 3  # 20% of 16 items

    # Coder A: "1" picks the first tag, "t" cycles the tone, "n" saves and moves on.
    a_page = log_in(browser, base, "coder_ana")
    assert work_queue(a_page, base, study, ["1", "t"]) == 10
    assert Annotation.objects.filter(annotator=ana).count() == 10
    assert set(Annotation.objects.filter(annotator=ana).values_list("tone", flat=True)) <= {
        "negative",
        "",
    }

    # Coder B, blind: none of A's tags in any page, table, chart, export or API answer...
    b_page = log_in(browser, base, "coder_ben")
    rt = corpus.paragraphs[0]
    pages = [
        f"/events/{corpus.event.pk}/?others=1",
        f"/framing/passages/{rt.pk}/?others=1",
        f"/framing/events/{corpus.event.pk}/frames/?format=csv",
        "/framing/chart/?format=csv",
        "/framing/export/?format=json",
        "/framing/export/?format=csv",
        "/api/annotations/",
        "/framing/disagreements/?codebook=frames&every=1",
    ]
    for url in pages:
        text = b_page.request.get(base + url).text()
        assert "coder_ana" not in text, url

    # ...until B has coded the item: after each of B's items, A's tags B can read through the
    # API are exactly those on the overlap items B has coded.
    def only_coded_overlap(done: int) -> None:
        coded = set(
            Assignment.objects.filter(coder=ben, done_at__isnull=False).values_list(
                "item", flat=True
            )
        )
        expected = {
            (i.paragraph_id, i.other_paragraph_id)
            for i in StudyItem.objects.filter(pk__in=coded & shared)
        }
        results = b_page.request.get(base + "/api/annotations/?annotator=coder_ana").json()[
            "results"
        ]
        assert {(r["paragraph_id"], r["other_paragraph_id"]) for r in results} == expected

    assert work_queue(b_page, base, study, ["2"], after=only_coded_overlap) == 9

    # Agreement per variable, with intervals (the figures are checked by hand in
    # test_agreement.py; here, that the page shows each variable).
    lead.goto(base + "/framing/agreement/?codebook=frames")
    rows = lead.locator("#variables tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("MASI")
    expect(rows.nth(1)).to_contain_text("Primary tag")
    expect(rows.nth(2)).to_contain_text("ordinal")
    lead.goto(base + "/framing/agreement/?codebook=differences")
    expect(lead.locator("#variables tbody tr").nth(0)).to_contain_text("Difference types")

    # The lead adjudicates an overlap passage in the curation view.
    lead.goto(base + "/framing/disagreements/?codebook=frames&every=1")
    item = lead.locator("article.disagreement").filter(has=lead.locator("table.coders")).first
    item.locator("select[name=tag]").select_option(label="Morality")
    with lead.expect_navigation():
        item.locator("button[type=submit]").click()
    settled = Adjudication.objects.get()
    assert settled.tag.slug == "morality"
    export = lead.request.get(base + "/framing/export/?format=json").json()
    assert [a["tag"] for a in export["adjudications"]] == ["morality"]
    api = lead.request.get(base + "/api/annotations/?codebook=frames").json()["results"]
    assert "morality" in {r["adjudicated_tag"] for r in api}
    event = (
        corpus.event
        if settled.paragraph_id in corpus.event.members.values_list("paragraph_id", flat=True)
        else second
    )
    lead.goto(base + f"/framing/events/{event.pk}/frames/?count=settled")
    expect(lead.locator("#count-switch strong")).to_have_text("adjudicated labels")
    table = lead.request.get(
        base + f"/framing/events/{event.pk}/frames/?count=settled&format=csv"
    ).text()
    head, *body = list(csv.reader(io.StringIO(table)))
    assert sum(int(row[head.index("Morality")]) for row in body) >= 1
    chart = lead.request.get(base + "/framing/chart/?count=settled&format=csv").text()
    head, *body = list(csv.reader(io.StringIO(chart)))
    assert sum(int(row[head.index("Morality")]) for row in body) >= 1
