"""The page cache: hits, invalidation the moment a story changes, scheduling, staff."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.changes import follow_story_change
from articles.models import Article
from delivery import page_cache
from outlet.models import OutletSettings
from related.models import RelatedEntry
from tests.factories import ArticleFactory, CategoryFactory, RelatedEntryFactory, desk_editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True  # tests/conftest.py turns it off for other tests


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_a_story_page_is_served_from_the_cache_the_second_time(client, django_assert_num_queries):
    story = ArticleFactory(headline="캐시된 기사")
    first = get(client, story.get_absolute_url())

    with django_assert_num_queries(0):
        second = get(client, story.get_absolute_url())

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content and "캐시된 기사" in second.content.decode()


def test_an_editors_save_is_visible_to_the_next_reader(client, commit):
    story = ArticleFactory(headline="처음 제목")
    get(client, story.get_absolute_url())

    def edit():
        story.headline = "고친 제목"
        story.save()

    commit(edit)
    response = get(client, story.get_absolute_url())

    assert response["X-Page-Cache"] == "miss"
    assert "고친 제목" in response.content.decode() and "처음 제목" not in response.content.decode()


def test_a_render_that_began_before_the_save_committed_is_never_served(client, commit):
    """The race a plain delete would lose: a page rendered from the old row, stored late."""
    story = ArticleFactory(headline="옛 제목")
    old_page = get(client, story.get_absolute_url())
    key, _ = page_cache.page_key(page_cache.STORY, None, {"slug": story.slug})
    from django.core.cache import cache

    stale = cache.get(key)
    commit(lambda: story.save())
    cache.set(key, stale, 600)  # the slow request stores its old rendering after the change

    response = get(client, story.get_absolute_url())

    assert old_page["X-Page-Cache"] == "miss" and response["X-Page-Cache"] == "miss"


def test_unpublishing_takes_the_page_down_at_once(client, commit):
    story = ArticleFactory()
    assert get(client, story.get_absolute_url()).status_code == 200

    def unpublish():
        story.status = Article.Status.UNPUBLISHED
        story.save()

    commit(unpublish)

    assert get(client, story.get_absolute_url()).status_code == 404


def test_a_changed_slug_invalidates_the_old_address_too(client, commit):
    story = ArticleFactory(headline="주소 바뀌는 기사")
    old_url = story.get_absolute_url()
    assert get(client, old_url).status_code == 200

    def rename():
        story.slug = "새-주소"
        story.save()

    commit(rename)
    response = get(client, old_url)

    assert response.status_code == 301 and response["Location"] == story.get_absolute_url()


def test_a_live_update_that_only_bumps_modified_at_refreshes_the_page_and_its_etag(client, commit):
    story = ArticleFactory()
    first = get(client, story.get_absolute_url())

    def live_update():
        Article.objects.filter(pk=story.pk).update(modified_at=timezone.now() + timedelta(1))
        story.refresh_from_db()
        follow_story_change(story, was_public=story.is_public)

    commit(live_update)
    second = get(client, story.get_absolute_url(), if_none_match=first["ETag"])

    assert second.status_code == 200 and second["ETag"] != first["ETag"]


def test_moderating_the_related_list_refreshes_the_story_page(client, commit):
    story = ArticleFactory()
    entry = RelatedEntryFactory(
        article=story,
        target=ArticleFactory(headline="검토 중인 관련 기사"),
        status=RelatedEntry.Status.SUGGESTED,
    )
    assert "검토 중인 관련 기사" not in get(client, story.get_absolute_url()).content.decode()

    commit(lambda: RelatedEntry.objects.filter(pk=entry.pk).approve(desk_editor()))

    assert "검토 중인 관련 기사" in get(client, story.get_absolute_url()).content.decode()


def test_a_story_linking_to_an_unpublished_one_stops_linking(client, commit):
    story = ArticleFactory()
    target = ArticleFactory(headline="곧 내려갈 기사")
    RelatedEntryFactory(article=story, target=target)
    assert "곧 내려갈 기사" in get(client, story.get_absolute_url()).content.decode()

    def unpublish():
        target.status = Article.Status.UNPUBLISHED
        target.save()

    commit(unpublish)

    assert "곧 내려갈 기사" not in get(client, story.get_absolute_url()).content.decode()


def test_outlet_settings_refresh_every_page(client, commit):
    story = ArticleFactory()
    get(client, story.get_absolute_url())
    get(client, reverse("articles:home"))

    def rename_outlet():
        outlet = OutletSettings.current()
        outlet.name = "새이름뉴스"
        outlet.save()

    commit(rename_outlet)

    assert "새이름뉴스" in get(client, story.get_absolute_url()).content.decode()
    assert "새이름뉴스" in get(client, reverse("articles:home")).content.decode()


def test_a_published_story_appears_on_the_lists_at_once(client, commit):
    section = CategoryFactory(name="경제")
    urls = [
        reverse("articles:home"),
        reverse("articles:section", args=[section.slug]),
        reverse("articles:feed-rss"),
        reverse("sitemap"),
    ]
    ArticleFactory(section=section)
    for url in urls:
        get(client, url)

    story = commit(lambda: ArticleFactory(headline="방금 나온 기사", section=section))

    for url in urls:
        assert story.get_absolute_url() in get(client, url).content.decode(), url


def test_lists_are_kept_no_longer_than_the_list_ttl(client, settings):
    settings.NEWSROOM_LIST_CACHE_SECONDS = 17
    ArticleFactory()

    response = get(client, reverse("articles:home"))

    assert "s-maxage=17" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert "stale-while-revalidate=30" in response["Cache-Control"]


def test_a_scheduled_story_caps_list_lifetimes_and_shows_on_time(client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    ArticleFactory(headline="지금 기사")
    ArticleFactory(
        headline="예약 기사",
        status=Article.Status.SCHEDULED,
        published_at=now + timedelta(seconds=12),
    )

    before = get(client, reverse("articles:home"))
    time_machine.move_to(now + timedelta(seconds=13), tick=False)
    after = get(client, reverse("articles:home"))

    assert "s-maxage=12" in before["Cache-Control"] and "예약 기사" not in before.content.decode()
    assert after["X-Page-Cache"] == "miss" and "예약 기사" in after.content.decode()


def test_the_404_of_a_scheduled_story_is_not_cached_past_its_publish_time(client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    story = ArticleFactory(
        status=Article.Status.SCHEDULED, published_at=now + timedelta(seconds=40)
    )

    early = get(client, story.get_absolute_url())
    cached = get(client, story.get_absolute_url())
    time_machine.move_to(now + timedelta(seconds=41), tick=False)
    on_time = get(client, story.get_absolute_url())

    assert early.status_code == 404 and cached["X-Page-Cache"] == "hit"
    assert "s-maxage=40" in early["Cache-Control"]
    assert on_time.status_code == 200


def test_staff_get_private_uncached_pages(client):
    story = ArticleFactory()
    get(client, story.get_absolute_url())  # a reader's copy is in the cache
    client.force_login(desk_editor())

    response = get(client, story.get_absolute_url())

    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_staff_pages_are_never_stored_for_readers(client):
    story = ArticleFactory()
    client.force_login(desk_editor())
    get(client, story.get_absolute_url())
    client.logout()

    response = get(client, story.get_absolute_url())

    assert response["X-Page-Cache"] == "miss"


def test_previews_and_admin_are_private(client):
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    client.force_login(desk_editor())

    preview = get(client, reverse("admin:articles_article_preview", args=[story.pk]))
    admin_page = get(client, reverse("admin:articles_article_change", args=[story.pk]))

    assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    assert "no-store" in admin_page["Cache-Control"] and "private" in admin_page["Cache-Control"]


def test_a_response_that_sets_a_cookie_is_not_stored(client, rf):
    from django.http import HttpResponse

    @page_cache.cached_page(page_cache.LIST)
    def sets_cookie(request):
        response = HttpResponse("쿠키")
        response.set_cookie("seen", "1")
        return response

    sets_cookie(rf.get("/cookie/"))
    second = sets_cookie(rf.get("/cookie/"))

    assert second["X-Page-Cache"] == "miss" and second.cookies["seen"].value == "1"


def test_search_results_are_cached_per_query(client):
    ArticleFactory(headline="정상회담 개최")
    ArticleFactory(headline="금리 동결")

    first = get(client, reverse("articles:search") + "?q=정상회담")
    other = get(client, reverse("articles:search") + "?q=금리")
    again = get(client, reverse("articles:search") + "?q=정상회담")

    assert (first["X-Page-Cache"], other["X-Page-Cache"], again["X-Page-Cache"]) == (
        "miss",
        "miss",
        "hit",
    )
    assert "금리 동결" not in again.content.decode()


def test_nothing_is_cached_when_the_page_cache_is_off(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    story = ArticleFactory()
    get(client, story.get_absolute_url())

    assert "X-Page-Cache" not in get(client, story.get_absolute_url())
