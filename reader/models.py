"""Story pages rendered once, when their story changes, and served from the database after.

A reader's request for a story whose page is stored costs one query and no template work; see
reader.stored_pages for when a stored page may be served.
"""

from django.db import models

from articles.models import Article


class StoredStoryPage(models.Model):
    """The public page of one story as it was last rendered, and when that rendering began."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_page",
        verbose_name="기사",
    )
    content = models.TextField("HTML", blank=True)
    etag = models.CharField("ETag", max_length=64, blank=True)
    # The page's HTTP validators, as sent.
    last_modified = models.CharField("Last-Modified", max_length=40, blank=True)
    # When rendering began (less a read replica's lag): older than stale_since or the site's
    # last change means the page may miss a change.
    rendered_at = models.DateTimeField("렌더링 시작")
    stale_since = models.DateTimeField("무효화 시각", null=True)
    # The next moment the page changes by itself (a linked story scheduled to go live).
    fresh_until = models.DateTimeField("유효 기한")
    # The templates, code and settings it was rendered with (stored_pages.build_id()).
    build = models.CharField("빌드", max_length=32, blank=True)

    class Meta:
        verbose_name = "저장된 기사 페이지"
        verbose_name_plural = "저장된 기사 페이지"

    def __str__(self):
        return f"기사 {self.article_id}의 페이지"


class SiteRendering(models.Model):
    """One row: when something every page shows last changed (the outlet, palette, sections)."""

    changed_at = models.DateTimeField("사이트 변경 시각")

    class Meta:
        verbose_name = "사이트 렌더링 기준"
        verbose_name_plural = "사이트 렌더링 기준"

    def __str__(self):
        return f"사이트 변경 {self.changed_at:%Y-%m-%d %H:%M:%S}"


class StoredCard(models.Model):
    """A story's card in the lists, in one of its forms, as last rendered (reader.stored_cards).

    Fresh by the same marks as the story's page: rendered after the story's last invalidation
    (its StoredStoryPage.stale_since) and the site's last change, with this build.
    """

    class Variant(models.TextChoices):
        CARD = "card", "기사 카드"  # the latest stories, section and tag pages
        COMPACT = "compact", "섹션 블록 카드"  # the home page's section blocks
        TOP = "top", "톱기사"  # the home page's lead
        # A search result: its headline and snippet marked per query (reader.stored_cards).
        SEARCH = "search", "검색 결과"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="stored_cards", verbose_name="기사"
    )
    variant = models.CharField("형태", max_length=10, choices=Variant.choices)
    content = models.TextField("HTML")
    # A search result's snippets are cut from this (search.engine.snippet_text); else blank.
    text = models.TextField("검색 발췌 원문", blank=True)
    # A search result's headline, which a search marks per query; else blank.
    headline = models.TextField("검색 결과 제목", blank=True)
    # When rendering began (less a read replica's lag), as StoredStoryPage.rendered_at.
    rendered_at = models.DateTimeField("렌더링 시작")
    build = models.CharField("빌드", max_length=32)

    class Meta:
        verbose_name = "저장된 기사 카드"
        verbose_name_plural = "저장된 기사 카드"
        constraints = [
            models.UniqueConstraint(fields=["article", "variant"], name="stored_card_per_variant")
        ]

    def __str__(self):
        return f"기사 {self.article_id}의 {self.get_variant_display()}"


class StoredListPage(models.Model):
    """The first page of the home page or of a section, as last rendered (reader.stored_lists)."""

    path = models.CharField("주소", max_length=300, primary_key=True)
    content = models.TextField("HTML")
    # When rendering began (less a read replica's lag), as StoredStoryPage.rendered_at.
    rendered_at = models.DateTimeField("렌더링 시작")
    # The next moment the page changes by itself (a story scheduled to go live, a breaking
    # banner's end).
    fresh_until = models.DateTimeField("유효 기한")
    build = models.CharField("빌드", max_length=32)

    class Meta:
        verbose_name = "저장된 목록 페이지"
        verbose_name_plural = "저장된 목록 페이지"

    def __str__(self):
        return self.path


class ListsRendering(models.Model):
    """One row: when a story the lists show (or could show) last changed."""

    changed_at = models.DateTimeField("목록 변경 시각")

    class Meta:
        verbose_name = "목록 렌더링 기준"
        verbose_name_plural = "목록 렌더링 기준"

    def __str__(self):
        return f"목록 변경 {self.changed_at:%Y-%m-%d %H:%M:%S}"
