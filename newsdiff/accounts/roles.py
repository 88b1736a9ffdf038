"""The three roles are auth groups; what a role may do is the group's permissions.

Checks go through permissions (``user.has_perm``), never group names, so a superuser passes
and an admin can grant one extra permission to one user in the Django admin.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth import models as auth
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.db import transaction

JOURNALIST = "journalist"
RESEARCHER = "researcher"
ADMIN = "admin"

UPLOAD_PERMISSION = "uploads.upload_articles"
TAG_PERMISSION = "framing.tag_passages"
ADJUDICATE_PERMISSION = "framing.adjudicate"
# The admin role manages everything in these apps (auth: so it can give users their roles in
# the Django admin); the reading roles view these models.
MANAGED_APPS = ["articles", "matching", "uploads", "framing", "auth"]
READ_MODELS = {
    "articles": ["outlet", "article", "paragraph"],
    "matching": ["event", "eventparagraph", "alignment"],
}
# Researchers tag, and see the codebooks and everyone's tags (blind mode permitting).
RESEARCH_PERMISSIONS = {
    "framing": [
        "tag_passages",
        "view_codebook",
        "view_tag",
        "view_annotation",
        "view_suggestion",
        "view_adjudication",
    ],
}


def _has(user: AbstractBaseUser | AnonymousUser, permission: str) -> bool:
    return isinstance(user, PermissionsMixin) and user.is_active and user.has_perm(permission)


def can_upload(user: AbstractBaseUser | AnonymousUser) -> bool:
    return _has(user, UPLOAD_PERMISSION)


def can_tag(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Researchers and admins: tag passages and pairs, read the tags, export them."""
    return _has(user, TAG_PERMISSION)


def can_adjudicate(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Admins, and a lead researcher given the permission in the Django admin."""
    return _has(user, ADJUDICATE_PERMISSION)


def sync_roles(apps: Apps = global_apps, **kwargs: Any) -> None:
    """Create the role groups and add their permissions; never removes what an admin added.

    Runs from the accounts migration and after every migrate (and every test-database flush,
    which empties the groups), so models added later give the admin role their permissions.
    """
    for app_config in apps.get_app_configs():
        # Permissions are normally created after all migrations; the groups need them now.
        # (A migration's historical app configs have no models_module; create_permissions
        # skips such apps.)
        had = getattr(app_config, "models_module", None)
        app_config.models_module = had or True  # type: ignore[assignment]
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    read = Permission.objects.filter(
        codename__in=[f"view_{m}" for models in READ_MODELS.values() for m in models],
        content_type__app_label__in=list(READ_MODELS),
    )
    for name in (JOURNALIST, RESEARCHER):
        Group.objects.get_or_create(name=name)[0].permissions.add(*read)
    research = Permission.objects.filter(
        codename__in=[c for codenames in RESEARCH_PERMISSIONS.values() for c in codenames],
        content_type__app_label__in=list(RESEARCH_PERMISSIONS),
    )
    Group.objects.get(name=RESEARCHER).permissions.add(*research)
    managed = Permission.objects.filter(content_type__app_label__in=MANAGED_APPS)
    Group.objects.get_or_create(name=ADMIN)[0].permissions.add(*managed)


def add_user(
    username: str, role: str, password: str = "", email: str = "", lead: bool = False
) -> str:
    """Create a user in one role; returns the password (generated when none is given).

    ``lead`` gives a researcher the adjudication permission (the lead researcher of a study).
    """
    if role not in (JOURNALIST, RESEARCHER, ADMIN):
        raise ValueError(f"Unknown role {role!r}: choose journalist, researcher or admin.")
    if auth.User.objects.filter(username=username).exists():
        raise ValueError(f"A user named {username!r} already exists.")
    secret = password or secrets.token_urlsafe(12)
    with transaction.atomic():
        # Admins are staff so the Django admin opens; what they may do there is the group's.
        user = auth.User.objects.create_user(username, email, secret, is_staff=role == ADMIN)
        user.groups.add(auth.Group.objects.get(name=role))
        if lead:
            app, codename = ADJUDICATE_PERMISSION.split(".")
            user.user_permissions.add(
                auth.Permission.objects.get(content_type__app_label=app, codename=codename)
            )
    return secret
