"""Articles: the list, one article with its event markers, a paragraph's aligned passages."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from newsdiff.accounts.decorators import admin_required
from newsdiff.accounts.roles import can_upload
from newsdiff.articles.models import Article, Outlet, Paragraph
from newsdiff.lib.htmx import HtmxHttpRequest, paginate, render_page
from newsdiff.uploads.forms import FixForm
from newsdiff.uploads.ingest import correct
from newsdiff.web import queries
from newsdiff.web.forms import ArticleFilterForm
from newsdiff.web.marks import legend

ARTICLES_PER_PAGE = 50


@require_GET
def articles(request: HtmxHttpRequest) -> HttpResponse:
    form = ArticleFilterForm(request.GET)
    listing = Article.objects.for_reading().filtered(**form.filters()).select_related("outlet")
    pager = paginate(listing.with_counts().newest_first(), form, ARTICLES_PER_PAGE)
    return render_page(request, "web/articles.html", "article-list", {"form": form, "pager": pager})


def _article_page(
    request: HtmxHttpRequest, obj: Article, form: FixForm | None = None, status: int = 200
) -> HttpResponse:
    blocks = queries.blocks(queries.paragraphs_with_events(obj))
    # The dateline is shown where it was written, before the first paragraph's text.
    first = next((block.body.pk for block in blocks if block.body), None)
    context = {"article": obj, "blocks": blocks, "dateline_at": first if obj.dateline else None}
    if can_upload(request.user):  # admins correct the outlet and date here
        initial = {"outlet": obj.outlet.name, "published": obj.published}
        context["correction"] = form or FixForm(prefix="correct", initial=initial)
        context["outlets"] = Outlet.objects.values_list("name", flat=True)
    return render_page(request, "web/article.html", "article-text", context, status)


@require_GET
def article(request: HtmxHttpRequest, article_id: int) -> HttpResponse:
    obj = get_object_or_404(Article.objects.for_reading().select_related("outlet"), pk=article_id)
    return _article_page(request, obj)


@require_POST
@admin_required
def article_correct(request: HtmxHttpRequest, article_id: int) -> HttpResponse:
    """Correct the outlet and/or date of any article; it is matched again."""
    obj = get_object_or_404(Article.objects.for_reading().select_related("outlet"), pk=article_id)
    form = FixForm(request.POST, prefix="correct")
    if form.is_valid():
        data, by = form.cleaned_data, request.user.get_username()
        if correct(obj, data["outlet"], data["published"], by):
            return _article_page(request, obj) if request.htmx else redirect(obj)
        form.add_error(None, "Nothing to change: the article already has this outlet and date.")
    # htmx swaps only 2xx answers, so the errors come back as 200 there.
    return _article_page(request, obj, form, 200 if request.htmx else 400)


@require_GET
def aligned(request: HtmxHttpRequest, paragraph_id: int) -> HttpResponse:
    """The passages of other articles aligned with one paragraph (loaded inline by htmx)."""
    paragraph = get_object_or_404(
        Paragraph.objects.select_related("article__outlet").defer("article__original"),
        pk=paragraph_id,
    )
    groups = queries.aligned_elsewhere(paragraph)
    context = {"paragraph": paragraph, "groups": groups, "legend": legend(all_kinds=False)}
    return render_page(request, "web/aligned.html", "aligned", context)
