"""The three roles are auth groups; what a role may do is the group's permissions.

Checks go through permissions (``user.has_perm``), never group names, so a superuser passes
and an admin can grant one extra permission to one user in the Django admin.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin

JOURNALIST = "journalist"
RESEARCHER = "researcher"
ADMIN = "admin"
ROLES = (JOURNALIST, RESEARCHER, ADMIN)

UPLOAD_PERMISSION = "uploads.upload_articles"


def can_upload(user: AbstractBaseUser | AnonymousUser) -> bool:
    return (
        isinstance(user, PermissionsMixin) and user.is_active and user.has_perm(UPLOAD_PERMISSION)
    )
