"""The corrections log, and which edits move dateModified (JSON-LD, feeds) and which do not."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from live.models import StoryNote
from newsroom import roles
from tests.desk_helpers import change_form_data, change_url
from tests.factories import ArticleFactory, user_with_role

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def story():
    """A story published an hour ago and not touched since."""
    published = timezone.now() - timedelta(hours=1)
    article = ArticleFactory(headline="가상 교량 붕괴 사고", published_at=published)
    type(article).objects.filter(pk=article.pk).update(modified_at=published)
    article.refresh_from_db()
    return article


@pytest.fixture
def editor_client(client):
    client.force_login(user_with_role(roles.EDITOR))
    return client


def date_modified(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))[0]["dateModified"]


def feed_updated(client, article) -> str:
    feed = ET.fromstring(client.get(reverse("articles:feed-atom")).content)  # noqa: S314
    for entry in feed.findall(f"{ATOM}entry"):
        if entry.findtext(f"{ATOM}title") == article.headline:
            return entry.findtext(f"{ATOM}updated")
    raise AssertionError("the story is not in the feed")


def test_the_log_shows_each_note_with_its_korea_time_stamp(client, story):
    at = datetime(2026, 11, 22, 15, 5, tzinfo=SEOUL)
    StoryNote.objects.create(
        article=story, note="사망자 수를 3명에서 2명으로 바로잡았습니다.", created_at=at
    )
    StoryNote.objects.create(
        article=story,
        kind=StoryNote.Kind.UPDATE,
        note="구조 당국의 <b>발표</b>를 더했습니다.",
        created_at=at + timedelta(hours=2, minutes=30),
    )

    html = client.get(story.get_absolute_url()).content.decode()

    assert (
        "2026년 11월 22일 오후 3:05</time> 정정: 사망자 수를 3명에서 2명으로 바로잡았습니다."
        in html
    )
    assert "2026년 11월 22일 오후 5:35</time> 수정: 구조 당국의 &lt;b&gt;발표&lt;/b&gt;" in html
    assert html.index("오후 3:05") < html.index("오후 5:35")


def test_a_correction_moves_date_modified_in_json_ld_and_the_feed(
    client, story, django_capture_on_commit_callbacks
):
    before = (date_modified(client, story), feed_updated(client, story))

    with django_capture_on_commit_callbacks(execute=True):
        StoryNote.objects.create(article=story, note="다리 이름을 바로잡았습니다.")

    after = (date_modified(client, story), feed_updated(client, story))
    assert after[0] > before[0]
    assert after[1] > before[1]


def test_a_correction_added_in_the_admin_is_signed_and_shown(
    editor_client, story, django_capture_on_commit_callbacks
):
    before = date_modified(editor_client, story)
    add_url = reverse("admin:live_storynote_add") + f"?article={story.pk}"
    form = editor_client.get(add_url)
    assert form.context["adminform"].form.initial["article"] == str(story.pk)
    data = {
        "article": str(story.pk),
        "kind": "correction",
        "note": "교량 길이를 바로잡았습니다.",
        "created_at_0": timezone.localtime().strftime("%Y-%m-%d"),
        "created_at_1": timezone.localtime().strftime("%H:%M:%S"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(add_url, data)

    assert response.status_code == 302, response.context["errors"]
    assert response.url == change_url(story)  # back to the story the desk came from
    note = StoryNote.objects.get(article=story)
    assert note.author.groups.filter(name=roles.EDITOR).exists()
    editor_client.logout()
    assert date_modified(editor_client, story) > before
    assert (
        "정정: 교량 길이를 바로잡았습니다."
        in editor_client.get(story.get_absolute_url()).content.decode()
    )


def test_a_minor_edit_keeps_date_modified_and_an_ordinary_edit_moves_it(
    editor_client, story, django_capture_on_commit_callbacks
):
    published_at = story.published_at.astimezone(SEOUL)
    published = published_at.replace(microsecond=0).isoformat()  # JSON-LD: whole seconds
    assert date_modified(editor_client, story) == published

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            change_url(story),
            change_form_data(story, headline="가상 교량 붕괴 사고 (오타 수정)", minor_edit="on"),
        )
    assert response.status_code == 302, response.context["errors"]
    story.refresh_from_db()
    assert story.headline.endswith("(오타 수정)")
    assert date_modified(editor_client, story) == published
    assert feed_updated(editor_client, story) == published_at.isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(change_url(story), change_form_data(story, deck="새 부제"))
    assert date_modified(editor_client, story) > published
    assert feed_updated(editor_client, story) > published_at.isoformat()
