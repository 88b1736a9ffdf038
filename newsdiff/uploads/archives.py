"""Unpacking a .zip upload without trusting it: no paths outside, no bombs, no surprises."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from newsdiff.articles.sources import IngestError


@dataclass
class Member:
    path: str  # posix path inside the archive, checked to stay inside it
    data: bytes  # empty when the member is too large (``size`` says how large)
    size: int


def _safe_path(name: str, archive: str) -> str:
    path = name.replace("\\", "/")
    if path.startswith("/") or re.match(r"[A-Za-z]:", path) or ".." in path.split("/"):
        raise IngestError(archive, f"unsafe path {name!r} in the archive (absolute or '..')")
    return posixpath.normpath(path)


def _is_junk(path: str) -> bool:
    """Folders and the metadata macOS and editors add (__MACOSX/, ._file, .DS_Store)."""
    return any(part.startswith(".") or part == "__MACOSX" for part in path.split("/"))


def _check_limits(infos: list[zipfile.ZipInfo], archive: str, packed: int) -> None:
    limit_files, limit_total = settings.NEWSDIFF_MAX_FILES, settings.NEWSDIFF_MAX_ZIP_BYTES
    if len(infos) > limit_files:
        raise IngestError(
            archive, f"archive has {len(infos):,} files; the limit is {limit_files:,}"
        )
    total = sum(info.file_size for info in infos)
    if total > limit_total:
        raise IngestError(
            archive, f"archive unpacks to {total:,} bytes; the limit is {limit_total:,}"
        )
    ratio = total / max(packed, 1)
    if total > settings.NEWSDIFF_MAX_FILE_BYTES and ratio > settings.NEWSDIFF_MAX_ZIP_RATIO:
        raise IngestError(archive, f"archive is compressed {ratio:,.0f} to 1: a zip bomb?")
    if any(info.flag_bits & 0x1 for info in infos):
        raise IngestError(archive, "archive is encrypted")


def unpack(archive: str, source: bytes | IO[bytes] | UploadedFile) -> list[Member]:
    """The archive's files, or IngestError naming why the whole archive is refused.

    ``source`` may be an uploaded file (Django's temporary file): zipfile seeks in it, so the
    packed archive is never read into memory whole.
    """
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    source.seek(0, io.SEEK_END)
    packed = source.tell()
    source.seek(0)
    try:
        zf = zipfile.ZipFile(source)  # type: ignore[arg-type]
    except (zipfile.BadZipFile, ValueError):
        raise IngestError(archive, "not a valid .zip archive") from None
    with zf:
        # Every path is checked before anything is read, so one bad path refuses the archive.
        named = [(_safe_path(info.filename, archive), info) for info in zf.infolist()]
        files = [(path, info) for path, info in named if not info.is_dir()]
        files = [(path, info) for path, info in files if not _is_junk(path)]
        _check_limits([info for _, info in files], archive, packed)
        return [_read(zf, path, info, archive) for path, info in files]


def _read(zf: zipfile.ZipFile, path: str, info: zipfile.ZipInfo, archive: str) -> Member:
    limit = settings.NEWSDIFF_MAX_FILE_BYTES
    if info.file_size > limit:
        return Member(path=path, data=b"", size=info.file_size)
    try:
        with zf.open(info) as member:
            # Read one byte past the limit: a header that understates the size cannot fool us.
            data = member.read(limit + 1)
    # zipfile raises NotImplementedError for a compression method it cannot decode (e.g. 97,
    # WavPack): that is a bad archive for the uploader, not a server error.
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise IngestError(archive, f"cannot unpack {path!r} ({exc})") from None
    if len(data) != info.file_size:
        raise IngestError(archive, f"{path!r} is not the size its header declares")
    return Member(path=path, data=data, size=len(data))
