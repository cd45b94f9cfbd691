"""Live coverage for readers: the page, the cursor endpoint, dateModified and JSON-LD."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from live.models import Cursor, LiveCoverage, LiveUpdate
from tests.factories import ArticleFactory, desk_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = ArticleFactory(headline="가상 항구 폭우 실시간", slug="port-storm-live")
    LiveCoverage.objects.create(article=article, started_at=timezone.now() - timedelta(hours=1))
    return article


def post_update(story, body, *, minutes_ago=0, **fields):
    return LiveUpdate.objects.create(
        article=story,
        body=body,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )


def updates_url(story, since=None):
    url = reverse("live:updates", kwargs={"ref": story.pk})
    return f"{url}?since={since}" if since is not None else url


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def ids(data):
    return [update["id"] for update in data["updates"]]


def story_json_ld(html):
    """The story's own JSON-LD object (the first of the list the page carries)."""
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))[0]


# --- the model -------------------------------------------------------------------------


def test_it_sanitizes_the_body_keeps_palette_classes_and_makes_paragraphs_of_plain_text(story):
    html = post_update(
        story,
        '<p>비가 <span class="hl-red">시간당 80mm</span> 내렸다.'
        '<script>alert(1)</script><a href="javascript:x()" onclick="y()">링크</a></p>',
    )
    plain = post_update(story, "첫 줄입니다.\n\n둘째 문단 & 기호\n셋째 줄")

    assert html.body == '<p>비가 <span class="hl-red">시간당 80mm</span> 내렸다.<a>링크</a></p>'
    assert plain.body == "<p>첫 줄입니다.</p>\n\n<p>둘째 문단 &amp; 기호<br>셋째 줄</p>"


def test_plain_text_with_a_tag_like_string_is_html_and_is_cleaned(story):
    update = post_update(story, "기온이 <script>alert(1)</script>내려갔다")
    assert "<script" not in update.body
    assert "기온이" in update.body


def test_each_update_change_and_deletion_bumps_modified_at_without_saving_the_story(story):
    story.refresh_from_db()
    version, modified = story.version, story.modified_at

    update = post_update(story, "첫 업데이트")
    story.refresh_from_db()
    after_create = story.modified_at
    assert after_create > modified
    assert story.version == version  # an UPDATE of modified_at, not Article.save()

    update.body = "고친 업데이트"
    update.save()
    story.refresh_from_db()
    after_edit = story.modified_at
    assert after_edit > after_create

    update.delete()
    story.refresh_from_db()
    assert story.modified_at > after_edit
    assert story.version == version


def test_the_first_update_starts_coverage_on_a_story_without_it():
    article = ArticleFactory()
    LiveUpdate.objects.create(article=article, body="시작")
    assert LiveCoverage.objects.get(article=article).state == LiveCoverage.State.LIVE


# --- the cursor endpoint ------------------------------------------------------------------


def test_since_a_cursor_it_returns_only_newer_updates_then_none(client, story):
    first = post_update(story, "첫째", minutes_ago=3)
    data = fetch(client, updates_url(story))
    assert ids(data) == [first.pk]
    cursor = data["cursor"]

    second = post_update(story, "둘째", minutes_ago=2)
    third = post_update(story, "셋째", minutes_ago=1)
    data = fetch(client, updates_url(story, cursor))
    assert ids(data) == [second.pk, third.pk]
    assert "셋째" in data["updates"][1]["html"]

    again = fetch(client, updates_url(story, data["cursor"]))
    assert again["updates"] == []
    assert again["cursor"] == data["cursor"]


def test_an_edited_update_comes_back_with_its_new_text(client, story):
    update = post_update(story, "피해 집계 중", minutes_ago=5)
    cursor = fetch(client, updates_url(story))["cursor"]

    update.body = "피해 가구 12곳으로 늘어"
    update.is_key = True
    update.save()
    data = fetch(client, updates_url(story, cursor))

    assert ids(data) == [update.pk]
    assert "피해 가구 12곳으로 늘어" in data["updates"][0]["html"]
    assert 'data-key="1"' in data["updates"][0]["html"]


def test_a_removed_update_is_reported_to_pages_that_still_show_it(client, story):
    kept = post_update(story, "남는 업데이트", minutes_ago=2)
    retracted = post_update(story, "잘못된 업데이트", minutes_ago=1)
    cursor = fetch(client, updates_url(story))["cursor"]

    anchor = retracted.anchor
    retracted.delete()
    data = fetch(client, updates_url(story, cursor))
    assert data["removed"] == [anchor]
    assert data["updates"] == []

    newer = post_update(story, "더 새 업데이트")
    later = fetch(client, updates_url(story, data["cursor"]))
    assert ids(later) == [newer.pk]
    assert fetch(client, updates_url(story, later["cursor"]))["removed"] == []
    html = client.get(story.get_absolute_url()).content.decode()
    assert "잘못된 업데이트" not in html and "남는 업데이트" in html
    assert kept.pk in [u.pk for u in LiveUpdate.objects.filter(article=story)]


