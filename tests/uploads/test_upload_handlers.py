"""Uploads stream to temporary files on disk; a failed write there is a named error."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from newsdiff.articles.models import Article
from newsdiff.uploads.models import Batch, BatchItem
from tests.factories import make_user

pytestmark = pytest.mark.django_db

BODY = b"Talks resume\n\n" + b"Negotiators met in Istanbul on Tuesday and agreed to talk. " * 200


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(make_user("admin"))
    return client


def test_a_file_past_the_memory_limit_goes_through_disk_and_keeps_its_bytes(
    admin_client: Client, settings, tmp_path: Path
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    files = [SimpleUploadedFile("talks.txt", BODY), SimpleUploadedFile("tiny.txt", b"Short.")]
    response = admin_client.post("/upload/files/", {"articles": files})
    assert response.status_code == 302
    items = {i.name: bytes(i.original) for i in BatchItem.objects.all()}
    assert items == {"talks.txt": BODY, "tiny.txt": b"Short."}
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone with the request


def test_a_write_error_in_the_upload_folder_is_named_and_saves_nothing(
    admin_client: Client, settings, tmp_path: Path
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "gone")  # a real OSError on the first write
    response = admin_client.post(
        "/upload/files/", {"articles": [SimpleUploadedFile("talks.txt", BODY)]}
    )
    page = response.content.decode()
    assert response.status_code == 507
    assert "the server could not store the upload (No such file or directory)" in page
    assert "nothing was saved" in page
    assert (Batch.objects.count(), BatchItem.objects.count(), Article.objects.count()) == (0, 0, 0)
    # The folder back, the same upload goes through.
    (tmp_path / "gone").mkdir()
    again = admin_client.post(
        "/upload/files/", {"articles": [SimpleUploadedFile("talks.txt", BODY)]}
    )
    assert again.status_code == 302 and bytes(BatchItem.objects.get().original) == BODY


def test_the_form_states_the_limits_before_sending(admin_client: Client, settings) -> None:
    settings.NEWSDIFF_MAX_FILE_BYTES = 2 * 1024 * 1024
    page = admin_client.get("/upload/").content.decode()
    assert "files of 2.0\xa0MB each; a .zip up to 100.0\xa0MB" in page
    assert 'data-max-file-bytes="2097152"' in page and "upload-limits" in page
