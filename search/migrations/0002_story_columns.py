"""The story's status and publish time copied into its search index row (ArticleSearchIndex.
STORY_FIELDS), so a search filters and orders the matches in the index alone; the rows written
before are filled here, later saves write them (search.engine.index_article).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_story_columns(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleSearchIndex = apps.get_model("search", "ArticleSearchIndex")
    story = Article.objects.filter(pk=OuterRef("article_id"))
    ArticleSearchIndex.objects.update(
        status=Subquery(story.values("status")[:1]),
        published_at=Subquery(story.values("published_at")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_models_moved_to_their_apps'),
        ('search', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='articlesearchindex',
            name='published_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='articlesearchindex',
            name='status',
            field=models.CharField(blank=True, default='', editable=False, max_length=20),
        ),
        migrations.RunPython(copy_story_columns, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='articlesearchindex',
            index=models.Index(condition=models.Q(('status__in', ('published', 'scheduled'))), fields=['-published_at', '-article'], name='article_search_newest'),
        ),
    ]
