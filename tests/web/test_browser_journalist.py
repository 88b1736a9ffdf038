"""In Chromium, what a journalist comparing coverage does, at 1366 and 390 px.

The seed corpus is ingested by the real pipeline (model and matcher); each point is checked on the
pages it is about, with a screenshot per point and screen size under
test-output/screenshots/ (journalist-<point>-<what>-<laptop|phone>.png).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from newsdiff.articles.models import Article, Outlet
from newsdiff.matching.models import Event
from tests.support.browser import screenshot
from tests.support.factories import make_article, make_event, make_outlet, make_user
from tests.support.workers import worker_thread

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.django_db(transaction=True)]

SCREENS = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
ISTANBUL = "the process was derailed by then-UK Prime Minister Boris Johnson"
DRAFT_TREATY = "Moscow submitted a draft of security guarantees"


@pytest.fixture
def seeded(seeds) -> dict[str, Event]:  # type: ignore[no-untyped-def]
    call_command("ingest", "--manifest", str(seeds / "manifest.json"), verbosity=0)

    def holding(sentence: str) -> Event:
        return Event.objects.filter(members__paragraph__text__contains=sentence).distinct().get()

    # A fourth outlet's report makes one event wider than three columns (point 2).
    outlets = [make_outlet(name=f"Wire {i}") for i in range(4)]
    wide = make_event(
        [
            make_article(outlet=o, paragraphs=[f"Summit report {i}."]).paragraphs.get()
            for i, o in enumerate(outlets)
        ],
        label="Four-outlet summit",
    )
    return {"istanbul": holding(ISTANBUL), "treaty": holding(DRAFT_TREATY), "wide": wide}


def _document_fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("screen", ["laptop", "phone"])
def test_comparing_an_event(browser, live_server, seeded: dict[str, Event], screen: str) -> None:  # type: ignore[no-untyped-def]
    viewport = SCREENS[screen]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    istanbul = seeded["istanbul"]

    # 5. Labels a person would write, on the events list.
    # (On the seeds: "Istanbul peace talks · March 2022" and "Russia’s draft security
    # guarantees · December 2021"; the patterns leave the matcher room to regroup passages.)
    page.goto(live_server.url + "/")
    expect(page.locator(f"#event-{istanbul.pk} h2")).to_have_text(
        re.compile(r"^Istanbul .*talks · March 2022$")
    )
    expect(page.locator(f"#event-{seeded['treaty'].pk} h2")).to_have_text(
        re.compile(r"^Russia’s .*(treaty|guarantees|draft).* · December 2021$")
    )
    screenshot(page, f"journalist-5-labels-{screen}")

    # 1. The engine's differences, the kinds judged reliable by default, the kind on hover.
    page.goto(f"{live_server.url}/events/{istanbul.pk}/")
    page.wait_for_function("() => window.htmx !== undefined")
    marks = page.locator("blockquote.text mark.only")
    words = " ".join(marks.all_inner_texts()).split()
    assert "Zelensky" in words or "Arakhamia" in words, words
    assert not {"Though", "During", "President", "weeks"} & set(words), words
    shown = marks.count()
    titles = [marks.nth(i).get_attribute("title") or "" for i in range(shown)]
    assert all(re.match(r"(Person|Spelling): .+ \(against .+\)$", t, re.S) for t in titles)
    expect(page.locator("#legend .kinds")).to_contain_text("a person only one passage names")
    expect(page.locator("mark.word")).to_have_count(0)
    _document_fits(page, viewport["width"])
    screenshot(page, f"journalist-1-differences-{screen}")
    page.get_by_role("link", name=re.compile("^Show all kinds")).click()
    page.wait_for_url("**?kinds=all")
    expect(page.locator("#legend .kinds")).to_contain_text("word choice")
    assert marks.count() > shown  # the locator reads the page now shown
    screenshot(page, f"journalist-1-all-kinds-{screen}")
    page.get_by_role("link", name="Show every differing word").click()
    page.wait_for_url("**?words=all")
    expect(page.locator("#event.strict")).to_be_visible()
    strict_bg = page.locator("mark.word").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert strict_bg != "rgba(0, 0, 0, 0)"
    screenshot(page, f"journalist-1-strict-words-{screen}")
    page.get_by_role("link", name="Show the reliable kinds only").click()
    expect(page.locator("#event.strict")).to_have_count(0)

    # 2. Rows of aligned passages; a report without the passage shows a gap.
    rows = page.locator(".row[role=row]:not(.heads)")
    assert rows.count() >= 2
    first = rows.first.locator(".cell")
    boxes = [first.nth(i).bounding_box() for i in range(first.count())]
    if screen == "laptop":  # side by side in one row
        assert len({round(b["y"]) for b in boxes if b}) == 1
    else:  # stacked, each labelled with its outlet
        assert len({round(b["x"]) for b in boxes if b}) == 1
        expect(rows.first.locator(".cell-outlet").first).to_be_visible()
    gap = page.locator(".gap").first
    expect(gap).to_be_visible()
    expect(gap).to_have_text(re.compile(r"Not in (this report|.+ reports)"))
    screenshot(page, f"journalist-2-rows-{screen}")

    # 3. Scores as a word and the number.
    score = page.locator(".pairs .score").first
    expect(score).to_have_text(re.compile(r"^(strong|likely|weak) \d\.\d\d$"))

    # 4. The evidence opens next to the passage whose link was tapped, with the scale.
    link = page.locator(".evidence-link").nth(1)
    link.click()
    passage = page.locator(".passage", has=page.locator("#evidence"))
    expect(passage.locator("#evidence .strength")).to_contain_text("Scale: strong")
    expect(page.locator("#evidence")).to_contain_text(
        re.compile("(Very probably|Probably|Possibly)")
    )
    gap_px = page.evaluate(
        """() => {
            const panel = document.querySelector('#evidence').getBoundingClientRect();
            const link = document.querySelector('#evidence').closest('.passage')
                .querySelector('.evidence-link').getBoundingClientRect();
            return panel.top - link.bottom;
        }"""
    )
    assert 0 <= gap_px < 80, gap_px  # right under the link, not at the top of the page
    assert page.url.endswith(f"/events/{istanbul.pk}/")
    screenshot(page, f"journalist-3-4-evidence-next-to-passage-{screen}")
    page.get_by_role("button", name="Close").click()
    expect(page.locator("#evidence")).to_have_count(0)

    # 2. More than three columns scroll sideways instead of wrapping.
    page.goto(f"{live_server.url}/events/{seeded['wide'].pk}/")
    heads = page.locator(".col-head")
    assert heads.count() == 4
    if screen == "laptop":
        ys = {round(heads.nth(i).bounding_box()["y"]) for i in range(4)}  # type: ignore[index]
        assert len(ys) == 1
        grid = page.locator(".grid.scrolls")
        assert grid.evaluate("g => g.scrollWidth > g.clientWidth")
    _document_fits(page, viewport["width"])
    screenshot(page, f"journalist-2-four-columns-{screen}")

    # 6. Not covered: the December 2021 event does not count BelTA's January 2024 retrospective.
    page.goto(f"{live_server.url}/events/{seeded['treaty'].pk}/")
    not_covered = page.locator(".not-covered")
    expect(not_covered).to_contain_text("around when it happened")
    assert "BelTA" not in not_covered.inner_text()
    screenshot(page, f"journalist-6-coverage-window-{screen}")

    # 8. Outlet names link to their articles; the list filters and fits the screen.
    page.goto(f"{live_server.url}/events/{istanbul.pk}/")
    page.locator(".col-head h2 a", has_text="BelTA").click()
    belta = Outlet.objects.get(name="BelTA")
    page.wait_for_url(f"**/articles/?outlet={belta.pk}")
    expect(page.locator("table.articles tbody tr")).to_have_count(belta.articles.count())
    page.select_option("#id_outlet", label="All outlets")
    page.fill("#id_q", "Arakhamia")
    page.wait_for_url("**q=Arakhamia*")
    expect(page.locator("table.articles tbody tr")).to_have_count(
        Article.objects.filter(paragraphs__text__contains="Arakhamia").distinct().count()
    )
    page.fill("#id_q", "")
    page.fill("#id_start", "2024-01-01")
    page.wait_for_url("**start=2024-01-01*")
    expect(page.locator("table.articles tbody tr")).to_have_count(
        Article.objects.filter(published__gte=dt.date(2024, 1, 1)).count()
    )
    for cell in page.locator("td.num").all():
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= viewport["width"]
    _document_fits(page, viewport["width"])
    screenshot(page, f"journalist-8-articles-filtered-{screen}")

    # 7. The article page: source and how its outlet and date are known.
    belta_article = belta.articles.get()
    page.goto(f"{live_server.url}/articles/{belta_article.pk}/")
    provenance = page.locator("#provenance")
    expect(provenance).to_contain_text("BelTA — from the manifest")
    expect(provenance).to_contain_text("18 January 2024 — from the manifest")
    expect(provenance).to_contain_text("MINSK, 18 January (BelTA)")  # the manifest's how we know
    expect(provenance).to_contain_text("003_c550625fe29d2797.txt")
    _document_fits(page, viewport["width"])
    screenshot(page, f"journalist-7-provenance-{screen}")
    context.close()


# Written for this test: a wire story with its dateline and nothing else to say who or when.
DATELINE_STORY = b"""Ferry crews end strike after night of talks

