"""Shared start-up for the benchmark scripts: a scratch database, Django set up, migrated."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_on_scratch_db(name: str) -> Path:
    """Point DATABASE_URL at a fresh SQLite file (unless one is given), set up and migrate."""
    sys.path.insert(0, str(ROOT))
    path = Path(tempfile.mkdtemp(prefix=f"newsdiff-{name}-")) / "bench.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
    os.environ.setdefault("DEBUG", "0")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return path
