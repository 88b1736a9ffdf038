from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsdiff.articles.models import Article


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.select_related("outlet").with_counts().newest_first()
    return render(request, "home.html", {"articles": articles})


@require_GET
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    obj = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    return render(request, "article.html", {"article": obj, "paragraphs": obj.body()})
