"""The local default SECRET_KEY: generated once, kept in a file outside the repository."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def default_key_file() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(config) / "newsdiff" / "secret_key"


def local_secret_key(path: str = "") -> str:
    """The key in ``path`` (default: ~/.config/newsdiff/secret_key), created on first use.

    Written to a private temporary file and linked into place, so two processes starting at
    once (a server and its worker) never see a half-written file or keep two different keys:
    the second link fails and that process reads the first one's key.
    """
    file = Path(path) if path else default_key_file()
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = file.with_name(f".{file.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(64) + "\n")
        try:
            os.link(tmp, file)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = file.read_text().strip()
    if not key:
        raise ImproperlyConfigured(f"the secret key file {file} is empty; delete it or fill it")
    return key
