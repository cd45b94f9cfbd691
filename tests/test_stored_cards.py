"""Story cards rendered when their story changes, stored, and served in the lists (issue 16).

The page cache is off here (tests/conftest.py). Changes run their after-commit work
(newsroom.publishing) through `commit`, as a committed save does in production.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from outlet.models import OutletSettings
from photos.models import Rendition
from photos.renditions import make_renditions
from reader import stored_cards, stored_pages
from reader.models import StoredCard
from tests.factories import ArticleFactory, CategoryFactory, make_photo
from tests.stored_renderings import get, saving, writes

pytestmark = pytest.mark.django_db

Variant = StoredCard.Variant
HOME = "/"


@pytest.fixture(autouse=True)
def stored_renderings_on(settings):
    settings.NEWSROOM_STORED_STORY_PAGES = True
    settings.NEWSROOM_STORED_LIST_PAGES = False  # the cards alone (test_stored_lists.py)


def ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


@pytest.fixture
def site():
    politics = CategoryFactory(name="정치", position=1)
    economy = CategoryFactory(name="경제", position=2)
    lead = ArticleFactory(
        headline="사진 있는 주요 기사",
        section=politics,
        feature_photo=make_photo(),
        excerpt="주요 기사 요약",
        published_at=ago(30),
        tags=["회담"],
    )
    ArticleFactory(headline="속보 지진", section=politics, is_breaking=True, published_at=ago(1))
    for i in range(6):
        ArticleFactory(headline=f"경제 기사 {i}", section=economy, published_at=ago(40 + i))
    return {"politics": politics, "economy": economy, "lead": lead}


def list_urls(site):
    return [
        HOME,
        reverse("articles:section", args=[site["politics"].slug]),
        reverse("articles:section", args=[site["economy"].slug]),
        reverse("articles:tag", args=["회담"]),
        reverse("articles:search") + "?q=기사",
        reverse("articles:search") + "?q=주요 요약",
    ]


def test_lists_from_stored_cards_are_the_rendered_lists_byte_for_byte(client, settings, site):
    settings.NEWSROOM_STORED_STORY_PAGES = False
    rendered = [get(client, url)[0] for url in list_urls(site)]
    assert not StoredCard.objects.exists()
    settings.NEWSROOM_STORED_STORY_PAGES = True

    first = [get(client, url)[0] for url in list_urls(site)]  # renders and stores
    served = [get(client, url)[0] for url in list_urls(site)]

    assert first == rendered
    assert served == rendered
    assert set(StoredCard.objects.values_list("variant", flat=True)) == set(Variant)


def test_a_list_of_fresh_cards_writes_nothing_and_costs_one_query_for_them(client, site):
    for url in list_urls(site):
        get(client, url)

    for url in list_urls(site):
        _, queries = get(client, url)
        assert writes(queries) == []
        card_reads = [q for q in queries if StoredCard._meta.db_table in q["sql"]]
        assert len(card_reads) == 1


def test_a_story_change_renders_its_cards_at_commit(client, commit, site):
    story = site["lead"]
    get(client, HOME)

    commit(saving(story, headline="바뀐 주요 기사 제목"))

    listed = story.stored_cards.exclude(variant=Variant.SEARCH)  # a search fills its headline in
    assert all("바뀐 주요 기사 제목" in card.content for card in listed)
    assert story.stored_cards.count() == len(Variant)
    html, queries = get(client, HOME)
    assert "바뀐 주요 기사 제목" in html and "사진 있는 주요 기사" not in html
    assert writes(queries) == []


def test_a_search_page_reads_its_cards_alone_and_marks_the_headline_as_it_is_now(
    client, commit, site
):
    story = site["lead"]
    url = reverse("articles:search") + "?q=주요 기사"
    get(client, url)

    commit(saving(story, headline="바뀐 주요 기사 제목"))
    html, queries = get(client, url)

    assert "바뀐 <mark>주요</mark> <mark>기사</mark> 제목" in html
    assert "사진 있는" not in html
    # The ids come from the search index, the rest from the stored cards: no story is loaded.
    assert not [q for q in queries if '"articles_article"."headline"' in q["sql"]]
    assert writes(queries) == []


def test_a_section_renamed_shows_on_every_card(client, commit, site):
    get(client, HOME)
    politics = site["politics"]

    commit(saving(politics, name="정치·외교"))
    html, _ = get(client, HOME)

    assert '<span class="section-label">정치·외교</span>' in html
    assert '<p class="section-label">정치·외교</p>' in html  # the top story
    assert '<span class="section-label">정치</span>' not in html


def test_a_photo_change_reaches_the_cards_that_draw_it(client, commit, site):
    photo = site["lead"].feature_photo
    html, _ = get(client, HOME)
    assert 'alt="테스트 사진 설명"' in html

    commit(saving(photo, alt_text="새 사진 설명"))
    html, _ = get(client, HOME)

    assert 'alt="새 사진 설명"' in html


def test_a_photos_new_renditions_reach_the_cards(client, commit, site):
    photo = site["lead"].feature_photo
    Rendition.objects.filter(photo=photo).delete()
    html, _ = get(client, HOME)
    assert "image/webp" not in html.split('class="top-story"', 1)[1].split("</article>", 1)[0]

    commit(lambda: make_renditions(photo))
    html, _ = get(client, HOME)

    assert "image/webp" in html.split('class="top-story"', 1)[1].split("</article>", 1)[0]


def test_an_outlet_settings_change_leaves_no_card_fresh(client, commit, site):
    before, _ = get(client, HOME)
    ids = list(StoredCard.objects.values_list("article_id", flat=True).distinct())
    assert stored_cards.fresh_cards(ids)

    def rename_outlet():
        outlet = OutletSettings.current()
        outlet.name = "새 이름 일보"
        outlet.save()

    commit(rename_outlet)

    assert stored_cards.fresh_cards(ids) == {}
    html, queries = get(client, HOME)
    assert writes(queries)  # rendered again and stored
    assert stored_cards.fresh_cards(ids)


def test_a_scheduled_story_enters_the_lists_at_its_time(client, commit, site):
    later = timezone.now() + timedelta(hours=1)
    scheduled = commit(
        lambda: ArticleFactory(
            headline="예약된 경제 기사",
            section=site["economy"],
            status=Article.Status.SCHEDULED,
            published_at=later,
        )
    )
    section_url = reverse("articles:section", args=[site["economy"].slug])
    for url in (HOME, section_url):
        assert "예약된 경제 기사" not in get(client, url)[0]

    # Its time comes: nothing is saved, the lists' queries alone let it in.
    Article.objects.filter(pk=scheduled.pk).update(published_at=ago(0))

    for url in (HOME, section_url):
        assert "예약된 경제 기사" in get(client, url)[0]


def test_an_unpublished_story_leaves_the_lists_though_its_card_is_stored(client, site):
    section_url = reverse("articles:section", args=[site["economy"].slug])
    get(client, section_url)
    story = Article.objects.get(headline="경제 기사 0")
    assert story.stored_cards.exists()

    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)

    assert "경제 기사 0" not in get(client, section_url)[0]
    assert "경제 기사 0" not in get(client, HOME)[0]


@pytest.mark.parametrize("staleness", ["invalidated", "other build", "too old", "fresh"])
def test_a_stale_card_is_never_served(client, settings, site, staleness):
    section_url = reverse("articles:section", args=[site["economy"].slug])
    get(client, section_url)
    story = Article.objects.get(headline="경제 기사 0")
    cards = StoredCard.objects.filter(article=story, variant=Variant.CARD)
    cards.update(content='<article class="story-card">낡은 카드</article>')
    if staleness == "invalidated":
        stored_pages.invalidate([story.pk])
    elif staleness == "other build":
        cards.update(build="0" * 32)
    elif staleness == "too old":
        cards.update(
            rendered_at=timezone.now()
            - timedelta(seconds=settings.NEWSROOM_STORED_PAGE_MAX_SECONDS + 1)
        )

    html, _ = get(client, section_url)

    if staleness == "fresh":  # the stored card is what a list shows
        assert "낡은 카드" in html
    else:
        assert "낡은 카드" not in html and "경제 기사 0" in html
        assert "낡은 카드" not in cards.get().content  # and stored anew


def test_with_stored_renderings_off_every_card_is_rendered(client, settings, site):
    settings.NEWSROOM_STORED_STORY_PAGES = False
    get(client, HOME)  # the outlet's row is made on the first page

    for url in list_urls(site):
        _, queries = get(client, url)
        assert writes(queries) == []
    assert not StoredCard.objects.exists()
