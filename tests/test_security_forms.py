"""Bad input gets a clear error on its field, and nothing the editor typed is lost."""

import pytest
from bleach._vendor import html5lib
from django.urls import reverse

from articles.models import Article
from tests.desk_helpers import change_form_data, change_url
from tests.factories import ArticleFactory, CategoryFactory, desk_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(desk_editor("forms-desk"))
    return client


def form_values(html: str) -> dict[str, str]:
    """What the browser would show in each named field of the re-rendered form."""
    values = {}
    for element in html5lib.parse(html, namespaceHTMLElements=False).iter():
        name = element.get("name") if isinstance(element.tag, str) else None
        if not name:
            continue
        if element.tag == "input" and element.get("type") not in ("checkbox", "submit"):
            values[name] = element.get("value", "")
        elif element.tag == "textarea":
            values[name] = (element.text or "").removeprefix("\n")
        elif element.tag == "select":
            chosen = [
                o.get("value") for o in element.iter("option") if o.get("selected") is not None
            ]
            values[name] = chosen[0] if chosen else ""
    return values


TYPED = {
    "headline": "편집자가 공들여 쓴 가상 제목",
    "deck": "부제도 길게 썼습니다.\n두 줄입니다.",
    "excerpt": "요약문을 다듬었습니다.",
    "byline": "가상 기자",
    "tags": "보안, 검증",
    "body": '<p>본문 첫 문단. <span class="hl-red">빨간 강조</span></p>',
    "summary_items-TOTAL_FORMS": "1",
    "summary_items-0-text": "요약 글머리표 하나.",
    "summary_items-0-position": "0",
    "attendee_tables-TOTAL_FORMS": "1",
    "attendee_tables-0-title": "참석자",
    "attendee_tables-0-grid": "가 측 | 나 측\n김대표 | 박대표",
    "attendee_tables-0-position": "0",
}


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        ({"related_link_url": "javascript:alert(1)"}, "related_link_url", "올바른 URL"),
        ({"related_link_url": "data:text/html,<b>x</b>"}, "related_link_url", "올바른 URL"),
        ({"headline": "가" * 301}, "headline", "300"),
    ],
)
def test_a_refused_story_form_keeps_everything_typed(editor_client, bad, field, message):
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    data = change_form_data(story, **{**TYPED, **bad})
    response = editor_client.post(change_url(story), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors and message in " ".join(errors[field])
    shown = form_values(response.content.decode())
    for name, value in {**TYPED, **bad}.items():
        if not name.endswith("TOTAL_FORMS"):
            assert shown[name] == value, name
    story.refresh_from_db()
    assert story.headline != TYPED["headline"]  # nothing saved


def test_a_refused_flash_keeps_what_was_typed(editor_client):
    section = CategoryFactory(name="속보 섹션")
    typed = {"headline": "", "line": "한 줄 요약을 먼저 썼습니다.", "section": str(section.pk)}
    response = editor_client.post(reverse("admin:articles_flash"), typed)

    assert response.status_code == 200
    assert "headline" in response.context["form"].errors
    shown = form_values(response.content.decode())
    assert shown["line"] == typed["line"]
    assert shown["section"] == typed["section"]
    assert not Article.objects.exists()
