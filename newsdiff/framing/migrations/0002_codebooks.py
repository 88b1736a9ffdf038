"""Ship the two codebooks (frames with tone, differences between passages)."""

from django.db import migrations


def install(apps, schema_editor):
    from newsdiff.framing.codebooks import CODEBOOKS

    Codebook = apps.get_model("framing", "Codebook")
    Tag = apps.get_model("framing", "Tag")
    for order, (slug, name, description, kind, has_tone, tags) in enumerate(CODEBOOKS):
        codebook, _ = Codebook.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "kind": kind,
                "has_tone": has_tone,
                "order": order,
            },
        )
        for position, (tag_slug, tag_name, tag_description) in enumerate(tags):
            Tag.objects.get_or_create(
                codebook=codebook,
                slug=tag_slug,
                defaults={"name": tag_name, "description": tag_description, "order": position},
            )


class Migration(migrations.Migration):
    dependencies = [("framing", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
