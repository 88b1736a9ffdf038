"""Uploads stream to temporary files; a failed write there becomes a named error, not a 500."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler


class DiskUploadHandler(TemporaryFileUploadHandler):
    """Django's to-disk handler, except that a full disk or a missing upload folder stops the
    upload cleanly: the rest of the request is read and dropped, and the view answers with
    the reason (``request.upload_error``) instead of the server failing mid-request."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().new_file(*args, **kwargs)
        except OSError as exc:
            self._fail(exc)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        try:
            return super().receive_data_chunk(raw_data, start)
        except OSError as exc:
            self._fail(exc)
            return None

    def _fail(self, exc: OSError) -> None:
        if self.request is not None:
            self.request.upload_error = (  # type: ignore[attr-defined]
                f"the server could not store the upload ({exc.strerror or exc}); nothing was "
                "saved: send the files again later, or tell the site's operator"
            )
        raise StopUpload(connection_reset=False)
