"""newsdiff/web/views/articles.py: the article list, an article, a paragraph's aligned passages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.support.factories import make_article, make_event, make_outlet
from tests.support.pages import HX, istanbul_corpus, partial

pytestmark = pytest.mark.django_db


def test_article_list_moved_to_articles(client: Client) -> None:
    make_article(
        title="Talks in Istanbul", outlet=make_outlet(name="RT"), paragraphs=["One.", "Two."]
    )
    response = client.get("/articles/")
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Articles · newsdiff</title>" in html
    assert "Talks in Istanbul" in html and ">RT</a>" in html
    assert '<td class="num" title="body paragraphs">2<' in html
    partial(client, "/articles/", '<section id="article-list"')


def test_article_list_pages(client: Client, django_assert_max_num_queries) -> None:
    outlet = make_outlet()
    for i in range(55):
        make_article(outlet=outlet, title=f"Story {i:02}", paragraphs=["a", "b"])
    # The page, its count, and the outlets of the filter form.
    with django_assert_max_num_queries(3):
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


@pytest.mark.nlp
def test_aligned_passages_partial_and_page(client: Client, django_assert_max_num_queries) -> None:
    corpus = istanbul_corpus()
    rt_2024 = corpus.paragraphs[0]
    url = f"/paragraphs/{rt_2024.pk}/aligned/"
    # The paragraph and its partners, then the articles the engine reads them with (their
    # events, their paragraphs), the stored differences and, found now, their storing: a
    # constant number, however many partners.
    with django_assert_max_num_queries(6):
        html = partial(client, url, f'<div id="aligned-{rt_2024.pk}" class="aligned">')
    # The other outlets' passages (and RT's other article), never the paragraph itself.
    assert "BelTA" in html and "Lavrov recalled" in html
    assert "Officials from Moscow and Kiev" not in html
    # Marked: the engine's differences from this paragraph, the kind and what differs on hover.
    person = r'<mark class="only k-person" tabindex="0" title="Person: Sergey Lavrov is named in one passage'
    assert re.search(person + r' only \(against this paragraph\)">Sergey Lavrov</mark>', html)
    assert "bailed</mark>" not in html  # plain wording is left alone
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


def test_outlet_names_link_to_their_articles_and_the_list_filters_by_outlet(
    client: Client,
) -> None:
    corpus = istanbul_corpus()
    page = client.get(f"/articles/{corpus.rt_article.pk}/").content.decode()
    assert f'href="/articles/?outlet={corpus.rt.pk}"' in page
    html = client.get("/articles/", {"outlet": corpus.rt.pk}).content.decode()
    assert "2 articles" in html and "Lavrov debunks US claim" in html
    assert "NATO expansion provoked conflict" not in html  # BelTA's
    assert f'<option value="{corpus.rt.pk}" selected>RT</option>' in html


def test_article_list_filters_by_publication_date(client: Client) -> None:
    istanbul_corpus()
    html = client.get("/articles/", {"start": "2024-01-01", "end": "2024-01-20"}).content.decode()
    assert "1 article" in html and "NATO expansion provoked conflict" in html  # 18 Jan 2024
    bad = client.get("/articles/", {"start": "2024-02-01", "end": "2024-01-01"})
    assert bad.status_code == 200
    assert "The end date is before the start date. (ignored)" in bad.content.decode()


def test_article_list_filters_by_words_in_title_or_text(client: Client) -> None:
    istanbul_corpus()
    html = partial(client, "/articles/", '<section id="article-list"', q="Arakhamia")
    assert "1 article" in html and "Lavrov on talks" in html  # in its text, not its title
    html = partial(client, "/articles/", '<section id="article-list"', q="debunks")
    assert "1 article" in html and "Lavrov debunks US claim" in html  # in its title
    html = client.get("/articles/", {"q": "no such words"}).content.decode()
    assert "No article matches these filters." in html


def test_filters_survive_paging(client: Client) -> None:
    outlet = make_outlet(name="Wire")
    for i in range(55):
        make_article(outlet=outlet, title=f"Story {i:02}")
    make_article(title="Elsewhere")
    html = client.get("/articles/", {"outlet": outlet.pk}).content.decode()
    assert "55 articles" in html and f"?outlet={outlet.pk}&amp;page=2" in html


def test_article_page_shows_source_url_and_how_outlet_and_date_are_known(client: Client) -> None:
    article = make_article(
        title="Lavrov: U.S. policy provoked conflict",
        outlet=make_outlet(name="BelTA"),
        url="https://eng.belta.by/politics/view/lavrov-123/",
        source_file="003_belta.txt",
        outlet_how="manifest",
        published_how="dateline",
        how_known="The dateline in the text: 'MINSK, 18 January (BelTA)'.",
    )
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert (
        '<a href="https://eng.belta.by/politics/view/lavrov-123/" rel="noopener noreferrer" '
        'class="source-url">https://eng.belta.by/politics/view/lavrov-123/</a>' in html
    )
    assert "(file 003_belta.txt)" in html
    assert "<dd>BelTA — from the manifest</dd>" in html
    assert "1 January 2024 — read from the dateline" in html
    assert "MINSK, 18 January (BelTA)" in html
