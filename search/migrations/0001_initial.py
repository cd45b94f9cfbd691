"""The search index, moved from articles with its table (articles_articlesearchindex):
this creates the model in the migration state only; articles.0016 drops it from articles' state.
"""

import django.db.models.deletion
import search.models
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0015_date_range'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table is there already, made by articles' migrations.
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='ArticleSearchIndex',
                fields=[
                    ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_index', serialize=False, to='articles.article')),
                    ('headline_terms', models.TextField(blank=True)),
                    ('deck_terms', models.TextField(blank=True)),
                    ('body_terms', models.TextField(blank=True)),
                    ('document', search.models.SearchVectorOrTextField(editable=False, null=True)),
                ],
                options={
                    'verbose_name': '검색 색인',
                    'verbose_name_plural': '검색 색인',
                    'db_table': 'articles_articlesearchindex',
                    'indexes': [search.models.GinIndexOnPostgres(fields=['document'], name='article_search_document')],
                },
            ),
            ],
        ),
    ]