VALLETTA, April 3 (Harbor Wire) \xe2\x80\x93 Ferry crews in Malta ended a four-day strike after the port \
authority agreed to hire 40 more deckhands, union officials said.

Sailings to Gozo resume on Friday morning, the operator said in a statement.
"""
NO_METADATA = b"""Harbour dues

The port board met again to discuss the dues charged to visiting yachts this summer.
"""


def test_uploading_reads_the_dateline_and_fixes_what_is_unknown(  # type: ignore[no-untyped-def]
    page: Page, tmp_path: Path, encoder
) -> None:
    """9. Datelines are read; the form sets outlet and date; the batch page fixes the rest."""
    make_user("admin", username="editor")
    (tmp_path / "ferry.txt").write_bytes(DATELINE_STORY)
    (tmp_path / "dues.txt").write_bytes(NO_METADATA)
    page.goto(page.base_url + "/accounts/login/?next=/upload/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_url("**/upload/")
    # The form can set outlet and date for every file of a batch; left empty here.
    expect(page.locator("#upload-files #id_outlet")).to_be_visible()
    expect(page.locator("#upload-files #id_published")).to_be_visible()
    screenshot(page, "journalist-9-upload-form-laptop")
    page.set_input_files("#id_articles", [str(tmp_path / "ferry.txt"), str(tmp_path / "dues.txt")])
    page.click("#upload-files button[type=submit]")
    page.wait_for_url("**/upload/batches/*/")
    with worker_thread():
        page.wait_for_selector("#batch-progress[data-complete=true]", timeout=60_000)

    ferry = Article.objects.select_related("outlet").get(source_file="ferry.txt")
    assert ferry.outlet.name == "Harbor Wire" and ferry.outlet_how == "dateline"
    # Its dateline gives 3 April and no year, and its text names none: never the upload's year.
    assert ferry.published is None and "the date is unknown until set" in ferry.how_known
    ferry_row = page.locator("tr", has_text="ferry.txt")
    expect(ferry_row).to_contain_text("Harbor Wire")
    expect(ferry_row.locator(".flag")).to_have_text(re.compile(r"^Date unknown"))
    dues_row = page.locator("tr", has_text="dues.txt")
    expect(dues_row.locator(".flag")).to_contain_text("Outlet unknown · Date unknown")
    screenshot(page, "journalist-9-batch-flags-laptop")
    page.set_viewport_size(SCREENS["phone"])
    screenshot(page, "journalist-9-batch-flags-phone")
    page.set_viewport_size(SCREENS["laptop"])

    dues_row.get_by_label("Outlet").fill("Times of Malta")
    dues_row.get_by_label("Date").fill("2025-04-02")
    dues_row.get_by_role("button", name="Save and match again").click()
    expect(page.locator("tr", has_text="dues.txt")).to_contain_text("Times of Malta · 2 Apr 2025")
    ferry_row = page.locator("tr", has_text="ferry.txt")
    ferry_row.get_by_label("Date").fill("2025-04-03")
    ferry_row.get_by_role("button", name="Save and match again").click()
    expect(page.locator("tr", has_text="ferry.txt")).to_contain_text("Harbor Wire · 3 Apr 2025")
    expect(page.locator(".unknown-metadata")).to_have_count(0)
    dues = Article.objects.select_related("outlet").get(source_file="dues.txt")
    assert (dues.outlet.name, dues.published) == ("Times of Malta", dt.date(2025, 4, 2))
    screenshot(page, "journalist-9-batch-fixed-laptop")
    page.goto(f"{page.base_url}/articles/{dues.pk}/")
    expect(page.locator("#provenance")).to_contain_text("corrected by an admin")
    page.set_viewport_size(SCREENS["phone"])
    screenshot(page, "journalist-9-provenance-corrected-phone")
