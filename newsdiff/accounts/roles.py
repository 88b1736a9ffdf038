"""The three roles are auth groups; what a role may do is the group's permissions.

Checks go through permissions (``user.has_perm``), never group names, so a superuser passes
and an admin can grant one extra permission to one user in the Django admin.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin

JOURNALIST = "journalist"
RESEARCHER = "researcher"
ADMIN = "admin"

UPLOAD_PERMISSION = "uploads.upload_articles"
# The admin role manages everything in these apps; the reading roles view these models.
MANAGED_APPS = ["articles", "matching", "uploads"]
READ_MODELS = {
    "articles": ["outlet", "article", "paragraph"],
    "matching": ["event", "eventparagraph", "alignment"],
}


def can_upload(user: AbstractBaseUser | AnonymousUser) -> bool:
    return (
        isinstance(user, PermissionsMixin) and user.is_active and user.has_perm(UPLOAD_PERMISSION)
    )


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
    managed = Permission.objects.filter(content_type__app_label__in=MANAGED_APPS)
    Group.objects.get_or_create(name=ADMIN)[0].permissions.add(*managed)
