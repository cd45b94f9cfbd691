"""The three highlight styles of the outlet's story format, and the default sections."""

from django.db import migrations

PALETTE = [
    # key, name, text colour, background colour, position, colours older posts used (import)
    # Every style passes WCAG AA (4.5:1) on the white page: red was #ee2323 (4.29:1), now the
    # same hue darker (5.35:1); old posts' #ee2323 still imports as red (see 0014).
    ("red", "빨간 글씨", "#d11f1f", "", 0, "#ee2323"),
    ("blue-tint", "파란 배경", "", "#21538527", 1, ""),
    ("blue", "파란 글씨", "#1a5490", "", 2, ""),
]


def add_palette(apps, schema_editor):
    HighlightStyle = apps.get_model("articles", "HighlightStyle")
    # tests/conftest.py calls this with today's models, which have import_colors; the model as
    # of this migration does not (0014 adds it and fills it in).
    has_import_colors = any(f.name == "import_colors" for f in HighlightStyle._meta.fields)
    for key, name, text_color, background_color, position, import_colors in PALETTE:
        defaults = {
            "name": name,
            "text_color": text_color,
            "background_color": background_color,
            "bold": True,
            "position": position,
        }
        if has_import_colors:
            defaults["import_colors"] = import_colors
        HighlightStyle.objects.get_or_create(key=key, defaults=defaults)


def remove_palette(apps, schema_editor):
    HighlightStyle = apps.get_model("articles", "HighlightStyle")
    HighlightStyle.objects.filter(key__in=[key for key, *_ in PALETTE]).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(add_palette, remove_palette)]
