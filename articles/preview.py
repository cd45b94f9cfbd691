"""Previews of stories that are not public: for staff in the admin, and by signed link.

A preview link carries a signature over its PreviewLink id, so it cannot be guessed or edited;
the row decides whether it still works (expiry, revocation).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from .models import Article, ArticleEvent, PreviewLink
from .story_page import render_story

SALT = "articles.preview-link"


def create_link(article: Article, user, hours: int | None = None) -> PreviewLink:
    hours = hours or settings.NEWSROOM_PREVIEW_HOURS
    link = PreviewLink.objects.create(
        article=article, created_by=user, expires_at=timezone.now() + timedelta(hours=hours)
    )
    ArticleEvent.objects.create(
        article=article, action=ArticleEvent.Action.PREVIEW_LINK, user=user, note=f"{hours}시간"
    )
    return link


def link_url(link: PreviewLink) -> str:
    token = signing.dumps(link.pk, salt=SALT)
    return settings.SITE_URL + reverse("articles:preview", kwargs={"token": token})


def render_preview(request, article: Article, *, link: PreviewLink | None = None):
    article = Article.objects.with_story_parts().get(pk=article.pk)
    response = render_story(request, article, preview=True, preview_link=link)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def preview_by_link(request, token):
    try:
        link_pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise Http404("미리보기 링크가 올바르지 않습니다.") from None
    link = PreviewLink.objects.select_related("article").filter(pk=link_pk).first()
    if link is None or not link.is_active:
        raise Http404("미리보기 링크가 만료되었거나 취소되었습니다.")
    return render_preview(request, link.article, link=link)
