"""HighlightStyle and OutletSettings moved to outlet, RelatedEntry to related, ArticleSearchIndex
to search. Their tables keep their names (each model sets db_table), so no row moves: articles
forgets them in the migration state only, after the new apps have taken them over.

Their content types move with them, so the permissions granted on them (groups, users) stay.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = {
    "highlightstyle": "outlet",
    "outletsettings": "outlet",
    "relatedentry": "related",
    "articlesearchindex": "search",
}


def move_content_types(apps, schema_editor, forward=True):
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model, app_label in MOVED.items():
        old, new = ("articles", app_label) if forward else (app_label, "articles")
        if ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            continue  # already there (made by a post_migrate): nothing to carry over
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)
    CurrentContentType.objects.clear_cache()


def move_back_content_types(apps, schema_editor):
    move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_date_range"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("outlet", "0001_initial"),
        ("related", "0001_initial"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="highlight",
                    name="style",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="highlights",
                        to="outlet.highlightstyle",
                    ),
                ),
                migrations.DeleteModel(name="RelatedEntry"),
                migrations.DeleteModel(name="ArticleSearchIndex"),
                migrations.DeleteModel(name="HighlightStyle"),
                migrations.DeleteModel(name="OutletSettings"),
            ],
        ),
        migrations.RunPython(move_content_types, move_back_content_types, elidable=False),
    ]
