"""Production serving: the site's own error pages, /healthz, static files by hashed name."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.support.factories import make_user

pytestmark = pytest.mark.django_db


def test_missing_event_shows_the_sites_404_page_without_the_url_list(client: Client) -> None:
    response = client.get("/events/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in page and 'class="brand"' in page
    assert "URLconf" not in page and "events/&lt;int:event_id&gt;" not in page


def test_500_page_renders_without_a_request_context() -> None:
    # Django renders 500.html with an empty context: no request, user or csrf token.
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page and 'class="brand"' in page


def test_403_page_in_the_sites_layout(client: Client) -> None:
    client.force_login(make_user("journalist"))
    response = client.get("/upload/")
    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in response.content.decode()


def test_healthz_answers_json_when_the_database_is_up(client: Client, settings) -> None:
    settings.NEWSDIFF_PUBLIC_READ = False  # the healthcheck never needs a login
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_favicon_ico_leads_to_the_icon_without_a_login(client: Client, settings) -> None:
    settings.NEWSDIFF_PUBLIC_READ = False
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].startswith("/static/newsdiff/favicon")
    assert response["Location"].endswith(".svg")


def test_static_urls_are_hashed_with_the_production_storage(settings, tmp_path) -> None:
    from django.core.management import call_command
    from django.templatetags.static import static

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "newsdiff.lib.staticfiles.StaticStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static("newsdiff/htmx.min.js")
    assert url.startswith("/static/newsdiff/htmx.min.") and url != "/static/newsdiff/htmx.min.js"
    assert (tmp_path / url.removeprefix("/static/")).exists()
    assert (tmp_path / (url.removeprefix("/static/") + ".gz")).exists()
