"""The desk's workflow: every change of a story's state goes through here.

Each transition checks the caller's permission on the server, refuses to act on a story that
changed since the caller saw it (optimistic locking on Article.version), changes only the
workflow fields of the current row (never the text), keeps a revision and logs an event.
"""

from datetime import timedelta

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html

from .changes import follow_story_change
from .dates import korean_datetime
from .models import Article, ArticleEvent

Action = ArticleEvent.Action
Status = Article.Status


class StaleVersion(Exception):
    """The story changed after the caller loaded it; their change was not applied."""

    def __init__(self, current: Article):
        self.current = current
        who = current.updated_by.get_username() if current.updated_by_id else "다른 사용자"
        super().__init__(
            f"{who}님이 {korean_datetime(current.updated_at)}(KST)에 이 기사를 먼저 고쳤습니다 "
            f"(지금 버전 {current.version}). 저장하지 않았습니다: 입력한 내용은 아래에 그대로 "
            "있으니 최신 기사와 비교해 합친 뒤 다시 저장하세요."
        )


class UnknownVersion(ValidationError):
    """A request that does not say which version its sender saw: refused like a stale one."""

    def __init__(self):
        super().__init__(
            "어느 버전을 보고 고쳤는지 알 수 없어(버전 정보가 없거나 잘못됨) 저장하지 않았습니다. "
            "기사를 다시 열어 최신 내용을 확인한 뒤 다시 하세요.",
            code="unknown_version",
        )


def posted_version(raw) -> int:
    """The version a form, button or bulk action says its sender saw.

    Every request from the desk carries one; a missing, empty or malformed value is refused
    (UnknownVersion), never taken as "skip the check".
    """
    text = raw.strip() if isinstance(raw, str) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise UnknownVersion
    return int(text)


def lock_current(pk: int, expected_version: int | None, actual_version=None) -> Article:
    """The story's row, locked for this transaction; StaleVersion if it moved on.

    actual_version overrides the row's count where the row was just rewritten by a revision
    restore (see ArticleAdmin.revision_view). expected_version None is for the server's own
    callers (scheduled jobs, tests); requests pass posted_version(), which never gives None.
    """
    current = Article.objects.select_for_update().get(pk=pk)
    actual = current.version if actual_version is None else actual_version
    if expected_version is not None and actual != int(expected_version):
        current.version = actual
        raise StaleVersion(current)
    return current


def can_edit(user, article: Article) -> bool:
    """Reporters edit their own drafts; the desk and administrators edit everything."""
    if not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.edit_others_articles"):
        return True
    return article.created_by_id == user.pk and article.status in (Status.DRAFT, Status.REVIEW)


def publish_problems(article: Article) -> dict[str | None, str]:
    """What must be fixed before a story may be public, by the form field it concerns."""
    problems = {}
    if not article.headline.strip():
        problems["headline"] = "제목이 없습니다."
    if article.feature_photo_id and not article.feature_alt:
        problems["feature_image_alt"] = "대표 이미지의 대체 텍스트를 넣어야 게시할 수 있습니다."
    return problems


SCHEDULE_IN_FUTURE = "예약하려면 지금보다 뒤의 게시 시각을 정하세요."


def state_problems(article: Article) -> dict[str | None, str]:
    """What the story's own state requires: a public story may be public, a scheduled one has
    a time still to come. The change form asks this of the story as typed."""
    problems = {}
    if article.status in Article.PUBLIC_STATUSES:
        problems.update(publish_problems(article))
    if article.status == Status.SCHEDULED and (
        not article.published_at or article.published_at <= timezone.now()
    ):
        problems["published_at"] = SCHEDULE_IN_FUTURE
    return problems


def log(article: Article, action: str, user, note: str = "") -> ArticleEvent:
    return ArticleEvent.objects.create(
        article=article, action=action, user=user if user and user.pk else None, note=note
    )


def _require(user, permission: str):
    if not user.has_perm(f"articles.{permission}"):
        raise PermissionDenied(f"권한이 없습니다: {permission}")


def _apply(article_pk, user, expected_version, action, note="", **changes) -> Article:
    with transaction.atomic(), reversion.create_revision():
        current = lock_current(article_pk, expected_version)
        was_public = current.is_public
        for field, value in changes.items():
            setattr(current, field, value)
        current.updated_by = user
        current.save(follow=False)
        reversion.set_user(user)
        reversion.set_comment(ArticleEvent.Action(action).label)
        log(current, action, user, note)
        # What readers see changed: page-cache marks, CDN purge, pings, related suggestions
        # and a scheduled story's announcement, enqueued after commit (newsroom.publishing).
        follow_story_change(current, was_public=was_public)
    return current


# Which states each transition starts from; a button is shown only where its transition may run.
ALLOWED_FROM = {
    "submit": (Status.DRAFT, Status.UNPUBLISHED),
    "publish": (Status.DRAFT, Status.REVIEW, Status.SCHEDULED, Status.UNPUBLISHED),
    "schedule": (Status.DRAFT, Status.REVIEW, Status.SCHEDULED, Status.UNPUBLISHED),
    "unpublish": (Status.PUBLISHED, Status.SCHEDULED),
}
PERMISSIONS = {
    "submit": "submit_article",
    "publish": "publish_article",
    "schedule": "publish_article",
    "unpublish": "publish_article",
    "breaking_on": "mark_breaking",
    "breaking_off": "mark_breaking",
}
# Button labels and what the desk is told afterwards, in the order the change page shows them.
LABELS = {
    "submit": ("검토 요청", "'{}' 기사의 검토를 요청했습니다."),
    "publish": ("지금 게시", "'{}' 기사를 게시했습니다."),
    "schedule": ("예약", "'{}' 기사를 예약했습니다."),
    "unpublish": ("게시 중단", "'{}' 기사의 게시를 중단했습니다."),
    "breaking_on": ("속보 지정", "'{}' 기사를 속보로 지정했습니다."),
    "breaking_off": ("속보 해제", "'{}' 기사의 속보를 해제했습니다."),
}


