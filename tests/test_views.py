import pytest
from django.test import Client

from tests.factories import make_article, make_outlet

pytestmark = pytest.mark.django_db


def test_home_lists_articles(client: Client) -> None:
    make_article(
        title="Talks in Istanbul", outlet=make_outlet(name="RT"), paragraphs=["One.", "Two."]
    )
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Talks in Istanbul" in html and "RT" in html and "<td>2</td>" in html


def test_article_shows_body_only(client: Client) -> None:
    article = make_article(paragraphs=["The body paragraph."])
    article.paragraphs.create(position=1, text="Leave a Reply", kind="furniture")
    response = client.get(f"/articles/{article.pk}/")
    assert response.status_code == 200
    assert "The body paragraph." in response.content.decode()
    assert "Leave a Reply" not in response.content.decode()


def test_unknown_article_is_404(client: Client) -> None:
    assert client.get("/articles/999/").status_code == 404
