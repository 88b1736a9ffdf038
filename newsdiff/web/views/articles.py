"""Articles: the list, one article with its event markers, a paragraph's aligned passages."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from newsdiff.articles.models import Article, Paragraph
from newsdiff.lib.htmx import HtmxHttpRequest, paginate, render_page
from newsdiff.web import queries
from newsdiff.web.forms import ArticleFilterForm

ARTICLES_PER_PAGE = 50


@require_GET
def articles(request: HtmxHttpRequest) -> HttpResponse:
    form = ArticleFilterForm(request.GET)
    listing = Article.objects.for_reading().filtered(**form.filters()).select_related("outlet")
    pager = paginate(listing.with_counts().newest_first(), form, ARTICLES_PER_PAGE)
    return render_page(request, "web/articles.html", "article-list", {"form": form, "pager": pager})


@require_GET
def article(request: HtmxHttpRequest, article_id: int) -> HttpResponse:
    obj = get_object_or_404(Article.objects.for_reading().select_related("outlet"), pk=article_id)
    blocks = queries.blocks(queries.paragraphs_with_events(obj))
    return render_page(
        request, "web/article.html", "article-text", {"article": obj, "blocks": blocks}
    )


@require_GET
def aligned(request: HtmxHttpRequest, paragraph_id: int) -> HttpResponse:
    """The passages of other articles aligned with one paragraph (loaded inline by htmx)."""
    paragraph = get_object_or_404(
        Paragraph.objects.select_related("article__outlet").defer("article__original"),
        pk=paragraph_id,
    )
    context = {"paragraph": paragraph, "groups": queries.aligned_elsewhere(paragraph)}
    return render_page(request, "web/aligned.html", "aligned", context)
