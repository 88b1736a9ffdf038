from django.urls import path

from newsdiff.web.views import articles, events, health, outlets

urlpatterns = [
    path("", events.events, name="events"),
    path("events/<int:event_id>/", events.event, name="event"),
    path("alignments/<int:alignment_id>/", events.alignment, name="alignment"),
    path("pairs/<int:paragraph_a>-<int:paragraph_b>/", events.pair, name="pair"),
    path("articles/", articles.articles, name="articles"),
    path("articles/<int:article_id>/", articles.article, name="article"),
    path("articles/<int:article_id>/correct/", articles.article_correct, name="article-correct"),
    path("paragraphs/<int:paragraph_id>/aligned/", articles.aligned, name="aligned"),
    path("outlets/", outlets.outlets, name="outlets"),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", health.favicon, name="favicon"),
]
