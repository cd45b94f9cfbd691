"""The exact set of URLs a story change alters, for the CDN purge."""

import pytest

from articles.models import Article, Category
from delivery.purge import urls_for_story_change
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def test_a_story_with_a_section_and_tags_changes_exactly_these_urls(settings):
    settings.SITE_URL = SITE
    politics = CategoryFactory(name="정치")
    world = CategoryFactory(name="국제")
    story = ArticleFactory(headline="정상회담 개최", slug="정상회담-개최", section=politics)
    story.categories.add(world)
    story.tags.add("회담", "외교")

    urls = urls_for_story_change(story)

    def path(p):
        return f"{SITE}{p}"

    assert urls == sorted(
        [
            path("/news/%EC%A0%95%EC%83%81%ED%9A%8C%EB%8B%B4-%EA%B0%9C%EC%B5%9C/"),
            path("/"),
            path("/feed/rss/"),
            path("/feed/atom/"),
            path("/sitemap.xml"),
            path("/sitemap-news.xml"),
            *(
                path(f"/section/{slug}/{suffix}")
                for slug in ("%EC%A0%95%EC%B9%98", "%EA%B5%AD%EC%A0%9C")
                for suffix in ("", "feed/rss/", "feed/atom/")
            ),
            path("/tag/%ED%9A%8C%EB%8B%B4/"),
            path("/tag/%EC%99%B8%EA%B5%90/"),
        ]
    )
    assert not any("/search/" in url for url in urls)


def test_old_addresses_of_a_renamed_story_are_included():
    story = ArticleFactory(slug="옛-주소")
    story.slug = "새-주소"
    story.save()

    urls = urls_for_story_change(story)

    assert any(url.endswith("/news/%EC%98%9B-%EC%A3%BC%EC%86%8C/") for url in urls)
    assert any(url.endswith("/news/%EC%83%88-%EC%A3%BC%EC%86%8C/") for url in urls)


def test_a_section_and_tag_the_story_left_are_purged_too(
    django_capture_on_commit_callbacks, settings
):
    """Moving a story out of a section changes the old section's page as well."""
    settings.NEWSROOM_PURGE_BACKEND = "delivery.purge_backends.HttpPurgeBackend"
    old_section, new_section = CategoryFactory(name="사회"), CategoryFactory(name="경제")
    story = ArticleFactory(section=old_section, tags=["옛태그"])
    captured = []
    from delivery import purge as purge_module

    original = purge_module.purge
    purge_module.purge = lambda urls, **story: captured.extend(urls)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            story.section = new_section
            story.save()
            story.categories.remove(old_section)
            story.tags.remove("옛태그")
    finally:
        purge_module.purge = original

    # The save purges the story's URLs; each list it left is purged as it is left.
    urls = captured
    assert any(url.endswith("/section/%EC%82%AC%ED%9A%8C/") for url in urls)
    assert any(url.endswith("/section/%EA%B2%BD%EC%A0%9C/") for url in urls)
    assert any(url.endswith("/tag/%EC%98%9B%ED%83%9C%EA%B7%B8/") for url in urls)


def test_a_draft_saved_out_of_sight_purges_nothing(django_capture_on_commit_callbacks, settings):
    settings.NEWSROOM_PURGE_BACKEND = "delivery.purge_backends.HttpPurgeBackend"
    settings.NEWSROOM_PURGE_HOST = "http://127.0.0.1:9"  # would fail if it were tried
    from delivery.models import PurgeLog

    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    assert PurgeLog.objects.count() == 0
    assert Category.objects.exists()
