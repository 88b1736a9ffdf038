"""Every path that changes a stored article's outlet, date or text notes it in the article's
provenance and matches the article again: its page, the Django admin, a re-upload."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from newsdiff.articles.models import Article, Paragraph, ParagraphEmbedding
from newsdiff.matching.models import EventParagraph
from newsdiff.uploads.models import Batch
from tests.factories import make_article, make_embedding, make_outlet, make_user
from tests.pages import HX
from tests.workers import work_off_queue

pytestmark = pytest.mark.django_db

STORY = "Negotiators met in Istanbul on Tuesday and agreed to a ceasefire along the coast road."


def twins() -> tuple[Article, Article]:
    """Two reports of one story with the same vector: one undated, so they share no event."""
    vector = np.random.default_rng(7).standard_normal(384).astype(np.float32)
    vector /= np.linalg.norm(vector)
    wrong = make_article([STORY], outlet=make_outlet(name="Harbor Wire"), published=None)
    other = make_article([STORY], outlet=make_outlet(name="BelTA"), published=dt.date(2022, 3, 29))
    for article in (wrong, other):
        make_embedding(article.paragraphs.get(), vector)
    return wrong, other


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(make_user("admin", username="editor"))
    return client


def test_an_admin_corrects_any_article_from_its_page(admin_client: Client) -> None:
    article = make_article(published=dt.date(2026, 3, 30), how_known="Dateline: “ISTANBUL”.")
    page = admin_client.get(article.get_absolute_url()).content.decode()
    assert f'action="/articles/{article.pk}/correct/"' in page  # not only for unknown ones
    assert 'value="2026-03-30"' in page and f'value="{article.outlet.name}"' in page
    data = {"correct-outlet": article.outlet.name, "correct-published": "2022-03-30"}
    html = admin_client.post(f"/articles/{article.pk}/correct/", data, **HX).content.decode()
    assert html.lstrip().startswith('<article id="article"')
    assert "30 March 2022 — corrected by an admin" in html
    article.refresh_from_db()
    assert article.published == dt.date(2022, 3, 30)
    assert article.how_known == (
        "Dateline: “ISTANBUL”.\nCorrected by editor: date 2026-03-30 → 2022-03-30."
    )
    again = admin_client.post(f"/articles/{article.pk}/correct/", data)
    assert again.status_code == 400 and "Nothing to change" in again.content.decode()


def test_a_correction_from_the_article_page_matches_it_again(admin_client: Client) -> None:
    wrong, other = twins()
    assert not EventParagraph.objects.exists()
    admin_client.post(f"/articles/{wrong.pk}/correct/", {"correct-published": "2022-03-29"})
    assert EventParagraph.objects.filter(article=wrong).exists()
    assert EventParagraph.objects.filter(article=other).exists()


@pytest.mark.parametrize("role", ["journalist", "researcher", None])
def test_only_admins_see_and_use_the_correction(client: Client, role: str | None) -> None:
    client.force_login(make_user(role))
    article = make_article()
    assert "/correct/" not in client.get(article.get_absolute_url()).content.decode()
    response = client.post(f"/articles/{article.pk}/correct/", {"correct-outlet": "RT"})
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).outlet == article.outlet


def admin_form(article: Article, **changes: str) -> dict[str, str]:
    """The Django admin's change form of ``article`` as it was shown, with ``changes``."""
    paragraphs = list(article.paragraphs.all())
    data = {
        "title": article.title,
        "outlet": str(article.outlet_id),
        "url": article.url,
        "published": article.published.isoformat() if article.published else "",
        "published_precision": article.published_precision,
        "language": article.language,
        "outlet_how": article.outlet_how,
        "published_how": article.published_how,
        "how_known": article.how_known,
        "source_file": article.source_file,
        "paragraphs-TOTAL_FORMS": str(len(paragraphs)),
        "paragraphs-INITIAL_FORMS": str(len(paragraphs)),
        "paragraphs-MIN_NUM_FORMS": "0",
        "paragraphs-MAX_NUM_FORMS": "1000",
    }
    for i, p in enumerate(paragraphs):
        data |= {
            f"paragraphs-{i}-id": str(p.pk),
            f"paragraphs-{i}-article": str(article.pk),
            f"paragraphs-{i}-kind": p.kind,
            f"paragraphs-{i}-reason": p.reason,
            f"paragraphs-{i}-text": p.text,
        }
    return data | changes


@pytest.fixture
def superuser_client(client: Client) -> Client:
    client.force_login(make_user(username="root", is_staff=True, is_superuser=True))
    return client


