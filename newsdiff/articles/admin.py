from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest

from newsdiff.articles.models import Article, Outlet, Paragraph, ParagraphEmbedding
from newsdiff.articles.signals import article_edited


def _edited_by(request: HttpRequest) -> str:
    return f"{request.user.get_username()} in the Django admin"


# What decides a paragraph's vector: its text, and its kind (whether it is matched at all).
EMBEDDED = ("text", "kind", "reason")


def _text_changed(formsets: list[BaseFormSet[Any]]) -> set[int]:
    """The ids of the inline paragraphs whose text (or kind) this save changed."""
    return {
        form.instance.pk
        for formset in formsets
        for form in formset.forms
        if form.instance.pk and set(EMBEDDED) & set(form.changed_data)
    }


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin[Outlet]):
    list_display = ["name", "url", "created"]
    list_filter = ["created"]
    search_fields = ["name", "url"]


class ParagraphInline(admin.TabularInline[Paragraph, Article]):
    model = Paragraph
    fields = ["position", "kind", "reason", "text"]
    readonly_fields = ["position"]
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["title", "outlet", "published", "published_precision", "source_file", "created"]
    list_filter = ["outlet", "published_precision", "language", "source_format"]
    search_fields = ["title", "url", "source_file", "content_hash"]
    date_hierarchy = "published"
    readonly_fields = ["content_hash", "source_format", "created", "uploaded_by"]
    exclude = ["original"]
    inlines = [ParagraphInline]

    # An edit of the outlet, the date or a paragraph's text is noted in the provenance and
    # matched again (``articles.signals.article_edited``), as a correction from the article's
    # page is.
    def save_model(
        self, request: HttpRequest, obj: Article, form: ModelForm[Article], change: bool
    ) -> None:
        if change:
            stored = Article.objects.select_related("outlet").get(pk=obj.pk)
            obj._stored = (stored.outlet, stored.published)  # type: ignore[attr-defined]
            if "outlet" in form.changed_data:
                obj.outlet_how = Article.How.CORRECTED
            if "published" in form.changed_data:
                obj.published_how = Article.How.CORRECTED
        super().save_model(request, obj, form, change)

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[Article],
        formsets: list[BaseFormSet[Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        stored: tuple[Outlet, Any] | None = getattr(form.instance, "_stored", None)
        if stored is None:
            return
        edited, article = _text_changed(formsets), form.instance
        by = _edited_by(request)
        if article.note_correction(stored[0], stored[1], by, text_edited=bool(edited)):
            article_edited.send(Article, article=article, paragraphs=edited)


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin[Paragraph]):
    list_display = ["article", "position", "kind", "reason", "text"]
    list_filter = ["kind", "reason"]
    search_fields = ["text"]
    list_select_related = ["article__outlet"]

    def save_model(
        self, request: HttpRequest, obj: Paragraph, form: ModelForm[Paragraph], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change and set(EMBEDDED) & set(form.changed_data):
            article = obj.article
            article.note_correction(
                article.outlet, article.published, _edited_by(request), text_edited=True
            )
            article_edited.send(Article, article=article, paragraphs={obj.pk})


@admin.register(ParagraphEmbedding)
class ParagraphEmbeddingAdmin(admin.ModelAdmin[ParagraphEmbedding]):
    list_display = ["paragraph", "model_name", "created"]
    list_filter = ["model_name"]
    exclude = ["vector"]
    raw_id_fields = ["paragraph"]
