"""The three roles as groups with their permissions.

journalist: reads. researcher: reads (tagging permissions come with the tagging models).
admin: reads, uploads (uploads.upload_articles) and manages articles, events and uploads.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGED_APPS = ["articles", "matching", "uploads"]
READ_MODELS = {
    "articles": ["outlet", "article", "paragraph"],
    "matching": ["event", "eventparagraph", "alignment"],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    read = Permission.objects.filter(
        codename__in=[f"view_{m}" for models in READ_MODELS.values() for m in models],
        content_type__app_label__in=list(READ_MODELS),
    )
    for name in ("journalist", "researcher"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(read)
    admin, _ = Group.objects.get_or_create(name="admin")
    admin.permissions.set(Permission.objects.filter(content_type__app_label__in=MANAGED_APPS))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["journalist", "researcher", "admin"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0001_initial"),
        ("matching", "0001_initial"),
        ("uploads", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
