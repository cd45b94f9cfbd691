"""The reader's pages: home, section, tag, story; keyset pagination; query counts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from outlet.models import OutletSettings
from reader import views
from tests.factories import ArticleFactory, CategoryFactory, jpeg_upload, make_photo

pytestmark = pytest.mark.django_db


def ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def headlines(html):
    found = re.findall(r'class="card-headline"><a href="[^"]+">(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", headline) for headline in found]


def test_home_shows_breaking_banner_top_story_latest_and_section_blocks(client):
    asia = CategoryFactory(name="아시아", position=1)
    economy = CategoryFactory(name="경제", position=2)
    ArticleFactory(
        headline="사진 있는 주요 기사",
        section=asia,
        feature_photo=make_photo(),
        feature_text="주요 기사의 피처 텍스트",
        published_at=ago(30),
    )
    flash = ArticleFactory(
        headline="해람시 지진", section=asia, is_breaking=True, published_at=ago(1)
    )
    money = ArticleFactory(headline="금리 동결", section=economy, published_at=ago(60))

    html = client.get(reverse("articles:home")).content.decode()

    banner = html.split('<aside class="breaking-banner"', 1)[1].split("</aside>", 1)[0]
    assert "속보" in banner and "해람시 지진" in banner and flash.get_absolute_url() in banner
    top_block = html.split('<article class="top-story"', 1)[1].split("</article>", 1)[0]
    assert "사진 있는 주요 기사" in top_block and "주요 기사의 피처 텍스트" in top_block
    assert 'fetchpriority="high"' in top_block and 'loading="lazy"' not in top_block
    assert 'width="640" height="360"' in top_block
    latest = html.split('id="latest-heading"', 1)[1].split("</section>", 1)[0]
    assert headlines(latest) == ["해람시 지진", "금리 동결"]
    blocks = html.split('class="section-blocks"', 1)[1]
    assert blocks.index(">아시아</a></h2>") < blocks.index(">경제</a></h2>")
    assert headlines(blocks) == ["해람시 지진", "사진 있는 주요 기사", "금리 동결"]
    assert money.get_absolute_url() in blocks


def test_home_shows_the_outlets_breaking_image_in_the_banner(client):
    outlet = OutletSettings.current()
    outlet.breaking_image.save("breaking.jpg", jpeg_upload(size=(300, 60)), save=False)
    outlet.breaking_image_alt = "속보"
    outlet.save()
    ArticleFactory(headline="속보 기사", is_breaking=True)

    html = client.get(reverse("articles:home")).content.decode()

    assert re.search(
        r'<img class="breaking-image" src="/media/outlet/breaking[^"]*\.jpg" alt="속보" '
        r'width="300" height="60"',
        html,
    )


def test_home_has_no_banner_without_a_live_breaking_story(client):
    ArticleFactory(is_breaking=True, status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(is_breaking=False)

    html = client.get(reverse("articles:home")).content.decode()

    assert "breaking-banner" not in html


def test_home_lazy_loads_images_below_the_fold(client):
    ArticleFactory(headline="위", feature_photo=make_photo(), published_at=ago(1))
    ArticleFactory(headline="아래", feature_photo=make_photo(), published_at=ago(2))

    html = client.get(reverse("articles:home")).content.decode()

    images = re.findall(r"<img [^>]+>", html)
    assert len(images) == 2
    assert 'fetchpriority="high"' in images[0]
    assert 'loading="lazy"' in images[1] and 'alt=""' in images[1]
    assert all("width=" in img and "height=" in img and "sizes=" in img for img in images)


def test_section_and_tag_pages_list_their_stories(client):
    asia = CategoryFactory(name="아시아")
    in_asia = ArticleFactory(headline="아시아 기사", section=asia, tags=["북한"])
    ArticleFactory(headline="다른 기사", tags=["경제"])

    section_html = client.get(reverse("articles:section", args=["아시아"])).content.decode()
    tag_html = client.get(reverse("articles:tag", args=["북한"])).content.decode()

    assert "<h1>아시아</h1>" in section_html
    assert headlines(section_html) == [in_asia.headline]
    assert "<h1>#북한</h1>" in tag_html
    assert headlines(tag_html) == [in_asia.headline]
    assert client.get(reverse("articles:tag", args=["없는태그"])).status_code == 404
    assert client.get(reverse("articles:section", args=["없는섹션"])).status_code == 404


def test_a_story_links_its_section_and_tags(client):
    asia = CategoryFactory(name="아시아")
    story = ArticleFactory(section=asia, tags=["북한", "회담"])

    html = client.get(story.get_absolute_url()).content.decode()

    assert f'href="{reverse("articles:section", args=["아시아"])}"' in html
    assert f'href="{reverse("articles:tag", args=["북한"])}">#북한</a>' in html


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 3)


def follow(client, url):
    """Headlines of the page at url, and its next/previous links."""
    html = client.get(url).content.decode()
    next_link = re.search(r'rel="next" href="([^"]+)"', html)
    prev_link = re.search(r'rel="prev" href="([^"]+)"', html)
    base = url.split("?")[0]
    return (
        headlines(html),
        base + next_link.group(1).replace("&amp;", "&") if next_link else None,
        base + prev_link.group(1).replace("&amp;", "&") if prev_link else None,
    )


def test_pages_neither_repeat_nor_skip_when_a_story_is_published_between_loads(client, small_pages):
    section = CategoryFactory(name="정치")
    stories = [
        ArticleFactory(headline=f"기사{i}", section=section, published_at=ago(100 - i))
        for i in range(8)
    ]
    url = reverse("articles:section", args=[section.slug])

    first, next_url, prev_url = follow(client, url)
    assert first == ["기사7", "기사6", "기사5"] and prev_url is None
    ArticleFactory(headline="새 기사", section=section, published_at=ago(0))
    second, next_url, prev_url = follow(client, next_url)
    third, last_url, _ = follow(client, next_url)

    assert second == ["기사4", "기사3", "기사2"]
    assert third == ["기사1", "기사0"] and last_url is None
    assert sorted(first + second + third) == sorted(s.headline for s in stories)
    back, _, newer_url = follow(client, prev_url)
    assert back == first
    assert follow(client, newer_url)[0] == ["새 기사"]


def test_pages_break_ties_of_publish_time_by_id(client, small_pages):
    section = CategoryFactory(name="정치")
    same_time = ago(10)
    stories = [
        ArticleFactory(headline=f"동시{i}", section=section, published_at=same_time)
        for i in range(7)
    ]
    seen, url = [], reverse("articles:section", args=[section.slug])
    while url:
        page, url, _ = follow(client, url)
        seen += page

    assert seen == [s.headline for s in reversed(stories)]


def test_the_previous_link_returns_the_page_before(client, small_pages):
    section = CategoryFactory(name="정치")
    for i in range(7):
        ArticleFactory(headline=f"기사{i}", section=section, published_at=ago(100 - i))
    first, next_url, _ = follow(client, reverse("articles:section", args=[section.slug]))
    second, _, prev_url = follow(client, next_url)

    back, _, back_prev = follow(client, prev_url)

    assert back == first and back_prev is None
    assert second == ["기사3", "기사2", "기사1"]


def test_a_bad_cursor_is_not_found(client):
    section = CategoryFactory(name="정치")

    response = client.get(reverse("articles:section", args=[section.slug]), {"after": "x-y"})

    assert response.status_code == 404


def story_with_tags(count):
    story = ArticleFactory(
        feature_photo=make_photo(), tags=[f"태그{i}" for i in range(count)], byline="기자"
    )
    return story


@pytest.mark.parametrize("tag_count", [1, 20])
def test_the_story_page_runs_a_fixed_number_of_queries(
    client, tag_count, django_assert_max_num_queries
):
    story = story_with_tags(tag_count)
    client.get(story.get_absolute_url())  # outlet settings are cached after the first page

    # The story (with its photo and live coverage), the photo's renditions, its tags, summary,
    # attendee tables, related entries, corrections log; the section menu.
    with django_assert_max_num_queries(8):
        response = client.get(story.get_absolute_url())

    assert response.content.decode().count('property="article:tag"') == tag_count


@pytest.mark.parametrize("story_count", [1, 20])
@pytest.mark.parametrize(
    ("name", "queries"),
    # home: breaking, the top story and the latest (views.top_and_latest), the sections and
    # their blocks (one query on PostgreSQL: views.section_blocks), the cards
    # (reader.stored_cards), menu;
    # section and tag: their section or tag, the list, the cards, the menu;
    # search: the count, the page (its cards rendered from it), the menu.
    # Stored cards (test_stored_cards.py) read the lists' cards in one query of their own.
    [("home", 6), ("section", 4), ("tag", 4), ("search", 3)],
)
def test_list_pages_run_a_fixed_number_of_queries(
    client, name, queries, story_count, django_assert_max_num_queries
):
    section = CategoryFactory(name="정치")
    for i in range(story_count):
        ArticleFactory(
            headline=f"회담 기사 {i}",
            section=section,
            tags=["회담"] + [f"t{i}-{n}" for n in range(5)],
        )
    url = {
        "home": reverse("articles:home"),
        "section": reverse("articles:section", args=[section.slug]),
        "tag": reverse("articles:tag", args=["회담"]),
        "search": reverse("articles:search") + "?q=회담",
    }[name]
    client.get(url)

    with django_assert_max_num_queries(queries):
        response = client.get(url)

    assert len(headlines(response.content.decode())) >= min(story_count, 4)


def test_section_blocks_hold_the_newest_public_stories_of_each_section():
    # On PostgreSQL the blocks' SQL writes the public rule out (views.newest_per_section_sql):
    # it must pick what Article.objects.published() picks.
    sections = [CategoryFactory(name="정치", position=2), CategoryFactory(name="경제", position=1)]
    CategoryFactory(name="빈 섹션", position=3)
    for section in sections:
        for minutes in range(6):
            ArticleFactory(section=section, published_at=ago(minutes * 10 + 1))
        ArticleFactory(section=section, status=Article.Status.DRAFT, published_at=ago(0))
        ArticleFactory(
            section=section,
            status=Article.Status.SCHEDULED,
            published_at=timezone.now() + timedelta(minutes=5),
        )
        ArticleFactory(section=section, status=Article.Status.SCHEDULED, published_at=ago(2))

    blocks = views.section_blocks(4)

    assert [section.name for section, _ in blocks] == ["경제", "정치"]
    for section, ids in blocks:
        newest = Article.objects.published().filter(section=section)
        assert ids == list(newest.order_by("-published_at", "-id").values_list("pk", flat=True)[:4])


@pytest.mark.parametrize("pictured", [True, False])
def test_the_top_story_and_the_latest_are_the_newest_public_stories(pictured):
    # views.top_and_latest_sql writes the public rule out: it must pick what
    # Article.objects.published() picks.
    photo = make_photo()
    for minutes in range(14):
        ArticleFactory(published_at=ago(minutes * 10 + 5))
    with_picture = ArticleFactory(feature_photo=photo if pictured else None, published_at=ago(60))
    ArticleFactory(status=Article.Status.DRAFT, feature_photo=photo, published_at=ago(0))
    ArticleFactory(
        status=Article.Status.SCHEDULED,
        feature_photo=photo,
        published_at=timezone.now() + timedelta(minutes=5),
    )
    ArticleFactory(status=Article.Status.SCHEDULED, published_at=ago(1))

    top, latest = views.top_and_latest()

    newest = list(
        Article.objects.published().order_by("-published_at", "-id").values_list("pk", flat=True)
    )
    expected_top = with_picture.pk if pictured else newest[0]
    assert top == expected_top
    assert latest == [pk for pk in newest if pk != expected_top][: views.LATEST_COUNT]
