"""Who reaches what: a matrix over every URL the project defines, for every role.

Roles: anonymous reader, 기자 (reporter), 데스크 (editor), 모더레이터 (moderator), superuser.
Every route the URL resolver knows must be classified here: a new URL nobody classified fails
test_every_url_is_classified, so the matrix stays complete.

Outcomes: ok (200), redirect (3xx elsewhere than the login page), login (3xx to the admin
login), denied (403), missing (404), method (405). The admin's standard pages of every
registered model are generated from admin.site, their expected outcome from the role's
permissions; the project's own admin views and the public site are listed by hand.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from articles import preview
from articles.models import Article, ArticleEvent, PreviewLink, SlugRedirect
from newsroom import roles
from outlet.models import OutletSettings
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    RelatedEntryFactory,
    SourceFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ANONYMOUS, REPORTER, EDITOR, MODERATOR, SUPERUSER = (
    "anonymous",
    "reporter",
    "editor",
    "moderator",
    "superuser",
)
ROLES = (ANONYMOUS, REPORTER, EDITOR, MODERATOR, SUPERUSER)
STAFF = ROLES[1:]


@dataclass
class Case:
    url: str
    expected: dict  # role -> outcome
    method: str = "get"
    data: dict | None = None


def everyone(outcome: str) -> dict:
    return dict.fromkeys(ROLES, outcome)


def desk(reporter, editor, moderator, superuser="ok") -> dict:
    """An admin page: anonymous readers are always sent to the login page."""
    return {
        ANONYMOUS: "login",
        REPORTER: reporter,
        EDITOR: editor,
        MODERATOR: moderator,
        SUPERUSER: superuser,
    }


def outcome(response) -> str:
    code = response.status_code
    if 300 <= code < 400:
        return "login" if response["Location"].startswith(reverse("admin:login")) else "redirect"
    return {200: "ok", 403: "denied", 404: "missing", 405: "method"}.get(code, str(code))


# --- the world the matrix runs in ------------------------------------------------------------


@pytest.fixture
def world():
    users = {
        REPORTER: user_with_role(roles.REPORTER, "matrix-reporter"),
        EDITOR: user_with_role(roles.EDITOR, "matrix-editor"),
        MODERATOR: user_with_role(roles.MODERATOR, "matrix-moderator"),
        SUPERUSER: UserFactory(username="matrix-root", is_superuser=True),
    }
    section = CategoryFactory(name="매트릭스")
    SourceFactory()
    now = timezone.now()
    published = ArticleFactory(
        headline="매트릭스 공개 기사", section=section, tags=["매트릭스"], created_by=users[EDITOR]
    )
    published.categories.add(section)
    draft = ArticleFactory(
        headline="매트릭스 비공개 초안",
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=users[REPORTER],
        section=section,
        tags=["매트릭스"],
    )
    scheduled = ArticleFactory(
        headline="매트릭스 예약 기사",
        status=Article.Status.SCHEDULED,
        published_at=now + timedelta(hours=3),
        section=section,
        tags=["매트릭스"],
    )
    unpublished = ArticleFactory(
        headline="매트릭스 게시 중단 기사", status=Article.Status.UNPUBLISHED, section=section
    )
    SlugRedirect.objects.create(old_slug="draft-old-slug", article=draft)
    RelatedEntryFactory(article=published, target=scheduled)
    ArticleEvent.objects.create(article=published, action=ArticleEvent.Action.CREATED)
    OutletSettings.current()
    with reversion.create_revision():
        published.save()
    version = Version.objects.get_for_object(published).first()
    valid = preview.create_link(draft, users[EDITOR])
    expired = PreviewLink.objects.create(article=draft, expires_at=now - timedelta(minutes=1))
    revoked = PreviewLink.objects.create(
        article=draft, expires_at=now + timedelta(hours=1), revoked_at=now
    )
    return {
        "users": users,
        "section": section,
        "published": published,
        "draft": draft,
        "scheduled": scheduled,
        "unpublished": unpublished,
        "links": {"valid": valid, "expired": expired, "revoked": revoked},
        "version": version.pk,
        "valid_preview": token_path(valid),  # one token: a signature carries its second
    }


def token_path(link) -> str:
    return reverse("articles:preview", kwargs={"token": signing.dumps(link.pk, salt=preview.SALT)})


SECRETS = ("매트릭스 비공개 초안", "매트릭스 예약 기사", "매트릭스 게시 중단 기사")


# --- the public site --------------------------------------------------------------------------


def public_cases(world) -> list[Case]:
    published, draft, scheduled = world["published"], world["draft"], world["scheduled"]
    section_slug = world["section"].slug
    links = world["links"]
    return [
        Case(reverse("articles:home"), everyone("ok")),
        Case(reverse("articles:palette-css"), everyone("ok")),
        Case(published.get_absolute_url(), everyone("ok")),
        # Not public, whoever asks: the desk reads drafts in the admin's preview.
        Case(draft.get_absolute_url(), everyone("missing")),
        Case(scheduled.get_absolute_url(), everyone("missing")),
        Case(world["unpublished"].get_absolute_url(), everyone("missing")),
        Case(reverse("articles:detail", kwargs={"slug": "draft-old-slug"}), everyone("missing")),
        Case(world["valid_preview"], everyone("ok")),
        Case(token_path(links["expired"]), everyone("missing")),
        Case(token_path(links["revoked"]), everyone("missing")),
        Case(reverse("articles:preview", kwargs={"token": "위조된-토큰"}), everyone("missing")),
        Case(
            reverse("articles:preview", kwargs={"token": signing.dumps(links["valid"].pk)}),
            everyone("missing"),  # signed, but not with the preview salt
        ),
        Case(reverse("articles:section", kwargs={"slug": section_slug}), everyone("ok")),
        Case(reverse("articles:section-feed-rss", kwargs={"slug": section_slug}), everyone("ok")),
        Case(reverse("articles:section-feed-atom", kwargs={"slug": section_slug}), everyone("ok")),
        Case(reverse("articles:tag", kwargs={"slug": published.tags.get().slug}), everyone("ok")),
        Case(reverse("articles:search") + "?q=매트릭스", everyone("ok")),
        Case(reverse("articles:feed-rss"), everyone("ok")),
        Case(reverse("articles:feed-atom"), everyone("ok")),
        Case(reverse("robots-txt"), everyone("ok")),
        Case("/favicon.ico", everyone("redirect")),
        Case(reverse("sitemap"), everyone("ok")),
        Case(reverse("sitemap-news"), everyone("ok")),
        Case(reverse("live:updates", kwargs={"ref": draft.slug}), everyone("missing")),
        Case(reverse("live:updates", kwargs={"ref": str(draft.pk)}), everyone("missing")),
        Case(reverse("distribution:indexnow-key", kwargs={"key": "guess-1"}), everyone("missing")),
    ]  # fmt: skip


# --- the project's own admin views --------------------------------------------------------------


def custom_admin_cases(world) -> list[Case]:
    draft, published = world["draft"], world["published"]
    admin_url = "admin:articles_article_"
    version = world["version"]
    return [
        Case(reverse("admin:index"), desk("ok", "ok", "ok")),
        Case(reverse("admin:login"), {**everyone("redirect"), ANONYMOUS: "ok"}),
        Case(reverse("admin:logout"), {**everyone("method"), ANONYMOUS: "redirect"}),
        Case(reverse("admin:password_change"), desk("ok", "ok", "ok")),
        Case(reverse("admin:password_change_done"), desk("ok", "ok", "ok")),
        Case(reverse("admin:jsi18n"), desk("ok", "ok", "ok")),
        # Without the form's parameters autocomplete refuses everyone; only staff get that far.
        Case(reverse("admin:autocomplete"), desk("denied", "denied", "denied", "denied")),
        Case(
            reverse(
                "admin:view_on_site",
                args=[ContentType.objects.get_for_model(Article).pk, published.pk],
            ),
            desk("redirect", "redirect", "redirect", "redirect"),
        ),
        Case(reverse("admin:app_list", args=["articles"]), desk("ok", "ok", "ok")),
        Case(reverse("admin:app_list", args=["auth"]), desk("missing", "missing", "missing")),
        Case(reverse("admin:articles_flash"), desk("denied", "ok", "denied")),
        Case(reverse(admin_url + "preview", args=[draft.pk]), desk("ok", "ok", "ok")),
        # The reporter wrote the draft; a moderator reads stories but changes none.
        Case(
            reverse(admin_url + "editing", args=[draft.pk]),
            desk("ok", "ok", "denied"),
            method="post",
            data={"heartbeat": "1"},
        ),
        Case(
            reverse(admin_url + "editing", args=[published.pk]),
            desk("denied", "ok", "denied"),
            method="post",
            data={"heartbeat": "1"},
        ),
        Case(
            reverse(admin_url + "preview_link", args=[draft.pk]),
            desk("denied", "redirect", "denied", "redirect"),
            method="post",
        ),
        Case(
            reverse(admin_url + "transition", args=[published.pk, "unpublish"]),
            desk("denied", "redirect", "denied", "redirect"),
            method="post",
            data={"version": str(published.version)},
        ),
        Case(
            reverse(admin_url + "transition", args=[draft.pk, "no-such-step"]),
            desk("missing", "missing", "missing", "missing"),
            method="post",
        ),
        # Without the two version ids to compare there is nothing to show.
        Case(reverse(admin_url + "compare", args=[published.pk]), desk(*["missing"] * 4)),
        # Deleted stories: who may add and change stories may list and recover them; the
        # recovered story's form then applies the same rules as any other (can_edit).
        Case(reverse(admin_url + "recoverlist"), desk("ok", "ok", "denied")),
        Case(reverse(admin_url + "recover", args=[version]), desk("ok", "ok", "denied")),
        Case(
            reverse(admin_url + "recover", args=[version]),
            desk("denied", "ok", "denied"),  # ok: the empty form comes back with its errors
            method="post",
        ),
        Case(
            reverse(admin_url + "revision", args=[published.pk, version]),
            desk("denied", "ok", "denied"),
            method="post",
        ),
        # The revision page is the restore form: only who may change the story as it stands
        # opens it (history and compare show old versions to everyone who may view).
        Case(
            reverse(admin_url + "revision", args=[published.pk, version]),
            desk("denied", "ok", "denied"),
        ),
        Case(reverse("admin:taggit_tag_merge_tags"), desk("denied", "ok", "denied")),
        Case(
            reverse("admin:auth_user_password_change", args=[world["users"][REPORTER].pk]),
            desk("denied", "denied", "denied"),
        ),
        Case(
            reverse("admin:live_liveupdate_post", args=[draft.pk]),
            desk("denied", "ok", "denied"),
        ),
        Case(
            reverse("admin:live_livecoverage_state", args=[draft.pk]),
            desk("method", "method", "method", "method"),
        ),
        # Retrying a failed task: the permission is checked before the task is looked up.
        Case(
            reverse("admin:newsroom_backgroundtask_retry", args=[str(uuid.UUID(int=0))]),
            desk("denied", "denied", "denied", "missing"),
            method="post",
        ),
    ]  # fmt: skip


# --- the admin's standard pages, for every registered model ----------------------------------


def standard_admin_cases(world) -> list[Case]:
    factory = RequestFactory()
    cases = []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        obj = model._default_manager.order_by("pk").first()
        requests = {}
        for role, user in world["users"].items():
            request = factory.get("/")
            request.user = user
            requests[role] = request

        def expect(check, *, requests=requests):
            expected = {ANONYMOUS: "login"}
            for role, request in requests.items():
                expected[role] = "ok" if check(request) else "denied"
            return expected

        cases.append(
            Case(
                reverse("admin:{}_{}_changelist".format(*info)),
                expect(model_admin.has_view_or_change_permission),
            )
        )
        cases.append(
            Case(reverse("admin:{}_{}_add".format(*info)), expect(model_admin.has_add_permission))
        )
        if obj is None:
            # Nothing of this model exists in the world: the object pages answer "no such
            # object" before any permission check, so only the anonymous refusal is tested.
            object_id = "999999999"
            for action in ("history", "delete", "change"):
                url = reverse(f"admin:{info[0]}_{info[1]}_{action}", args=[object_id])
                cases.append(Case(url, {ANONYMOUS: "login"}))
            url = reverse("admin:{}_{}_changelist".format(*info)) + f"{object_id}/"
            cases.append(Case(url, {ANONYMOUS: "login"}))
            continue
        view = model_admin.has_view_or_change_permission
        cases += [
            Case(
                reverse("admin:{}_{}_history".format(*info), args=[obj.pk]),
                expect(lambda request, view=view, obj=obj: view(request, obj)),
            ),
            Case(
                reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
                expect(lambda request, view=view, obj=obj: view(request, obj)),
            ),
            Case(
                reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]),
                expect(
                    lambda request, model_admin=model_admin, obj=obj: (
                        model_admin.has_delete_permission(request, obj)
                    )
                ),
            ),
            Case(
                reverse("admin:{}_{}_changelist".format(*info)) + f"{obj.pk}/",
                {ANONYMOUS: "login", **dict.fromkeys(STAFF, "redirect")},
            ),
        ]
    return cases


# The role limits the desk issue sets, written out: the generated cases above follow the
# admin's permission methods, these say what those methods must answer.
ROLE_LIMITS = {
    "admin:articles_article_add": desk("ok", "ok", "denied"),
    "admin:outlet_outletsettings_changelist": desk("denied", "denied", "denied"),
    "admin:outlet_highlightstyle_add": desk("denied", "denied", "denied"),
    "admin:auth_user_changelist": desk("denied", "denied", "denied"),
    "admin:auth_group_changelist": desk("denied", "denied", "denied"),
    "admin:axes_accessattempt_changelist": desk("denied", "denied", "denied"),
    "admin:related_relatedentry_changelist": desk("denied", "ok", "ok"),
    "admin:taggit_tag_add": desk("ok", "ok", "denied"),
}


# --- the tests --------------------------------------------------------------------------------


def all_cases(world) -> list[Case]:
    return public_cases(world) + custom_admin_cases(world) + standard_admin_cases(world)


def route_of(url: str) -> str:
    return resolve(url.split("?")[0]).route


def join_route(prefix: str, route: str) -> str:
    # As ResolverMatch.route joins them: a nested regex loses its leading "^".
    return prefix + (route[1:] if prefix and route.startswith("^") else route)


def all_routes(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, join_route(prefix, str(pattern.pattern)))
        elif isinstance(pattern, URLPattern):
            yield join_route(prefix, str(pattern.pattern))


# Routes tested through others or not requestable as pages of their own.
UNCLASSIFIED_BY_DESIGN = {
    "admin/(?P<url>.*)$",  # the admin's catch-all: unknown admin URLs, login first (below)
    "^media/(?P<path>.*)$",  # uploaded files, served by Django only with DEBUG on
}


def test_every_url_is_classified(world):
    covered = {route_of(case.url) for case in all_cases(world)}
    unclassified = set(all_routes()) - covered - UNCLASSIFIED_BY_DESIGN
    assert unclassified == set(), (
        "URLs nobody has classified for the permission matrix; add them to "
        f"tests/test_url_permissions.py: {sorted(unclassified)}"
    )


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role):
    if role != ANONYMOUS:
        client.force_login(world["users"][role])
    wrong = []
    for case in all_cases(world):
        if role not in case.expected:
            continue
        response = getattr(client, case.method)(case.url, case.data or {})
        got = outcome(response)
        if got != case.expected[role]:
            wrong.append(f"{case.method} {case.url}: expected {case.expected[role]}, got {got}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_role_limits(client, world, role):
    if role != ANONYMOUS:
        client.force_login(world["users"][role])
    for name, expected in ROLE_LIMITS.items():
        assert outcome(client.get(reverse(name))) == expected[role], name


def test_unknown_admin_urls_send_anonymous_readers_to_login(client):
    assert outcome(client.get("/admin/no/such/page/")) == "login"


def test_anonymous_readers_never_see_unpublished_stories_anywhere(client, world):
    for case in public_cases(world):
        response = client.get(case.url)
        if case.expected[ANONYMOUS] == "ok":
            html = response.content.decode()
            leaked = [secret for secret in SECRETS if secret in html]
            if case.url == world["valid_preview"]:
                assert leaked == ["매트릭스 비공개 초안"]  # what the link was made to show
                continue
            assert leaked == [], case.url


def test_a_scheduled_story_becomes_public_at_its_time(client, world):
    scheduled = world["scheduled"]
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
    cache.clear()  # how long a page stays cached is the delivery tests' subject, not this one's
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_anonymous_user_has_no_admin_permission_at_all():
    assert not AnonymousUser().has_module_perms("articles")


@pytest.mark.parametrize(("role", "may_merge"), [(REPORTER, False), (EDITOR, True)])
def test_only_the_desk_may_merge_tags(client, world, role, may_merge):
    """taggit's merge view checks nothing itself; merging re-tags every story, so it is the
    desk's to do."""
    client.force_login(world["users"][role])
    story = ArticleFactory(tags=["병합 가", "병합 나"])
    selected = list(Tag.objects.filter(name__startswith="병합").values_list("pk", flat=True))
    client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "render_tag_form", "_selected_action": selected},
    )
    response = client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "병합됨"})

    assert outcome(response) == ("redirect" if may_merge else "denied")
    expected = {"병합됨"} if may_merge else {"병합 가", "병합 나"}
    assert set(story.tags.names()) == expected
