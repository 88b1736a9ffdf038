"""Settings that refuse to be unsafe: booleans, the secret key, hosts, check --deploy."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsdiff.lib.secret_key import local_secret_key
from newsdiff.settings import env_bool

ROOT = Path(__file__).resolve().parent.parent
STRONG = secrets.token_urlsafe(50)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("TRUE", True),
        (" on ", True),
        ("yes", True),
        ("0", False),
        ("off", False),
        ("False", False),
        ("", True),
    ],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("NEWSDIFF_X", raw)
    assert env_bool("NEWSDIFF_X", True) is expected


def test_env_bool_refuses_an_unknown_value_by_name(monkeypatch) -> None:
    monkeypatch.setenv("NEWSDIFF_PUBLIC_READ", "ture")
    with pytest.raises(ImproperlyConfigured, match="NEWSDIFF_PUBLIC_READ='ture' is not a boolean"):
        env_bool("NEWSDIFF_PUBLIC_READ", True)


def test_local_secret_key_is_generated_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "newsdiff" / "secret_key"
    key = local_secret_key(str(path))
    assert len(key) >= 50 and local_secret_key(str(path)) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    path.write_text("\n")
    with pytest.raises(ImproperlyConfigured, match="is empty"):
        local_secret_key(str(path))


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Without the test run's own variables (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY"} and not k.startswith("DJANGO_")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.process
def test_check_deploy_is_clean_when_served_over_https() -> None:
    done = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        NEWSDIFF_HTTPS="1",
        SECRET_KEY=STRONG,
        ALLOWED_HOSTS="news.example.org",
    )
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues (0 silenced)" in done.stdout


@pytest.mark.process
@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": "short"}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": STRONG, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS='*'"),
        ({"SECRET_KEY": STRONG, "NEWSDIFF_HTTPS": "yes please"}, "NEWSDIFF_HTTPS='yes please'"),
    ],
)
def test_unsafe_production_settings_are_refused(env: dict[str, str], message: str) -> None:
    done = manage("check", DEBUG="0", **env)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and message in done.stderr


@pytest.mark.process
def test_without_secret_key_the_local_key_file_is_used(tmp_path: Path) -> None:
    done = manage("check", DEBUG="0", XDG_CONFIG_HOME=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert len((tmp_path / "newsdiff" / "secret_key").read_text().strip()) >= 50


@pytest.mark.process
@pytest.mark.parametrize(("flag", "expected"), [("1", "True"), ("0", "False")])
def test_behind_pgbouncer_no_server_side_cursors(flag: str, expected: str) -> None:
    show = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS', False))"
    )
    done = manage(
        "shell",
        "-c",
        show,
        SECRET_KEY=STRONG,
        DATABASE_URL="postgres://newsdiff@db.example.org/newsdiff",
        NEWSDIFF_PGBOUNCER=flag,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == expected


def test_a_403_is_logged_as_one_line_and_other_errors_keep_their_traceback() -> None:
    import logging

    from django.conf import settings as django_settings
    from django.core.exceptions import PermissionDenied

    from newsdiff.lib.logs import OneLineForbidden

    assert django_settings.LOGGING["handlers"]["console"]["filters"] == ["one_line_403"]
    logger = logging.getLogger("django.request")
    formatter = logging.Formatter()
    lines = {}
    for status, exc in (
        (403, PermissionDenied("Uploading articles needs the admin role.")),
        (500, RuntimeError("boom")),
    ):
        try:
            raise exc
        except Exception as caught:
            record = logger.makeRecord(
                logger.name,
                logging.WARNING,
                __file__,
                1,
                "Forbidden: %s",
                ("/upload/",),
                (type(caught), caught, caught.__traceback__),
                extra={"status_code": status},
            )
        assert OneLineForbidden().filter(record)
        lines[status] = formatter.format(record).splitlines()
    assert lines[403] == ["Forbidden: /upload/"]
    assert "Traceback (most recent call last):" in lines[500]
