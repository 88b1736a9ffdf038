"""Every row of every model, as plain JSON values: what an archive move must preserve.

In-process (``dump()``) or for another database (``python tests/support/archive_rows.py`` with
DATABASE_URL set, printing JSON). Independent of newsdiff.lib.archive, so a field the archive
forgot shows up as a difference.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import uuid
from pathlib import Path
from typing import Any


def plain(value: Any) -> Any:
    import numpy as np

    if isinstance(value, bytes | bytearray | memoryview):
        return "bytes:" + bytes(value).hex()
    if isinstance(value, np.ndarray):
        return [float(x) for x in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):  # the task queue's ids
        return str(value)
    return value


def dump() -> dict[str, list[list[Any]]]:
    from django.apps import apps

    rows = {}
    for model in apps.get_models(include_auto_created=True):
        names = [f.attname for f in model._meta.concrete_fields]
        query = model._base_manager.order_by("pk").values_list(*names)
        rows[model._meta.label_lower] = [[plain(v) for v in row] for row in query]
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
    django.setup()
    json.dump(dump(), sys.stdout)
