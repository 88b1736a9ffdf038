"""newsdiff/web/views/articles.py: the article list, an article, a paragraph's aligned passages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import make_article, make_event, make_outlet
from tests.pages import HX, istanbul_corpus, partial

pytestmark = pytest.mark.django_db


def test_article_list_moved_to_articles(client: Client) -> None:
    make_article(
        title="Talks in Istanbul", outlet=make_outlet(name="RT"), paragraphs=["One.", "Two."]
    )
    response = client.get("/articles/")
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Articles · newsdiff</title>" in html
    assert "Talks in Istanbul" in html and "RT" in html and "<td>2</td>" in html
    partial(client, "/articles/", '<section id="article-list"')


def test_article_list_pages(client: Client, django_assert_max_num_queries) -> None:
    outlet = make_outlet()
    for i in range(55):
        make_article(outlet=outlet, title=f"Story {i:02}", paragraphs=["a", "b"])
    with django_assert_max_num_queries(2):
        html = client.get("/articles/").content.decode()
    assert "Page 1 of 2" in html and 'hx-get="/articles/?page=2"' in html
    assert html.count("<tr>") == 51  # header + 50 rows
    page2 = client.get("/articles/", {"page": 2}, **HX).content.decode()
    assert page2.count("<tr>") == 6 and "<html" not in page2


def test_article_shows_body_with_furniture_behind_a_toggle(client: Client) -> None:
    corpus = istanbul_corpus()
    response = client.get(f"/articles/{corpus.rt_article.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Lavrov debunks US claim on Ukraine talks · newsdiff</title>" in html
    assert "<p>Moscow has never closed the door to dialogue.</p>" in html
    furniture = re.search(r'<details class="furniture">(.*?)</details>', html, re.S)
    assert furniture and "Leave a Reply" in furniture.group(1)
    assert "1 line of page furniture hidden (share)" in furniture.group(1)
    assert html.count("Leave a Reply") == 1  # only inside the toggle


def test_paragraph_in_an_event_links_to_it_and_loads_other_outlets(client: Client) -> None:
    corpus = istanbul_corpus()
    in_event = corpus.paragraphs[0]
    html = client.get(f"/articles/{corpus.rt_article.pk}/").content.decode()
    assert (
        f'<a class="marker" href="/events/{corpus.event.pk}/#p{in_event.pk}">Istanbul talks · March 2022</a>'
        in html
    )
    url = f"/paragraphs/{in_event.pk}/aligned/"
    assert (
        f'href="{url}" hx-get="{url}" hx-target="#aligned-{in_event.pk}" hx-swap="outerHTML"'
        in html
    )
    assert f'<div id="aligned-{in_event.pk}"></div>' in html
    assert html.count('class="marker"') == 1  # the first paragraph is in no event


def test_article_htmx_request_gets_only_the_text(client: Client) -> None:
    corpus = istanbul_corpus()
    partial(client, f"/articles/{corpus.rt_article.pk}/", '<article id="article"')


def test_article_page_query_count_does_not_grow(
    client: Client, django_assert_max_num_queries
) -> None:
    article = make_article(paragraphs=[f"Paragraph {i}." for i in range(40)])
    for paragraph in article.paragraphs.all()[:10]:
        make_event([paragraph, make_article().paragraphs.get()])
    with django_assert_max_num_queries(3):
        html = client.get(f"/articles/{article.pk}/").content.decode()
    assert html.count('class="marker"') == 10


def test_aligned_passages_partial_and_page(client: Client, django_assert_max_num_queries) -> None:
    corpus = istanbul_corpus()
    rt_2024 = corpus.paragraphs[0]
    url = f"/paragraphs/{rt_2024.pk}/aligned/"
    with django_assert_max_num_queries(2):
        html = partial(client, url, f'<div id="aligned-{rt_2024.pk}" class="aligned">')
    # The other outlets' passages (and RT's other article), never the paragraph itself.
    assert "BelTA" in html and "Lavrov recalled" in html
    assert "Officials from Moscow and Kiev" not in html
    assert re.search(r'<mark class="only">[^<]*bailed out[^<]*</mark>', html)
    page = client.get(url).content.decode()
    assert (
        "<title>Other outlets on: Lavrov debunks US claim on Ukraine talks · newsdiff</title>"
        in page
    )
    assert "Officials from Moscow and Kiev" in page  # quoted as the source of the comparison


def test_paragraph_in_no_event_says_so(client: Client) -> None:
    paragraph = make_article(paragraphs=["Alone."]).paragraphs.get()
    html = client.get(f"/paragraphs/{paragraph.pk}/aligned/", **HX).content.decode()
    assert "No other outlet’s passage is aligned with this paragraph." in html


def test_unknown_article_and_paragraph_are_404(client: Client) -> None:
    assert client.get("/articles/999/").status_code == 404
    assert client.get("/paragraphs/999/aligned/").status_code == 404
