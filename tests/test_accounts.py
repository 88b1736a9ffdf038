"""Roles, login and logout, login-only reading, and the local admin account."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from newsdiff.accounts.roles import can_upload
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def test_roles_are_groups_with_their_permissions() -> None:
    perms = {g.name: {p.codename for p in g.permissions.all()} for g in Group.objects.all()}
    assert {"journalist", "researcher", "admin"} <= set(perms)
    assert {"view_article", "view_event"} <= perms["journalist"]
    assert not any(p.startswith(("add_", "change_", "delete_")) for p in perms["journalist"])
    assert "upload_articles" not in perms["journalist"] | perms["researcher"]
    assert {"upload_articles", "change_article", "delete_batchitem"} <= perms["admin"]


def test_only_admins_and_superusers_can_upload() -> None:
    assert can_upload(make_user("admin"))
    assert can_upload(User.objects.create_superuser("root", password="x"))
    assert not can_upload(make_user("journalist"))
    assert not can_upload(make_user("researcher"))
    assert not can_upload(make_user("admin", is_active=False))


def test_login_and_logout(client: Client) -> None:
    make_user("journalist", username="ana")
    page = client.get("/accounts/login/")
    assert page.status_code == 200 and b'name="password"' in page.content
    bad = client.post("/accounts/login/", {"username": "ana", "password": "wrong"})
    assert bad.status_code == 200 and b"correct username and password" in bad.content
    ok = client.post("/accounts/login/", {"username": "ana", "password": "pw-for-tests"})
    assert ok.status_code == 302
    assert b"Log out ana" in client.get("/").content
    assert client.post("/accounts/logout/").status_code == 302
    assert b"Log in" in client.get("/").content


def test_upload_link_only_for_admins(client: Client) -> None:
    client.force_login(make_user("journalist"))
    assert b'href="/upload/"' not in client.get("/").content
    client.force_login(make_user("admin"))
    assert b'href="/upload/"' in client.get("/").content


def test_reading_is_public_by_default(client: Client) -> None:
    article = make_article()
    assert client.get("/").status_code == 200
    assert client.get(f"/articles/{article.pk}/").status_code == 200


def test_reading_needs_login_when_not_public(client: Client, settings) -> None:
    settings.NEWSDIFF_PUBLIC_READ = False
    article = make_article()
    response = client.get(f"/articles/{article.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/articles/{article.pk}/"
    assert client.get("/accounts/login/").status_code == 200  # the ways in stay open
    assert client.get("/admin/login/").status_code == 200
    # An htmx request is told to reload the whole page rather than swap a login form in.
    poll = client.get("/", headers={"HX-Request": "true"})
    assert poll["HX-Redirect"] == "/accounts/login/?next=/"
    client.force_login(make_user("journalist"))
    assert client.get(f"/articles/{article.pk}/").status_code == 200


def test_ensure_admin_prints_a_password_once(capsys) -> None:
    call_command("ensure_admin")
    out = capsys.readouterr().out
    password = out.split("with password ")[1].split("'")[1]
    user = User.objects.get(username="admin")
    assert user.check_password(password) and user.is_staff and can_upload(user)
    call_command("ensure_admin")
    assert password not in capsys.readouterr().out
    assert User.objects.get(username="admin").check_password(password)


def test_ensure_admin_keeps_a_generated_password_where_it_is_told(tmp_path, capsys) -> None:
    kept = tmp_path / "admin-password"
    call_command("ensure_admin", password_file=kept)
    password = capsys.readouterr().out.split("with password ")[1].split("'")[1]
    assert kept.read_text() == f"{password}\n" and kept.stat().st_mode & 0o777 == 0o600
    call_command("ensure_admin", password_file=kept)
    assert capsys.readouterr().out == f"Admin account 'admin', password {password!r}.\n"
    User.objects.filter(username="admin").update(password="!")  # changed since: not shown
    call_command("ensure_admin", password_file=kept)
    assert password not in capsys.readouterr().out


def test_ensure_admin_from_environment(monkeypatch, capsys) -> None:
    monkeypatch.setenv("NEWSDIFF_ADMIN_USER", "editor")
    monkeypatch.setenv("NEWSDIFF_ADMIN_PASSWORD", "s3cret-pass")
    call_command("ensure_admin")
    assert "s3cret-pass" not in capsys.readouterr().out
    assert can_upload(User.objects.get(username="editor"))
    assert User.objects.get(username="editor").check_password("s3cret-pass")


def test_researchers_and_admins_tag_journalists_do_not() -> None:
    from newsdiff.accounts.roles import can_adjudicate, can_tag

    assert can_tag(make_user("researcher")) and can_tag(make_user("admin"))
    assert not can_tag(make_user("journalist")) and not can_tag(make_user())
    assert can_adjudicate(make_user("admin"))
    assert not can_adjudicate(make_user("researcher"))


def test_adduser_creates_a_user_in_a_role(capsys) -> None:
    from django.core.management.base import CommandError

    from newsdiff.accounts.roles import can_adjudicate, can_tag

    call_command("adduser", "rosa", "--role", "researcher")
    password = capsys.readouterr().out.split("password ")[1].split("'")[1]
    rosa = User.objects.get(username="rosa")
    assert rosa.check_password(password) and can_tag(rosa) and not rosa.is_staff
    assert not can_adjudicate(rosa)
    call_command("adduser", "lead", "--role", "researcher", "--lead", "--password", "pw-long-1")
    assert can_adjudicate(User.objects.get(username="lead"))
    call_command("adduser", "boss", "--role", "admin", "--password", "pw-long-2")
    assert User.objects.get(username="boss").is_staff
    with pytest.raises(CommandError, match="already exists"):
        call_command("adduser", "rosa", "--role", "journalist")


def test_the_admin_role_assigns_roles_in_the_django_admin(client: Client) -> None:
    call_command("ensure_admin")
    client.force_login(User.objects.get(username="admin"))
    journalist = make_user("journalist")
    assert client.get("/admin/auth/user/").status_code == 200
    assert client.get("/admin/auth/group/").status_code == 200
    page = client.get(f"/admin/auth/user/{journalist.pk}/change/")
    assert page.status_code == 200 and b'name="groups"' in page.content
    researcher = Group.objects.get(name="researcher")
    response = client.post(
        f"/admin/auth/user/{journalist.pk}/change/",
        {
            "username": journalist.username,
            "is_active": "on",
            "groups": [researcher.pk],
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert list(journalist.groups.values_list("name", flat=True)) == ["researcher"]
    # A journalist still cannot open them.
    client.force_login(make_user("journalist", is_staff=True))
    assert client.get("/admin/auth/user/").status_code == 403
