from django.contrib.postgres.search import SearchVectorField
from django.db import models

from articles.models import Article


class SearchVectorOrTextField(SearchVectorField):
    """A tsvector column on PostgreSQL; elsewhere an unused text column.

    Only PostgreSQL fills and queries it; SQLite matches the stored term columns instead.
    """

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class GinIndexOnPostgres(models.Index):
    """A GIN index on PostgreSQL; elsewhere an ordinary index (of a column left NULL there)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            using = " USING gin"
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class ArticleSearchIndex(models.Model):
    """A story's search terms, kept current by search.receivers; see search.engine.

    The term columns hold Hangul syllable bigrams and Latin/digit words, each surrounded by
    spaces so that one term is matched by LIKE '% term %'.

    `status` and `published_at` are copies of the story's (STORY_FIELDS): the public filter
    (Article.public_filter) and the newest-first order are applied to this table alone, so a
    search reads the newest public matches without joining every matching story. They are
    written with the terms, by engine.index_article on every save of the story; a story's
    status or publish time must therefore change through Article.save(), never a bulk
    update(). A scheduled story needs no write at its publish time: the filter compares
    published_at with the time of the query.
    """

    STORY_FIELDS = ("status", "published_at")

    article = models.OneToOneField(
        Article, models.CASCADE, primary_key=True, related_name="search_index"
    )
    headline_terms = models.TextField(blank=True)
    deck_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    # Weighted A (headline), B (deck), C (body); PostgreSQL only.
    document = SearchVectorOrTextField(null=True, editable=False)
    status = models.CharField(max_length=20, blank=True, default="", editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "articles_articlesearchindex"  # moved from articles; the table kept its name
        verbose_name = "검색 색인"
        verbose_name_plural = "검색 색인"
        indexes = [
            GinIndexOnPostgres(fields=["document"], name="article_search_document"),
            # The newest public stories first: for a common term, walking this and checking
            # each row's document finds the newest matches sooner than reading them all.
            models.Index(
                fields=["-published_at", "-article"],
                condition=models.Q(status__in=Article.PUBLIC_STATUSES),
                name="article_search_newest",
            ),
        ]

    def __str__(self):
        return f"검색 색인: {self.article_id}"

    @classmethod
    def story_columns(cls, article) -> dict:
        """The values of STORY_FIELDS for article's row: the one place they are copied."""
        return {name: getattr(article, name) for name in cls.STORY_FIELDS}
