"""Move a whole archive between databases: every row of every model, in one file.

    manage.py export_archive FILE      # from the database DATABASE_URL names
    manage.py import_archive FILE      # into another one, empty and migrated to the same version

The file is gzipped JSON Lines: a header (format, the migrations applied, each model's row
count), then one line per row ``{"m": "app.model", "r": {column: value}}``, then a trailer.
Models come from ``apps.get_models()`` (with Django's automatic many-to-many tables), so a
model added later is carried without a change here. Values keep their exact bytes: binary
fields (an article's original file) and vectors (float32) as base64, dates in ISO form.

Import is one transaction: it refuses a target that holds data, or whose migrations differ
from the archive's, and on any problem (a truncated file, a row that breaks a constraint)
nothing is written. Primary keys are kept, and PostgreSQL's sequences are moved past them.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import gzip
import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np
from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "newsdiff-archive"
VERSION = 1
BATCH = 1000
# Rows that `migrate` itself creates on every database (content types, permissions, the role
# groups). They may differ in ids between databases, so import replaces them with the archive's.
# An app whose post_migrate handler installs rows of its own names those models in its
# AppConfig's ``archive_setup_models`` (the framing app's codebooks).
SETUP = ("contenttypes.contenttype", "auth.permission", "auth.group", "auth.group_permissions")


def setup_models() -> tuple[str, ...]:
    declared = [
        label
        for config in apps.get_app_configs()
        for label in getattr(config, "archive_setup_models", ())
    ]
    return (*SETUP, *declared)


# Never carried: the migration history is the target's own (checked against the archive's).
SKIP = ("migrations.migration",)


class ArchiveError(Exception):
    """The archive cannot be read, or cannot go into this database; nothing was written."""


def all_models() -> list[type[models.Model]]:
    found = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in SKIP
    ]
    return sorted(found, key=lambda m: m._meta.label_lower)


def applied_migrations(using: str) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _encode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, np.ndarray):
        return {"$f32": base64.b64encode(value.astype("<f4").tobytes()).decode()}
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return value.isoformat() if not isinstance(value, dt.timedelta) else value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _decode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(value, dict) and "$bytes" in value:
        return base64.b64decode(value["$bytes"])
    if isinstance(value, dict) and "$f32" in value:
        return np.frombuffer(base64.b64decode(value["$f32"]), dtype="<f4").astype(np.float32)
    if isinstance(field, models.DurationField):
        return dt.timedelta(seconds=value)
    return field.to_python(value)


def _rows(model: type[models.Model], using: str) -> Iterator[dict[str, Any]]:
    fields = model._meta.concrete_fields
    names = [f.attname for f in fields]
    query = model._base_manager.using(using).order_by("pk").values_list(*names)
    for values in query.iterator(chunk_size=BATCH):
        yield {f.attname: _encode(f, v) for f, v in zip(fields, values, strict=True)}


def export_archive(
    path: Path, using: str = "default", progress: Callable[[int], Any] = print
) -> dict[str, int]:
    """Write every row to ``path``; returns the row count of each model."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":  # one snapshot for every table
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = {m._meta.label_lower: m._base_manager.using(using).count() for m in all_models()}
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "migrations": applied_migrations(using),
            "counts": counts,
        }
        tmp = path.with_name(path.name + ".part")
        with gzip.open(tmp, "wt", encoding="utf-8") as out:
            _line(out, header)
            for model in all_models():
                label = model._meta.label_lower
                for row in _rows(model, using):
                    _line(out, {"m": label, "r": row})
                progress(counts[label])
            _line(out, {"end": True, "rows": sum(counts.values())})
        tmp.replace(path)  # a crash mid-export leaves no file that looks complete
    return counts


def _line(out: IO[str], record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")


def _read(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ArchiveError(f"{path} line {number} is not JSON ({exc.msg})") from None
    except (OSError, EOFError) as exc:
        raise ArchiveError(f"{path} cannot be read as a gzipped archive ({exc})") from None


def check_target(header: dict[str, Any], using: str) -> None:
    if header.get("format") != FORMAT:
        raise ArchiveError("not a newsdiff archive (its first line has no newsdiff header)")
    if header.get("version") != VERSION:
        raise ArchiveError(f"archive format version {header.get('version')}; this is {VERSION}")
    ours, theirs = set(applied_migrations(using)), set(header["migrations"])
    if ours != theirs:
        missing, extra = sorted(theirs - ours), sorted(ours - theirs)
        raise ArchiveError(
            "version mismatch: "
            + (
                f"the archive has migrations this database lacks ({', '.join(missing)}); "
                if missing
                else ""
            )
            + (
                f"this database has migrations the archive lacks ({', '.join(extra)}); "
                if extra
                else ""
            )
            + "migrate both to the same version of newsdiff first"
        )
    occupied = [
        f"{m._meta.label_lower} ({n} rows)"
        for m in all_models()
        if m._meta.label_lower not in setup_models() and (n := m._base_manager.using(using).count())
    ]
    if occupied:
        raise ArchiveError(
            f"the target database is not empty: {', '.join(occupied)}; import into a freshly "
            "migrated database"
        )


def import_archive(
    path: Path, using: str = "default", progress: Callable[[int], Any] = print
) -> dict[str, int]:
    """Load ``path`` into an empty, migrated database in one transaction; row count per model."""
    records = _read(path)
    header = next(records, None)
    if header is None:
        raise ArchiveError(f"{path} is empty")
    by_label = {m._meta.label_lower: m for m in all_models()}
    connection = connections[using]
    counts = dict.fromkeys(header.get("counts", {}), 0)
    with transaction.atomic(using=using):
        check_target(header, using)
        for label in reversed(setup_models()):  # migrate's own rows give way to the archive's
            by_label[label]._base_manager.using(using).all().delete()
        pending: list[models.Model] = []
        model: type[models.Model] | None = None
        trailer = None
        for record in records:
            if "end" in record:
                trailer = record
                break
            if record["m"] not in by_label:
                raise ArchiveError(f"the archive holds rows of an unknown model {record['m']!r}")
            if model is None or record["m"] != model._meta.label_lower:
                _insert(model, pending, using)
                progress(len(pending))
                model, pending = by_label[record["m"]], []
            fields = {f.attname: f for f in model._meta.concrete_fields}
            pending.append(model(**{k: _decode(fields[k], v) for k, v in record["r"].items()}))
            counts[record["m"]] = counts.get(record["m"], 0) + 1
            if len(pending) >= BATCH:
                _insert(model, pending, using)
                progress(len(pending))
                pending = []
        _insert(model, pending, using)
        if trailer is None or counts != header["counts"]:
            raise ArchiveError(
                f"{path} is truncated or damaged: the row counts do not match its header"
            )
        connection.check_constraints(table_names=[m._meta.db_table for m in by_label.values()])
        _reset_sequences(using)
    return counts


def _insert(model: type[models.Model] | None, rows: list[models.Model], using: str) -> None:
    """Insert as stored: ``raw`` keeps auto_now fields and explicit primary keys as they are."""
    if model is None or not rows:
        return
    fields = model._meta.concrete_fields
    connection = connections[using]
    size = connection.ops.bulk_batch_size(fields, rows) or len(rows)
    for start in range(0, len(rows), size):
        # QuerySet._insert is what bulk_create and loaddata build on; raw=True is loaddata's way
        # of writing stored values as they are (bulk_create would stamp auto_now fields anew).
        manager = model._base_manager.using(using)
        manager._insert(rows[start : start + size], fields=fields, raw=True)  # type: ignore[attr-defined]


def _reset_sequences(using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), all_models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
