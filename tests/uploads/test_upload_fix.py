"""Uploads without an outlet or date: the form sets them for a batch, the batch page flags and
fixes them."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from newsdiff.articles.models import Article
from newsdiff.matching.models import EventParagraph
from newsdiff.uploads.models import Batch, BatchItem
from tests.support.factories import make_article, make_embedding, make_outlet, make_user
from tests.support.pages import HX

pytestmark = pytest.mark.django_db

STORY = "Negotiators met in Istanbul on Tuesday and agreed to a ceasefire along the coast road."


def test_the_form_sets_outlet_and_date_for_every_file_a_manifest_row_leaves_out(
    client: Client,
) -> None:
    client.force_login(make_user("admin"))
    manifest = json.dumps([{"file": "b.txt", "outlet": "BelTA"}]).encode()
    files = [
        SimpleUploadedFile(name, b"Talks\n\nThe delegations met in Istanbul on Tuesday.\n")
        for name in ("a.txt", "b.txt")
    ] + [SimpleUploadedFile("manifest.json", manifest)]
    data = {"articles": files, "outlet": "Harbor Wire", "published": "2022-03-29"}
    assert client.post("/upload/files/", data).status_code == 302
    meta = {i.name: i.meta for i in BatchItem.objects.filter(kind="article")}
    assert meta["a.txt"]["outlet"] == "Harbor Wire" and meta["a.txt"]["published"] == "2022-03-29"
    assert meta["a.txt"]["via"] == {"outlet": "upload form", "published": "upload form"}
    assert meta["b.txt"]["outlet"] == "BelTA"  # the manifest row's own outlet is kept
    assert meta["b.txt"]["via"] == {"outlet": "manifest", "published": "upload form"}


def test_the_upload_form_refuses_a_bad_date(client: Client) -> None:
    client.force_login(make_user("admin"))
    data = {"articles": [SimpleUploadedFile("a.txt", b"Some text here.")], "published": "29/03"}
    response = client.post("/upload/files/", data)
    assert response.status_code == 400 and b"Enter a valid date." in response.content
    assert not Batch.objects.exists()


def _uploaded(outlet: str, published: dt.date | None, how: str = "unknown") -> BatchItem:
    article = make_article(
        paragraphs=[STORY],
        outlet=make_outlet(name=outlet),
        published=published,
        outlet_how=how,
    )
    batch = Batch.objects.create(label="upload")
    return BatchItem.objects.create(
        batch=batch, position=0, name="a.txt", size=10, state="done", article=article
    )


def test_batch_page_flags_articles_with_unknown_outlet_or_date(client: Client) -> None:
    client.force_login(make_user("admin"))
    item = _uploaded("Unknown outlet", None)
    html = client.get(item.batch.get_absolute_url()).content.decode()
    assert "<strong>Outlet unknown</strong> · <strong>Date unknown</strong>" in html
    assert f'action="/upload/items/{item.pk}/fix/"' in html
    assert f'id="fix-{item.pk}-outlet"' in html and '<datalist id="outlets">' in html

    assert "it cannot be compared by outlet or placed in time." in html

    known = _uploaded("RT", dt.date(2024, 1, 23), how="manifest")
    html = client.get(known.batch.get_absolute_url()).content.decode()
    assert "unknown-metadata" not in html and "RT · 23 Jan 2024" in html


@pytest.mark.parametrize(
    ("outlet", "how", "published", "flag", "why"),
    [
        ("Unknown outlet", "unknown", dt.date(2022, 3, 30), "Outlet unknown", "compared by outlet"),
        ("RT", "manifest", None, "Date unknown", "placed in time"),
    ],
)
def test_batch_page_says_only_what_is_unknown(
    client: Client, outlet: str, how: str, published: dt.date | None, flag: str, why: str
) -> None:
    client.force_login(make_user("admin"))
    item = _uploaded(outlet, published, how)
    html = client.get(item.batch.get_absolute_url()).content.decode()
    assert f"<strong>{flag}</strong>: it cannot be {why}.</p>" in html
    assert " · <strong>" not in html and " or " not in html.split(flag)[1].split("</p>")[0]


def test_fixing_sets_outlet_and_date_records_it_and_matches_again(client: Client) -> None:
    client.force_login(make_user("admin", username="editor"))
    item = _uploaded("Unknown outlet", None)
    other = make_article(
        paragraphs=[STORY], outlet=make_outlet(name="BelTA"), published=dt.date(2022, 3, 29)
    )
    vector = np.random.default_rng(7).standard_normal(384).astype(np.float32)
    vector /= np.linalg.norm(vector)
    for article in (item.article, other):
        make_embedding(article.paragraphs.get(), vector)
    assert not EventParagraph.objects.exists()

    data = {f"fix-{item.pk}-outlet": "Harbor Wire", f"fix-{item.pk}-published": "2022-03-29"}
    html = client.post(f"/upload/items/{item.pk}/fix/", data, **HX).content.decode()
    assert "unknown-metadata" not in html and "Harbor Wire · 29 Mar 2022" in html
    article = Article.objects.select_related("outlet").get(pk=item.article_id)
    assert (article.outlet.name, article.published) == ("Harbor Wire", dt.date(2022, 3, 29))
    assert article.get_outlet_how_display() == "corrected by an admin"
    assert "Corrected by editor" in article.how_known
    # Matched again: it now shares an event with the other report of the same story.
    assert EventParagraph.objects.filter(article=article).exists()
    assert EventParagraph.objects.filter(article=other).exists()


def test_a_fix_without_outlet_or_date_names_the_problem(client: Client) -> None:
    client.force_login(make_user("admin"))
    item = _uploaded("Unknown outlet", None)
    response = client.post(f"/upload/items/{item.pk}/fix/", {f"fix-{item.pk}-outlet": " "})
    assert response.status_code == 400
    assert "Give an outlet, a date or both." in response.content.decode()
    assert Article.objects.get(pk=item.article_id).outlet.name == "Unknown outlet"


@pytest.mark.parametrize("role", ["journalist", "researcher", None])
def test_only_admins_may_fix(client: Client, role: str | None) -> None:
    client.force_login(make_user(role))
    item = _uploaded("Unknown outlet", None)
    response = client.post(f"/upload/items/{item.pk}/fix/", {f"fix-{item.pk}-outlet": "RT"})
    assert response.status_code == 403
    assert Article.objects.get(pk=item.article_id).outlet.name == "Unknown outlet"
    assert client.get(f"/upload/items/{item.pk}/fix/").status_code in (403, 405)


def test_a_fix_uses_the_stored_outlet_whatever_the_case(client: Client) -> None:
    client.force_login(make_user("admin"))
    rt = make_outlet(name="RT")
    item = _uploaded("Unknown outlet", dt.date(2024, 1, 23))
    client.post(f"/upload/items/{item.pk}/fix/", {f"fix-{item.pk}-outlet": "rt"})
    assert Article.objects.get(pk=item.article_id).outlet == rt
