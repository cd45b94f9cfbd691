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
    """

    article = models.OneToOneField(
        Article, models.CASCADE, primary_key=True, related_name="search_index"
    )
    headline_terms = models.TextField(blank=True)
    deck_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    # Weighted A (headline), B (deck), C (body); PostgreSQL only.
    document = SearchVectorOrTextField(null=True, editable=False)

    class Meta:
        db_table = "articles_articlesearchindex"  # moved from articles; the table kept its name
        verbose_name = "검색 색인"
        verbose_name_plural = "검색 색인"
        indexes = [GinIndexOnPostgres(fields=["document"], name="article_search_document")]

    def __str__(self):
        return f"검색 색인: {self.article_id}"
