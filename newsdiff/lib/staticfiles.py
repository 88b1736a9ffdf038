"""The production static files storage: whitenoise's hashed, compressed files."""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _mentions_source_map(pattern: Any) -> bool:
    regex = pattern[0] if isinstance(pattern, tuple) else pattern
    return "sourceMappingURL" in regex


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed names (cached for a year) and gzip copies, made by collectstatic.

    Source-map comments are left as they are: a vendored minified file (Chart.js) names a map
    it does not ship, which would fail collectstatic, and only a browser's developer tools
    ever ask for one.
    """

    patterns = tuple(
        (glob, tuple(p for p in rules if not _mentions_source_map(p)))
        for glob, rules in CompressedManifestStaticFilesStorage.patterns
    )
