"""Logging filters (settings.LOGGING)."""

from __future__ import annotations

import logging


class OneLineForbidden(logging.Filter):
    """A 403 is logged as its one line ("Forbidden (Permission denied): /upload/"), without the
    traceback of the PermissionDenied behind it: refusing a role a page is the app working, and
    the traceback would bury the errors worth reading."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True
