"""From uploaded files to the items of a new batch: archives unpacked, manifests applied.

Nothing here parses articles; that is the worker's job. What is certain about a file at
upload time (its type, its size, that it is empty or binary, a refused archive) is its
``refused`` reason, and the upload form refuses the upload with it: nothing is stored. A
manifest's problems (a bad row, a row naming a file not uploaded) make items that start failed,
so the batch page reports them beside the files that went through.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from newsdiff.articles.sources import (
    HEAD_BYTES,
    IngestError,
    Source,
    check_size,
    check_text,
    decode,
    manifest_file,
    manifest_meta,
    manifest_rows,
)
from newsdiff.lib.fields import fit
from newsdiff.uploads import archives, tasks
from newsdiff.uploads.models import Batch, BatchItem

MANIFEST = "manifest.json"
WRITE_BYTES = 8 * 1024 * 1024


@dataclass
class Incoming:
    name: str  # shown to the admin: "notes.txt" or "bundle.zip/2022/notes.txt"
    key: str  # what a manifest row's "file" is matched against
    data: bytes
    size: int
    kind: str = BatchItem.Kind.ARTICLE
    meta: dict[str, Any] = field(default_factory=dict)
    refused: str = ""  # why the file cannot be ingested, certain now (the form says so)
    error: str = ""  # a manifest's problem with it (the item starts failed)
    # An uploaded file not yet read: Django streamed it to a temporary file, and its bytes
    # are read only when its item is written, so a batch never holds every file in memory.
    upload: UploadedFile | None = None

    @property
    def is_manifest(self) -> bool:
        return posixpath.basename(self.key).lower() == MANIFEST

    def read(self) -> bytes:
        if self.upload is None:
            return self.data
        self.upload.seek(0)
        return b"".join(self.upload.chunks())

    def head(self) -> bytes:
        if self.upload is None:
            return self.data[:HEAD_BYTES]
        self.upload.seek(0)
        return self.upload.read(HEAD_BYTES)


def _too_large(name: str, key: str, size: int) -> Incoming:
    try:
        check_size(name, size)
    except IngestError as exc:
        return Incoming(name=name, key=key, data=b"", size=size, refused=exc.problem)
    raise AssertionError("only called for files over the limit")


def _file(name: str, key: str, data: bytes, upload: UploadedFile | None = None) -> Incoming:
    size = (upload.size or 0) if upload is not None else len(data)
    entry = Incoming(name=name, key=key, data=data, size=size, upload=upload)
    if entry.is_manifest:
        entry.data, entry.upload = entry.read(), None  # small, and needed now for its rows
    else:
        try:
            Source(name=name, data=b"").format  # noqa: B018 (the check is the property)
            check_text(entry.head(), name, entry.size)
        except IngestError as exc:  # certain now: say so at once
            entry.refused = exc.problem
    return entry


def from_upload(upload: UploadedFile) -> list[Incoming]:
    """One uploaded file as items: itself, or the members of an archive."""
    name = posixpath.basename((upload.name or "unnamed").replace("\\", "/"))
    size = upload.size or 0
    is_zip = name.lower().endswith(".zip")
    if size > (settings.NEWSDIFF_MAX_ZIP_BYTES if is_zip else settings.NEWSDIFF_MAX_FILE_BYTES):
        return [_too_large(name, name, size)]  # never read: the bytes would defeat the limit
    if not is_zip:
        return [_file(name, name, b"", upload)]
    try:
        members = archives.unpack(name, upload)
    except IngestError as exc:
        return [
            Incoming(name=name, key=name, data=b"", size=size, refused=exc.problem, upload=upload)
        ]
    return [
        _too_large(f"{name}/{m.path}", m.path, m.size)
        if m.size > settings.NEWSDIFF_MAX_FILE_BYTES
        else _file(f"{name}/{m.path}", m.path, m.data)
        for m in members
    ]


def _find(articles: list[Incoming], key: str) -> Incoming | None:
    exact = [a for a in articles if a.key == key]
    # Files picked in a browser arrive without their folders: match on the name alone then.
    named = [a for a in articles if posixpath.basename(a.key) == posixpath.basename(key)]
    found = exact or named
    return found[0] if len(found) == 1 else None


def apply_manifest(manifest: Incoming, articles: list[Incoming]) -> None:
    """Copy each row's metadata to its file; problems go on the manifest or on the file."""
    manifest.kind = BatchItem.Kind.MANIFEST
    if manifest.error:
        return
    try:
        rows = manifest_rows(decode(manifest.data, manifest.name), manifest.name)
    except IngestError as exc:
        manifest.error = exc.problem
        return
    base, problems = posixpath.dirname(manifest.key), []
    for number, row in enumerate(rows, start=1):
        where = f"{posixpath.basename(manifest.key)} row {number}"
        try:
            wanted = posixpath.normpath(posixpath.join(base, manifest_file(row, where)))
            target = _find(articles, wanted)
            if target is None:
                raise IngestError(where, f"file {row['file']!r} is not in this upload")
        except IngestError as exc:
            problems.append(str(exc))
            continue
        try:
            target.meta = manifest_meta(row, where)
        except IngestError as exc:
            # The file's metadata is wrong, so the file waits for a corrected upload.
            target.error = target.error or f"bad manifest row: {exc}"
            problems.append(str(exc))
    manifest.error = "; ".join(problems)


def expand(uploads: Iterable[UploadedFile]) -> list[Incoming]:
    incoming = [item for upload in uploads for item in from_upload(upload)]
    articles = [i for i in incoming if not i.is_manifest]
    for manifest in (i for i in incoming if i.is_manifest):
        apply_manifest(manifest, articles)
    return incoming


def create_batch(user: Any, label: str, incoming: list[Incoming]) -> Batch:
    """Store every file's bytes and queue the good ones, all in one transaction.

    The queue is a table in the same database, so either the batch and its tasks exist
    together or neither does: a crash here loses no queued work and leaves no orphan task.
    """
    with transaction.atomic():
        batch = Batch.objects.create(created_by=user, label=fit(Batch, "label", label))
        items: list[BatchItem] = []
        for group in _by_size(list(enumerate(incoming))):
            items += BatchItem.objects.bulk_create(
                BatchItem(
                    batch=batch,
                    position=position,
                    name=fit(BatchItem, "name", entry.name),
                    kind=entry.kind,
                    original=entry.read(),
                    size=entry.size,
                    meta=entry.meta,
                    error=entry.refused or entry.error,
                    state=_initial_state(entry),
                )
                for position, entry in group
            )
        tasks.enqueue(items)
    return batch


def _by_size(entries: list[tuple[int, Incoming]]) -> Iterable[list[tuple[int, Incoming]]]:
    """Groups of about WRITE_BYTES: few inserts, and only one group's bytes in memory at once."""
    group: list[tuple[int, Incoming]] = []
    total = 0
    for position, entry in entries:
        if group and total + entry.size > WRITE_BYTES:
            yield group
            group, total = [], 0
        group.append((position, entry))
        total += entry.size
    if group:
        yield group


def _initial_state(entry: Incoming) -> str:
    if entry.refused or entry.error:
        return BatchItem.State.FAILED
    # A manifest's work is done once its rows are copied to the files.
    return BatchItem.State.DONE if entry.kind == BatchItem.Kind.MANIFEST else BatchItem.State.QUEUED
