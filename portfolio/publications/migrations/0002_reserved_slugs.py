"""The list's filters have paths under /publications/ (topic/, kind/, year/,
by-year/); a publication whose slug was one of these words is renamed."""

from django.db import migrations, models

import portfolio.publications.models

RESERVED = ("topic", "kind", "year", "by-year")


def rename_reserved_slugs(apps, schema_editor):
    Publication = apps.get_model("publications", "Publication")
    for publication in Publication.objects.filter(slug__in=RESERVED):
        slug, n = f"{publication.slug}-paper", 2
        while Publication.objects.filter(slug=slug).exists():
            slug, n = f"{publication.slug}-paper-{n}", n + 1
        Publication.objects.filter(pk=publication.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rename_reserved_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="publication",
            name="slug",
            field=models.SlugField(
                max_length=200,
                unique=True,
                validators=[portfolio.publications.models.not_reserved],
            ),
        ),
    ]