def test_a_date_changed_in_the_django_admin_is_noted_and_matched_again(
    superuser_client: Client,
) -> None:
    wrong, _ = twins()
    url = f"/admin/articles/article/{wrong.pk}/change/"
    response = superuser_client.post(url, admin_form(wrong, published="2022-03-29"))
    assert response.status_code == 302, response.content.decode()[:2000]
    wrong.refresh_from_db()
    assert (wrong.published, wrong.published_how) == (dt.date(2022, 3, 29), "corrected")
    assert wrong.how_known.endswith(
        "Corrected by root in the Django admin: date unknown → 2022-03-29."
    )
    assert EventParagraph.objects.filter(article=wrong).exists()
    # A save that changes nothing writes no note.
    superuser_client.post(url, admin_form(wrong))
    wrong.refresh_from_db()
    assert wrong.how_known.count("Corrected by") == 1


def test_a_text_edited_in_the_django_admin_is_embedded_again(
    superuser_client: Client, fake_encoder, monkeypatch
) -> None:
    monkeypatch.setattr("newsdiff.uploads.ingest.get_encoder", lambda: fake_encoder)
    article = make_article(["Talks in Istanbul.", "A second paragraph."])
    first, second = article.paragraphs.all()
    make_embedding(first), make_embedding(second)
    changes = {"paragraphs-1-text": "Talks in Antalya."}
    url = f"/admin/articles/article/{article.pk}/change/"
    assert superuser_client.post(url, admin_form(article, **changes)).status_code == 302
    article.refresh_from_db()
    assert article.how_known == "Corrected by root in the Django admin: text edited."
    # The edited paragraph has the vector of its new text; the other keeps its own.
    assert set(ParagraphEmbedding.objects.values_list("paragraph_id", "model_name")) == {
        (first.pk, "all-MiniLM-L6-v2"),
        (second.pk, fake_encoder.name),
    }
    stored = ParagraphEmbedding.objects.get(paragraph=second).vector
    assert np.allclose(stored, fake_encoder.encode(["Talks in Antalya."])[0])
    # The paragraph's own admin page takes the same path.
    url = f"/admin/articles/paragraph/{first.pk}/change/"
    data = {"article": str(article.pk), "position": "0", "kind": "body", "reason": ""}
    response = superuser_client.post(url, data | {"text": "Talks in Ankara."})
    assert response.status_code == 302
    assert Paragraph.objects.get(pk=first.pk).embeddings.get().model_name == fake_encoder.name
    article.refresh_from_db()
    assert article.how_known.count("text edited") == 2
    # A paragraph judged furniture by hand is no longer matched, so it loses its vector.
    url = f"/admin/articles/paragraph/{second.pk}/change/"
    data = {"article": str(article.pk), "position": "1", "kind": "furniture", "reason": "caption"}
    assert superuser_client.post(url, data | {"text": "Talks in Antalya."}).status_code == 302
    assert not ParagraphEmbedding.objects.filter(paragraph=second).exists()


# Transactional: the worker commits for real (on PostgreSQL it closes a connection left inside
# a transaction, as the test case's wrapping one would be).
@pytest.mark.django_db(transaction=True)
def test_a_re_upload_with_another_date_offers_to_replace_the_earlier_copys(
    admin_client: Client, fake_encoder, monkeypatch
) -> None:
    monkeypatch.setattr("newsdiff.articles.ingest.get_encoder", lambda: fake_encoder)
    text = b"Ceasefire talks\n\nISTANBUL, March 30 (Harbor Wire) - Negotiators met again.\n"
    upload = [SimpleUploadedFile("talks.txt", text)]
    admin_client.post("/upload/files/", {"articles": upload})
    work_off_queue()
    article = Article.objects.get()
    assert article.published is None  # a dateline without a year, and none in the text

    upload = [SimpleUploadedFile("talks.txt", text)]
    admin_client.post("/upload/files/", {"articles": upload, "published": "2022-03-30"})
    work_off_queue()
    item = Batch.objects.first().items.get()  # type: ignore[union-attr]
    assert item.duplicate and item.article == article
    assert item.offer == {"outlet": "", "published": "2022-03-30"}  # read once, by the worker
    page = admin_client.get(item.batch.get_absolute_url()).content.decode()
    assert "the date <strong>30 Mar 2022</strong>" in page
    assert f'action="/upload/items/{item.pk}/replace/"' in page
    assert admin_client.post(f"/upload/items/{item.pk}/replace/").status_code == 302
    article.refresh_from_db()
    assert article.published == dt.date(2022, 3, 30)
    assert article.how_known.endswith(
        f"Corrected by editor (re-upload in batch {item.batch_id}): date unknown → 2022-03-30."
    )
    # Done: the copies agree now, so nothing more is offered.
    page = admin_client.get(item.batch.get_absolute_url()).content.decode()
    assert "/replace/" not in page
    assert admin_client.post(f"/upload/items/{item.pk}/replace/").status_code == 409
