"""The permission matrix: each role against each action, through the admin's HTTP endpoints."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from newsroom import roles
from outlet.models import HighlightStyle, OutletSettings
from tests.desk_helpers import change_form_data, change_url, transition_url
from tests.factories import ArticleFactory, CategoryFactory, user_with_role

pytestmark = pytest.mark.django_db

REPORTER, EDITOR, MODERATOR, ADMIN = (
    roles.REPORTER,
    roles.EDITOR,
    roles.MODERATOR,
    roles.ADMINISTRATOR,
)


@pytest.fixture
def as_role(client):
    def login(role, username=None):
        user = user_with_role(role, username)
        client.force_login(user)
        return user

    return login


def test_the_four_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {REPORTER, EDITOR, MODERATOR, ADMIN}


@pytest.mark.parametrize(
    ("role", "allowed"), [(REPORTER, True), (EDITOR, True), (MODERATOR, False), (ADMIN, True)]
)
def test_who_can_create_a_story(client, as_role, role, allowed):
    as_role(role)
    response = client.get(reverse("admin:articles_article_add"))
    assert (response.status_code == 200) is allowed


def test_reporter_edits_own_draft_but_not_others_or_published(client, as_role):
    reporter = as_role(REPORTER)
    own = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter, published_at=None)
    other = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    own_published = ArticleFactory(created_by=reporter)

    response = client.post(change_url(own), change_form_data(own, headline="기자가 고친 제목"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.headline == "기자가 고친 제목"

    for article in (other, own_published):
        response = client.post(change_url(article), change_form_data(article, headline="몰래"))
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.headline != "몰래"


def test_reporter_cannot_publish_through_the_form_or_the_buttons(client, as_role):
    reporter = as_role(REPORTER)
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter, published_at=None)
    client.post(change_url(draft), change_form_data(draft, status="published", is_breaking="on"))
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT and not draft.is_breaking

    for transition in ("publish", "unpublish", "breaking_on"):
        response = client.post(transition_url(draft, transition), {"version": draft.version})
        assert response.status_code == 403
        draft.refresh_from_db()
        assert draft.status == Article.Status.DRAFT and not draft.is_breaking

    changelist = reverse("admin:articles_article_changelist")
    response = client.post(
        changelist, {"action": "publish_selected", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT

    response = client.post(transition_url(draft, "submit"), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW


def test_editor_publishes_unpublishes_and_marks_breaking(client, as_role):
    as_role(EDITOR)
    draft = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    client.post(transition_url(draft, "publish"), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and draft.is_public
    client.post(transition_url(draft, "breaking_on"), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.is_breaking and draft.breaking_until
    client.post(transition_url(draft, "unpublish"), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == Article.Status.UNPUBLISHED and not draft.is_breaking
    actions = list(draft.events.values_list("action", flat=True))
    assert {"published", "breaking_on", "unpublished"} <= set(actions)


def test_moderator_reads_stories_but_cannot_change_their_text(client, as_role):
    as_role(MODERATOR)
    story = ArticleFactory()
    assert client.get(change_url(story)).status_code == 200
    response = client.post(change_url(story), change_form_data(story, headline="모더레이터"))
    assert response.status_code == 403
    client.post(transition_url(story, "unpublish"), {"version": story.version})
    story.refresh_from_db()
    assert story.headline != "모더레이터" and story.status == Article.Status.PUBLISHED
    assert client.get(reverse("admin:articles_article_add")).status_code == 403


@pytest.mark.parametrize(("role", "allowed"), [(EDITOR, False), (ADMIN, True), (REPORTER, False)])
def test_only_administrators_change_outlet_settings_and_palette(client, as_role, role, allowed):
    as_role(role)
    outlet = OutletSettings.current()
    url = reverse("admin:outlet_outletsettings_change", args=[outlet.pk])
    response = client.post(
        url,
        {
            "name": "바뀐 이름",
            "home_url": "https://example.com/",
            "footer_text": "실시간 뉴스 속보",
            "footer_url": "",
            "breaking_image_alt": "",
            "related_limit": 6,
            "related_backfill": "",
        },
    )
    assert (OutletSettings.objects.get().name == "바뀐 이름") is allowed
    palette = client.post(
        reverse("admin:outlet_highlightstyle_add"),
        {"key": "green", "name": "초록", "text_color": "#118833", "bold": "on", "position": 3},
    )
    assert HighlightStyle.objects.filter(key="green").exists() is allowed
    if not allowed:
        assert response.status_code == 403 and palette.status_code == 403


@pytest.mark.parametrize(
    ("role", "allowed"), [(EDITOR, True), (REPORTER, False), (MODERATOR, False)]
)
def test_flash_form_needs_its_own_permission(client, as_role, role, allowed):
    as_role(role)
    section = CategoryFactory(name="속보")
    response = client.post(
        reverse("admin:articles_flash"),
        {"headline": "가상 도시 정전 발생", "line": "한빛시 전역 정전", "section": section.pk},
    )
    flash = Article.objects.filter(headline="가상 도시 정전 발생").first()
    if allowed:
        assert response.status_code == 302
        assert flash.is_public and flash.is_breaking and flash.breaking_until
        assert flash.events.filter(action="flash").exists()
        assert Article.objects.breaking().first() == flash
    else:
        assert response.status_code == 403 and flash is None


def test_anonymous_users_reach_no_desk_endpoint(client):
    story = ArticleFactory()
    for url in (
        transition_url(story, "publish"),
        reverse("admin:articles_article_preview", args=[story.pk]),
        reverse("admin:articles_flash"),
    ):
        response = client.post(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
