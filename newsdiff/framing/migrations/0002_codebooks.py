"""Ship the two codebooks (frames with tone, differences between passages)."""

from django.db import migrations


def install(apps, schema_editor):
    from newsdiff.framing.codebooks import install

    install(apps)


class Migration(migrations.Migration):
    dependencies = [("framing", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
