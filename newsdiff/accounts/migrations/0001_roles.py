"""The three roles as groups with their permissions (see newsdiff.accounts.roles).

journalist: reads. researcher: reads (tagging permissions come with the tagging models).
admin: reads, uploads (uploads.upload_articles) and manages articles, events and uploads.
"""

from django.db import migrations


def create_roles(apps, schema_editor):
    from newsdiff.accounts.roles import sync_roles

    sync_roles(apps)


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
