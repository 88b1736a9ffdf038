from django.urls import path

from newsdiff.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:article_id>/", views.article, name="article"),
]