def test_updates_committed_in_the_same_microsecond_are_not_skipped(client, story):
    one, two = post_update(story, "하나"), post_update(story, "둘")
    same = timezone.now()
    LiveUpdate.objects.filter(pk__in=[one.pk, two.pk]).update(updated_at=same)

    data = fetch(client, updates_url(story, str(Cursor(same, one.pk))))

    assert ids(data) == [two.pk]


def test_it_answers_in_two_queries_cacheable_for_a_second(client, story, django_assert_num_queries):
    for n in range(5):
        post_update(story, f"업데이트 {n}", author=desk_editor())

    with django_assert_num_queries(2):
        response = client.get(updates_url(story))

    assert response["Cache-Control"] == "public, max-age=1"
    assert len(response.json()["updates"]) == 5


def test_the_story_can_be_named_by_slug_and_reports_the_coverage_state(client, story):
    story.live_coverage.end()
    data = fetch(client, reverse("live:updates", kwargs={"ref": story.slug}))
    assert (data["state"], data["state_label"]) == ("ended", "중계 종료")


def test_a_bad_cursor_is_a_400_that_says_what_is_wrong(client, story):
    response = client.get(updates_url(story, "어제"))
    assert response.status_code == 400
    assert "since='어제'는 커서가 아닙니다" in response.json()["error"]


def test_drafts_and_stories_without_coverage_have_no_endpoint(client, story):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    LiveCoverage.objects.create(article=draft)
    plain = ArticleFactory()
    for article in (draft, plain):
        assert client.get(updates_url(article)).status_code == 404


# --- the reader's page ----------------------------------------------------------------------


def test_the_page_shows_key_updates_first_then_newest_and_the_live_badge(client, story):
    post_update(story, "가장 오래된 업데이트", minutes_ago=30)
    post_update(story, "핵심: 대피령 발령", minutes_ago=20, is_key=True)
    post_update(story, "가장 새 업데이트", minutes_ago=1)

    html = client.get(story.get_absolute_url()).content.decode()

    timeline = html[html.index("data-live-list") :]
    order = [timeline.index(text) for text in ("핵심: 대피령", "가장 새", "가장 오래된")]
    assert order == sorted(order)
    assert '<span class="live-badge" data-live-badge>실시간</span>' in html
    assert 'aria-live="polite"' in html
    assert f'data-live-url="{updates_url(story)}"' in html
    assert "<script src=" in html and "js/live.js" in html
    assert "onclick" not in html


def test_after_the_end_the_page_says_so(client, story):
    post_update(story, "마지막 업데이트")
    story.live_coverage.end()

    html = client.get(story.get_absolute_url()).content.decode()

    assert '<span class="live-badge" data-live-badge>중계 종료</span>' in html
    assert "마지막 업데이트" in html


def test_the_page_cursor_returns_nothing_already_on_the_page(client, story):
    post_update(story, "하나")
    post_update(story, "둘")
    html = client.get(story.get_absolute_url()).content.decode()
    cursor = re.search(r'data-live-cursor="([^"]+)"', html).group(1)

    assert fetch(client, updates_url(story, cursor))["updates"] == []


def test_live_blog_posting_json_ld_while_live_and_after_the_end(
    client, story, django_capture_on_commit_callbacks
):
    old = post_update(story, "첫 업데이트 " + "가" * 150, minutes_ago=10)
    new = post_update(story, "둘째 업데이트", minutes_ago=1)

    data = story_json_ld(client.get(story.get_absolute_url()).content.decode())

    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"].endswith("+09:00")
    assert "coverageEndTime" not in data
    first, second = data["liveBlogUpdate"]
    url = f"http://127.0.0.1:8000{story.get_absolute_url()}"
    assert first["@type"] == "BlogPosting"
    assert first["articleBody"] == "둘째 업데이트"
    assert first["url"] == f"{url}#update-{new.pk}"
    assert second["url"] == f"{url}#update-{old.pk}"
    assert len(second["headline"]) <= 110 and second["headline"].endswith("…")
    assert (
        first["datePublished"]
        == timezone.localtime(new.created_at).replace(microsecond=0).isoformat()
    )

    with django_capture_on_commit_callbacks(execute=True):  # the page cache hears of it
        story.live_coverage.end()
    data = story_json_ld(client.get(story.get_absolute_url()).content.decode())
    assert data["@type"] == "LiveBlogPosting"
    assert (
        data["coverageEndTime"]
        == timezone.localtime(LiveCoverage.objects.get(article=story).ended_at)
        .replace(microsecond=0)
        .isoformat()
    )


def test_a_story_without_coverage_stays_a_news_article(client):
    article = ArticleFactory()
    data = story_json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["@type"] == "NewsArticle"
    assert "liveBlogUpdate" not in data


def test_the_story_page_etag_changes_with_every_update(
    client, story, django_capture_on_commit_callbacks
):
    etags = [client.get(story.get_absolute_url())["ETag"]]
    with django_capture_on_commit_callbacks(execute=True):
        update = post_update(story, "첫 업데이트")
    etags.append(client.get(story.get_absolute_url())["ETag"])
    with django_capture_on_commit_callbacks(execute=True):
        update.body = "고친 업데이트"
        update.save()
    etags.append(client.get(story.get_absolute_url())["ETag"])

    assert len(set(etags)) == 3, etags
    assert "고친 업데이트" in client.get(story.get_absolute_url()).content.decode()
