"""Wire datelines through the upload worker and onto the article page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from newsdiff.articles.models import Article
from newsdiff.uploads.models import Batch
from tests.factories import make_user
from tests.workers import work_off_queue

pytestmark = pytest.mark.django_db(transaction=True)

# Written for this test, in the style of the report the issue describes.
WIRE = """Ukraine offers neutrality in Istanbul talks

ISTANBUL, March 30 (Harbor Wire) — Ukraine's negotiators proposed a neutral status on \
Tuesday in exchange for security guarantees, the first concrete offer since Russia invaded on \
February 24, 2022.

David Arakhamia said the guarantees would have to be binding on a group of countries.

Russia's delegation said it would study the proposals and report to President Vladimir Putin.
"""


@pytest.fixture
def admin_client(client: Client, monkeypatch, fake_encoder) -> Client:
    monkeypatch.setattr("newsdiff.articles.ingest.get_encoder", lambda: fake_encoder)
    client.force_login(make_user("admin"))
    return client


def test_a_yearless_dateline_is_dated_from_the_text_and_shown_as_the_dateline(
    admin_client: Client,
) -> None:
    files = [SimpleUploadedFile("istanbul.txt", WIRE.encode())]
    assert admin_client.post("/upload/files/", {"articles": files}).status_code == 302
    work_off_queue()
    batch = Batch.objects.get()
    assert timezone.localdate(batch.created).year > 2022  # not the upload's year
    article = Article.objects.select_related("outlet").get()
    assert (article.outlet.name, article.published) == ("Harbor Wire", dt.date(2022, 3, 30))
    assert article.dateline == "ISTANBUL, March 30 (Harbor Wire) —"
    first = article.paragraphs.body().first()
    assert first is not None and first.text.startswith("Ukraine's negotiators proposed")
    assert not article.paragraphs.filter(text__contains="Harbor Wire").exists()
    page = admin_client.get(article.get_absolute_url()).content.decode()
    assert (
        '<span class="dateline" title="The dateline: where and when it was filed">'
        "ISTANBUL, March 30 (Harbor Wire) —</span> Ukraine&#x27;s negotiators" in page
    )
    assert "30 March 2022 — read from the dateline" in page
    assert "Its year is the one the text names (2022)." in page


def test_place_only_and_agency_datelines_in_a_zip(admin_client: Client) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "moscow.txt",
            "Draft treaties published\n\nMOSCOW (AP) — Russia published on December 17, 2021 "
            "the draft treaties it wants the United States and NATO to sign.\n",
        )
        archive.writestr(
            "washington.txt",
            "Reply to Moscow\n\nWASHINGTON — The United States said on Friday it was ready to "
            "discuss the drafts with its allies.\n",
        )
    files = [SimpleUploadedFile("wire.zip", buffer.getvalue())]
    assert admin_client.post("/upload/files/", {"articles": files}).status_code == 302
    work_off_queue()
    stored = {a.dateline: a for a in Article.objects.select_related("outlet")}
    moscow, washington = stored["MOSCOW (AP) —"], stored["WASHINGTON —"]
    assert moscow.outlet.name == "Associated Press" and moscow.outlet_how == "dateline"
    assert moscow.paragraphs.body().get().text.startswith("Russia published")
    assert washington.outlet_how == "unknown"  # a place alone names no outlet
    assert washington.paragraphs.body().get().text.startswith("The United States said")
