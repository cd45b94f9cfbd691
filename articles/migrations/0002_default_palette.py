"""The three highlight styles of the outlet's story format, and the default sections."""

from django.db import migrations

PALETTE = [
    # key, name, text colour, background colour, position
    ("red", "빨간 글씨", "#ee2323", "", 0),
    ("blue-tint", "파란 배경", "", "#21538527", 1),
    ("blue", "파란 글씨", "#1a5490", "", 2),
]


def add_palette(apps, schema_editor):
    HighlightStyle = apps.get_model("articles", "HighlightStyle")
    for key, name, text_color, background_color, position in PALETTE:
        HighlightStyle.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "text_color": text_color,
                "background_color": background_color,
                "bold": True,
                "position": position,
            },
        )


def remove_palette(apps, schema_editor):
    HighlightStyle = apps.get_model("articles", "HighlightStyle")
    HighlightStyle.objects.filter(key__in=[key for key, *_ in PALETTE]).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(add_palette, remove_palette)]
