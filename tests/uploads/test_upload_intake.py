"""Unpacking archives and applying manifests at upload time (no worker involved)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from newsdiff.uploads.intake import expand


def zipped(members: dict[str, bytes], name: str = "bundle.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in members.items():
            zf.writestr(path, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def file(name: str, data: bytes = b"Some text.") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_zip_members_become_items_and_junk_is_skipped() -> None:
    items = expand(
        [
            zipped(
                {
                    "a.txt": b"A",
                    "dir/b.html": b"<p>B</p>",
                    "__MACOSX/._a.txt": b"x",
                    "dir/.DS_Store": b"x",
                }
            )
        ]
    )
    assert [(i.name, i.key, i.read(), i.error) for i in items] == [
        ("bundle.zip/a.txt", "a.txt", b"A", ""),
        ("bundle.zip/dir/b.html", "dir/b.html", b"<p>B</p>", ""),
    ]


@pytest.mark.parametrize(
    "path", ["../evil.txt", "/etc/passwd.txt", "a/../../evil.txt", "C:/evil.txt", "..\\evil.txt"]
)
def test_zip_path_traversal_refuses_the_archive(path: str) -> None:
    upload = zipped({"ok.txt": b"fine", path: b"evil"})
    [item] = expand([upload])
    assert item.name == "bundle.zip" and "unsafe path" in item.error
    assert item.read() == upload.file.getvalue()  # the refused archive is kept, as uploaded


def test_zip_bomb_is_refused(settings) -> None:
    settings.NEWSDIFF_MAX_ZIP_BYTES = 10 * 1024 * 1024
    bomb = zipped({f"{n}.txt": b"\0" * (4 * 1024 * 1024) for n in range(3)})
    [item] = expand([bomb])
    assert (
        item.error
        == f"archive unpacks to {12 * 1024 * 1024:,} bytes; the limit is {10 * 1024 * 1024:,}"
    )
    settings.NEWSDIFF_MAX_ZIP_BYTES = 100 * 1024 * 1024
    settings.NEWSDIFF_MAX_FILE_BYTES = 1024 * 1024
    [item] = expand([zipped({"big.txt": b"\0" * (8 * 1024 * 1024)})])
    assert "compressed" in item.error and "zip bomb" in item.error


def test_zip_limits_on_members(settings) -> None:
    settings.NEWSDIFF_MAX_FILES = 3
    [item] = expand([zipped({f"{n}.txt": b"x" for n in range(4)})])
    assert item.error == "archive has 4 files; the limit is 3"
    settings.NEWSDIFF_MAX_FILE_BYTES = 100
    items = expand([zipped({"big.txt": b"y" * 101, "ok.txt": b"fine"})])
    assert [(i.name, i.error, i.read(), i.size) for i in items] == [
        ("bundle.zip/big.txt", "file is too large (101 bytes; the limit is 100)", b"", 101),
        ("bundle.zip/ok.txt", "", b"fine", 4),
    ]


def test_zip_member_in_an_unsupported_compression_is_named() -> None:
    data = bytearray(zipped({"a.txt": b"Negotiators met in Istanbul."}).file.getvalue())
    # Rewrite the member's compression method (8, deflate) to 97 (WavPack) in both headers.
    for header in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.index(header) + (8 if header == b"PK\x03\x04" else 10)
        data[at : at + 2] = (97).to_bytes(2, "little")
    [item] = expand([file("odd.zip", bytes(data))])
    assert item.name == "odd.zip" and "cannot unpack 'a.txt'" in item.error


def test_not_a_zip() -> None:
    [item] = expand([file("broken.zip", b"PK not really")])
    assert item.error == "not a valid .zip archive"


def test_manifest_applies_to_files_by_path_or_name() -> None:
    manifest = {
        "articles": [
            {"file": "articles/a.txt", "outlet": "RT", "published": "2024-01-23", "how_known": "x"},
            {"file": "b.txt", "outlet": "BelTA"},
        ]
    }
    items = expand(
        [file("a.txt"), file("b.txt"), file("manifest.json", json.dumps(manifest).encode())]
    )
    meta = {i.name: i.meta for i in items}
    # The browser sends names without folders: "articles/a.txt" finds "a.txt".
    assert meta["a.txt"] == {
        "outlet": "RT",
        "published": "2024-01-23",
        "how_known": "x",  # kept: the article page shows how the date is known
        "via": {"outlet": "manifest", "published": "manifest"},
    }
    assert meta["b.txt"] == {"outlet": "BelTA", "via": {"outlet": "manifest"}}
    assert [i.kind for i in items] == ["article", "article", "manifest"]
    assert all(i.error == "" for i in items)


def test_manifest_inside_a_zip_resolves_relative_paths() -> None:
    manifest = json.dumps([{"file": "articles/a.txt", "title": "Alpha"}]).encode()
    items = expand([zipped({"corpus/manifest.json": manifest, "corpus/articles/a.txt": b"A"})])
    assert {i.key: i.meta for i in items}["corpus/articles/a.txt"] == {"title": "Alpha"}


def test_bad_manifest_rows_are_named() -> None:
    manifest = json.dumps(
        [
            {"outlet": "RT"},
            {"file": "missing.txt"},
            {"file": "a.txt", "published": "29/03/2022"},
            {"file": "b.txt", "outlet": "AP"},
        ]
    ).encode()
    items = {
        i.name: i for i in expand([file("a.txt"), file("b.txt"), file("manifest.json", manifest)])
    }
    assert items["manifest.json"].error == (
        "manifest.json row 1: row has no 'file'; "
        "manifest.json row 2: file 'missing.txt' is not in this upload; "
        "manifest.json row 3 (a.txt): invalid date '29/03/2022': expected an ISO date such as 2024-01-18"
    )
    assert items["a.txt"].error.startswith(
        "bad manifest row: manifest.json row 3 (a.txt): invalid date"
    )
    assert items["b.txt"].error == "" and items["b.txt"].meta == {
        "outlet": "AP",
        "via": {"outlet": "manifest"},
    }


def test_unreadable_manifest() -> None:
    [manifest] = expand([file("manifest.json", b"{not json")])
    assert manifest.kind == "manifest" and manifest.error.startswith("cannot read manifest")