def may_start(name: str, user, article: Article) -> bool:
    """Whether user may run transition `name` on article in its present state."""
    if not user.has_perm(f"articles.{PERMISSIONS[name]}"):
        return False
    if name == "submit" and not can_edit(user, article):
        return False
    if name == "breaking_on":
        return not article.is_breaking
    if name == "breaking_off":
        return article.is_breaking
    return article.status in ALLOWED_FROM[name]


def available(user, article: Article) -> list[str]:
    """The transitions the change page offers: only those that would do something now."""
    return [name for name in LABELS if may_start(name, user, article)]


def check(name: str, user, article: Article, at=None) -> None:
    """Raise PermissionDenied or ValidationError if transition `name` may not run on article.

    The one place a transition's rules live: the workflow buttons, bulk actions and the change
    form's save-and-publish buttons all come through here. article may be unsaved (the form's
    instance with the typed values), so the check sees what the story would be.
    """
    _require(user, PERMISSIONS[name])
    if name == "submit" and not can_edit(user, article):
        raise PermissionDenied("이 기사를 고칠 권한이 없습니다.")
    if not may_start(name, user, article):
        raise ValidationError(
            f"지금 상태({article.get_status_display()})에서는 '{LABELS[name][0]}'을(를) "
            "할 수 없습니다."
        )
    if name == "schedule" and (at is None or at <= timezone.now()):
        raise ValidationError(SCHEDULE_IN_FUTURE)
    if name in ("publish", "schedule") and (problems := publish_problems(article)):
        raise ValidationError(list(problems.values()))


def submit(article: Article, user, expected_version=None) -> Article:
    check("submit", user, article)
    return _apply(article.pk, user, expected_version, Action.SUBMITTED, status=Status.REVIEW)


def publish_now(article: Article, user, expected_version=None) -> Article:
    check("publish", user, article)
    now = timezone.now()
    published_at = article.published_at if article.is_public else now
    return _apply(
        article.pk,
        user,
        expected_version,
        Action.PUBLISHED,
        status=Status.PUBLISHED,
        published_at=published_at,
    )


def schedule(article: Article, user, at, expected_version=None) -> Article:
    check("schedule", user, article, at=at)
    note = f"{korean_datetime(at)} KST"
    return _apply(
        article.pk,
        user,
        expected_version,
        Action.SCHEDULED,
        note=note,
        status=Status.SCHEDULED,
        published_at=at,
    )


def unpublish(article: Article, user, expected_version=None) -> Article:
    check("unpublish", user, article)
    return _apply(
        article.pk,
        user,
        expected_version,
        Action.UNPUBLISHED,
        status=Status.UNPUBLISHED,
        is_breaking=False,
    )


def mark_breaking(
    article: Article, user, expected_version=None, *, hours=None, priority=None
) -> Article:
    check("breaking_on", user, article)
    hours = hours or settings.NEWSROOM_BREAKING_HOURS
    until = timezone.now() + timedelta(hours=hours)
    changes = {"is_breaking": True, "breaking_until": until}
    if priority is not None:
        changes["breaking_priority"] = priority
    return _apply(
        article.pk,
        user,
        expected_version,
        Action.BREAKING_ON,
        note=f"{korean_datetime(until)} KST까지",
        **changes,
    )


def unmark_breaking(article: Article, user, expected_version=None) -> Article:
    check("breaking_off", user, article)
    return _apply(article.pk, user, expected_version, Action.BREAKING_OFF, is_breaking=False)


def run(name: str, article: Article, user, expected_version=None) -> Article:
    """Run transition `name`; a schedule takes the story's own published_at as its time."""
    if name == "schedule":
        return schedule(article, user, article.published_at, expected_version)
    return TRANSITIONS[name](article, user, expected_version)


TRANSITIONS = {
    "submit": submit,
    "publish": publish_now,
    "unpublish": unpublish,
    "breaking_on": mark_breaking,
    "breaking_off": unmark_breaking,
}


@transaction.atomic
def send_flash(user, *, headline: str, line: str, section) -> Article:
    """The duty editor's 속보 flash: published and marked breaking in one step."""
    _require(user, "send_flash")
    with reversion.create_revision():
        article = Article(
            headline=headline,
            deck=line,
            excerpt=line,
            body=format_html("<p>{}</p>", line) if line else "",
            section=section,
            status=Status.PUBLISHED,
            published_at=timezone.now(),
            is_breaking=True,
            created_by=user,
            updated_by=user,
        )
        article.save(follow=False)
        reversion.set_user(user)
        reversion.set_comment(Action.FLASH.label)
    log(article, Action.FLASH, user)
    follow_story_change(article, was_public=None)  # on the home page's banner at once
    return article
