"""Read-only API keys: one per user, stored as a SHA-256 digest, shown once when issued."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import User
from django.utils import timezone

from newsdiff.framing.models import ApiToken


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(user: User) -> str:
    """A new key for ``user``, replacing any earlier one (which stops working)."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.update_or_create(user=user, defaults={"digest": _digest(key)})
    return key


def user_for(header: str) -> User | None:
    """The active user whose key is in an ``Authorization: Token <key>`` header, or None."""
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "token" or not key.strip():
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(key.strip())).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user
