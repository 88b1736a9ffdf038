from django.contrib import admin

from newsdiff.articles.models import Article, Outlet, Paragraph, ParagraphEmbedding


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


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin[Paragraph]):
    list_display = ["article", "position", "kind", "reason", "text"]
    list_filter = ["kind", "reason"]
    search_fields = ["text"]
    list_select_related = ["article__outlet"]


@admin.register(ParagraphEmbedding)
class ParagraphEmbeddingAdmin(admin.ModelAdmin[ParagraphEmbedding]):
    list_display = ["paragraph", "model_name", "created"]
    list_filter = ["model_name"]
    exclude = ["vector"]
    raw_id_fields = ["paragraph"]
