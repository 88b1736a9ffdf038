"""Outlet × frame tables: per event, across events (dates, outlet), as HTML, chart data and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.test import Client

from newsdiff.framing import stats
from newsdiff.framing.models import Codebook
from tests.factories import make_annotation, make_user
from tests.pages import istanbul_corpus

pytestmark = pytest.mark.django_db


def tagged():
    corpus = istanbul_corpus()
    rt_2024, rt_2023, belta = corpus.paragraphs
    ana, ben = make_user("researcher"), make_user("researcher")
    make_annotation(rt_2024, "political", annotator=ana, tone="negative")
    make_annotation(rt_2024, "political", annotator=ben, tone="negative")
    make_annotation(rt_2023, "legality", annotator=ana, tone="neutral")
    make_annotation(belta, "security-and-defense", annotator=ana)
    make_annotation(rt_2024, "omission", other=belta, annotator=ana)  # a pair: not a frame
    return corpus, ana


def test_outlet_by_frame_counts() -> None:
    corpus, _ = tagged()
    frames = Codebook.objects.get(slug="frames")
    table = stats.outlet_frames(frames, event=corpus.event)
    assert table.rows == ["BelTA", "RT"] and len(table.columns) == 15
    cells = dict(zip(table.rows, table.cells, strict=True))
    political, legality = (
        table.columns.index("Political"),
        table.columns.index("Legality, constitutionality and jurisprudence"),
    )
    assert cells["RT"][political] == 2 and cells["RT"][legality] == 1 and sum(cells["RT"]) == 3
    assert sum(cells["BelTA"]) == 1 and table.totals == [1, 3]
    assert table.shares()[1][political] == pytest.approx(2 / 3)
    tones = stats.outlet_tones(frames, event=corpus.event)
    assert tones.columns == ["negative", "neutral", "positive", "no tone"]
    assert dict(zip(tones.rows, tones.cells, strict=True)) == {
        "BelTA": [0, 0, 0, 1],
        "RT": [2, 1, 0, 0],
    }
    # Filters: publication dates and outlet.
    assert stats.outlet_frames(frames, start=dt.date(2024, 1, 20)).totals == [2]
    assert stats.outlet_frames(frames, outlet=corpus.belta).rows == ["BelTA"]


def test_event_frames_page_and_csv(client: Client) -> None:
    corpus, ana = tagged()
    client.force_login(ana)
    html = client.get(f"/framing/events/{corpus.event.pk}/frames/").content.decode()
    assert '<th scope="row">RT</th>' in html and 'href="?format=csv"' in html
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/framing/events/{corpus.event.pk}/frames/", {"format": "csv"}
                ).content.decode()
            )
        )
    )
    assert rows[0][0] == "outlet" and rows[0][-1] == "total" and "Political" in rows[0]
    assert [r[0] for r in rows[1:]] == ["BelTA", "RT"] and rows[2][-1] == "3"
    event_page = client.get(f"/events/{corpus.event.pk}/").content.decode()
    assert f'href="/framing/events/{corpus.event.pk}/frames/"' in event_page


def test_chart_page_has_its_numbers_as_table_chart_data_and_csv(client: Client) -> None:
    corpus, ana = tagged()
    client.force_login(ana)
    html = client.get("/framing/chart/", {"outlet": corpus.rt.pk}).content.decode()
    data = json.loads(
        re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html).group(1)
    )
    assert data["frames"]["rows"] == ["RT"] and data["tones"]["rows"] == ["RT"]
    assert sum(data["frames"]["shares"][0]) == pytest.approx(1.0)
    assert "newsdiff/vendor/chart.umd.min.js" in html and "cdn" not in html.lower()
    assert '<th scope="row">BelTA</th>' not in html
    csv_url = re.search(r'id="chart-csv" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    rows = list(csv.reader(io.StringIO(client.get(csv_url).content.decode())))
    assert [r[0] for r in rows] == ["outlet", "RT"]
    bad = client.get(
        "/framing/chart/", {"start": "2024-02-01", "end": "2024-01-01"}
    ).content.decode()
    assert "The end date is before the start date." in bad
