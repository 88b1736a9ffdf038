"""Login hardening: lockout after failed logins, password validators, the CSP header."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from tests.support.factories import make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
LOGIN = "/accounts/login/"


def test_repeated_failed_logins_lock_the_account_out(client: Client, settings) -> None:
    make_user("journalist", username="ana")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        bad = client.post(LOGIN, {"username": "ana", "password": "wrong"})
        assert bad.status_code == 200 and b"correct username and password" in bad.content
    locked = client.post(LOGIN, {"username": "ana", "password": "wrong"})
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content and b"<strong>ana</strong>" in locked.content
    # Even the right password is refused while locked out.
    right = client.post(LOGIN, {"username": "ana", "password": "pw-for-tests"})
    assert right.status_code == 429
    # Another user from the same address is not affected.
    make_user("journalist", username="ben")
    assert client.post(LOGIN, {"username": "ben", "password": "pw-for-tests"}).status_code == 302


def test_login_works_again_after_the_cool_off(client: Client, settings) -> None:
    make_user("journalist", username="ana")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "ana", "password": "wrong"})
    assert client.post(LOGIN, {"username": "ana", "password": "pw-for-tests"}).status_code == 429
    later = timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=later)
    assert client.post(LOGIN, {"username": "ana", "password": "pw-for-tests"}).status_code == 302


def test_password_validators_refuse_weak_passwords() -> None:
    user = make_user(username="reporter")
    for weak in ["short", "password123", "12345678901", "reporter2024"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user)


def test_ensure_admin_generates_a_password_the_validators_accept(capsys) -> None:
    from django.contrib.auth.models import User

    call_command("ensure_admin")
    password = re.search(r"with password '([^']+)'", capsys.readouterr().out)
    assert password is not None
    validate_password(password.group(1), User.objects.get(username="admin"))


def test_ensure_admin_refuses_a_weak_password_and_writes_nothing(monkeypatch) -> None:
    from django.contrib.auth.models import User

    monkeypatch.setenv("NEWSDIFF_ADMIN_PASSWORD", "admin123")
    with pytest.raises(CommandError, match=r"NEWSDIFF_ADMIN_PASSWORD is refused: .*too common"):
        call_command("ensure_admin")
    assert not User.objects.filter(username="admin").exists()


def test_content_security_policy_allows_only_the_apps_own_files(client: Client) -> None:
    header = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in header.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in header


# hx-on and js: values are evaluated by htmx with Function(), which the CSP forbids too.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|\shx-on[:-]|=[\"']js:", re.I
)


def test_templates_have_no_inline_script_style_or_handlers() -> None:
    # The CSP would block them; this names the template instead of a silent broken page.
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in [
            *ROOT.glob("templates/**/*.html"),
            *ROOT.glob("newsdiff/*/templates/**/*.html"),
        ]
        for match in INLINE.finditer(path.read_text())
    ]
    assert offenders == []
