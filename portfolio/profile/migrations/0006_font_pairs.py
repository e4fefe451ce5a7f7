"""The site serves two open fonts of its own (cut from Source Serif 4 and Source Sans 3), in
two choices: the pair (serif text, sans headings and labels) and the sans-serif
throughout. Of the four system-font choices before them, "sans" and "serif" keep
their keys and the other two take the nearer of the new choices."""

from django.db import migrations, models

# Copied, not imported: the migration keeps meaning what it meant when it was written.
SUCCESSORS = {"humanist": "sans", "oldstyle": "serif"}


def map_old_fonts(apps, schema_editor):
    Profile = apps.get_model("profile", "Profile")
    for old, new in SUCCESSORS.items():
        Profile.objects.filter(font=old).update(font=new)


class Migration(migrations.Migration):

    dependencies = [
        ('profile', '0005_citation_style'),
    ]

    operations = [
        migrations.AlterField(
            model_name='profile',
            name='font',
            field=models.CharField(choices=[('serif', 'Serif text, sans-serif headings and labels'), ('sans', 'Sans-serif throughout')], default='serif', help_text="Open fonts this site serves itself (no other site is asked for them), fetched once by each visitor's browser and then kept.", max_length=20),
        ),
        # Undone, the rows keep their new values: both are valid choices before too.
        migrations.RunPython(map_old_fonts, migrations.RunPython.noop),
    ]
