"""The home page's and the sections' first pages, stored when rendered (reader.stored_lists).

The page cache is off here (tests/conftest.py). Changes run their after-commit work
(newsroom.publishing) through `commit`, as a committed save does in production.
"""

from datetime import timedelta
from io import StringIO
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from reader import stored_pages
from reader.models import StoredListPage
from tests.factories import ArticleFactory, CategoryFactory, desk_editor
from tests.stored_renderings import get, saving, writes

pytestmark = pytest.mark.django_db

HOME = "/"


@pytest.fixture(autouse=True)
def stored_renderings_on(settings):
    settings.NEWSROOM_STORED_STORY_PAGES = True
    settings.NEWSROOM_STORED_LIST_PAGES = True


def ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


@pytest.fixture
def section():
    politics = CategoryFactory(name="정치", position=1)
    for i in range(3):
        ArticleFactory(headline=f"정치 기사 {i}", section=politics, published_at=ago(10 + i))
    return politics


def section_url(section):
    return reverse("articles:section", args=[section.slug])


def test_a_stored_list_page_is_the_rendered_page_in_one_query(client, settings, section):
    settings.NEWSROOM_STORED_LIST_PAGES = False
    rendered = [get(client, url)[0] for url in (HOME, section_url(section))]
    settings.NEWSROOM_STORED_LIST_PAGES = True

    first = [get(client, url)[0] for url in (HOME, section_url(section))]  # renders, stores
    served = [get(client, url) for url in (HOME, section_url(section))]

    assert first == rendered
    assert [html for html, _ in served] == rendered
    assert all(len(queries) == 1 for _, queries in served)
    assert StoredListPage.objects.count() == 2


def test_a_public_story_change_makes_the_lists_render_again(client, commit, section):
    get(client, HOME)
    get(client, section_url(section))
    story = Article.objects.get(headline="정치 기사 0")

    commit(saving(story, headline="바뀐 정치 기사"))

    for url in (HOME, section_url(section)):
        html, queries = get(client, url)
        assert "바뀐 정치 기사" in html and "정치 기사 0" not in html
        assert writes(queries)  # rendered and stored again


def test_an_unpublished_story_leaves_the_stored_lists_at_once(client, commit, section):
    get(client, HOME)
    story = Article.objects.get(headline="정치 기사 0")

    def unpublish():
        story.status = Article.Status.DRAFT
        story.save()

    commit(unpublish)

    assert "정치 기사 0" not in get(client, HOME)[0]
    assert "정치 기사 0" not in get(client, section_url(section))[0]


def test_a_draft_saved_leaves_the_stored_lists_fresh(client, commit, section):
    get(client, HOME)

    commit(lambda: ArticleFactory(headline="초안", section=section, status=Article.Status.DRAFT))
    _, queries = get(client, HOME)

    assert writes(queries) == []  # served as stored, not rendered
    assert not [q for q in queries if "reader_storedcard" in q["sql"]]


def test_a_scheduled_story_ends_the_stored_pages_at_its_time(client, commit, section):
    get(client, HOME)
    later = timezone.now() + timedelta(seconds=20)
    commit(
        lambda: ArticleFactory(
            headline="예약된 정치 기사",
            section=section,
            status=Article.Status.SCHEDULED,
            published_at=later,
        )
    )

    for url in (HOME, section_url(section)):
        assert "예약된 정치 기사" not in get(client, url)[0]
        page = StoredListPage.objects.get(path=unquote(url))
        assert abs((page.fresh_until - later).total_seconds()) < 2

    # Its time comes (the stored pages' fresh_until passes): the lists show it.
    Article.objects.filter(headline="예약된 정치 기사").update(published_at=ago(0))
    StoredListPage.objects.update(fresh_until=timezone.now() - timedelta(seconds=1))
    for url in (HOME, section_url(section)):
        assert "예약된 정치 기사" in get(client, url)[0]


def test_the_home_page_is_stored_only_until_its_breaking_banner_ends(client, section):
    ends = timezone.now() + timedelta(seconds=15)
    ArticleFactory(headline="속보 기사", is_breaking=True, breaking_until=ends, published_at=ago(1))

    html, _ = get(client, HOME)

    assert 'class="breaking-banner"' in html
    page = StoredListPage.objects.get(path=HOME)
    assert abs((page.fresh_until - ends).total_seconds()) < 2


def test_a_stored_list_page_lives_at_most_the_list_cache_seconds(client, settings, section):
    settings.NEWSROOM_LIST_CACHE_SECONDS = 30
    get(client, HOME)

    page = StoredListPage.objects.get(path=HOME)

    assert page.fresh_until <= timezone.now() + timedelta(seconds=31)


@pytest.mark.parametrize("staleness", ["site changed", "other build", "past fresh_until"])
def test_a_stale_list_page_is_never_served(client, section, staleness):
    get(client, HOME)
    StoredListPage.objects.update(content="<p>낡은 목록</p>")
    if staleness == "site changed":
        stored_pages.site_changed()
    elif staleness == "other build":
        StoredListPage.objects.update(build="0" * 32)
    else:
        StoredListPage.objects.update(fresh_until=timezone.now() - timedelta(seconds=1))

    html, _ = get(client, HOME)

    assert "낡은 목록" not in html and "정치 기사 0" in html


def test_later_pages_tags_and_signed_in_users_are_rendered_never_stored(client, section):
    for i in range(25):
        ArticleFactory(section=section, published_at=ago(100 + i), tags=["회담"])
    first = get(client, section_url(section))[0]
    cursor = first.split('href="?after=', 1)[1].split('"', 1)[0]
    get(client, section_url(section) + "?after=" + cursor)
    get(client, reverse("articles:tag", args=["회담"]))

    stored = list(StoredListPage.objects.values_list("path", flat=True))
    assert stored == [unquote(section_url(section))]

    StoredListPage.objects.update(content="<p>저장된 목록</p>")
    client.force_login(desk_editor())
    assert "저장된 목록" not in client.get(section_url(section)).content.decode()


def test_render_story_pages_shows_a_fix_made_with_sql_in_the_lists_at_once(client, section):
    get(client, HOME)
    story = Article.objects.get(headline="정치 기사 0")
    Article.objects.filter(pk=story.pk).update(headline="SQL로 고친 제목")

    call_command("render_story_pages", str(story.pk), stdout=StringIO())

    html, _ = get(client, HOME)
    assert "SQL로 고친 제목" in html and "정치 기사 0" not in html
