"""'실시간 업데이트 추가': one form, one step, back to the story; and starting or ending coverage.

Both check on the server that the editor may post to this story (live.permissions).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles.models import Article

from .models import LiveCoverage, LiveUpdate
from .permissions import can_post_updates, can_run_coverage


class LiveUpdateForm(forms.ModelForm):
    class Meta:
        model = LiveUpdate
        fields = ("body", "image", "image_alt", "is_key")
        widgets = {"body": forms.Textarea(attrs={"rows": 6, "cols": 80, "autofocus": True})}


def post_url(article) -> str:
    return reverse("admin:live_liveupdate_post", args=[article.pk])


def post_update_view(model_admin):
    def view(request, article_pk):
        article = get_object_or_404(Article, pk=article_pk)
        if not can_post_updates(request.user, article):
            raise PermissionDenied("이 기사에 실시간 업데이트를 올릴 권한이 없습니다.")
        form = LiveUpdateForm(
            request.POST or None,
            request.FILES or None,
            instance=LiveUpdate(article=article, author=request.user),
        )
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, "실시간 업데이트를 올렸습니다.")
            if "_another" in request.POST:
                return redirect(post_url(article))
            return redirect("admin:articles_article_change", article.pk)
        coverage = LiveCoverage.objects.filter(article=article).first()
        context = {
            **model_admin.admin_site.each_context(request),
            "title": "실시간 업데이트 추가",
            "opts": LiveUpdate._meta,
            "article": article,
            "coverage": coverage,
            "can_run_coverage": can_run_coverage(request.user, article),
            "recent": article.live_updates.select_related("author")[:10],
            "form": form,
            "media": model_admin.media + form.media,
        }
        return TemplateResponse(request, "live/admin/post_update.html", context)

    return view


@require_POST
def coverage_view(request, article_pk):
    """Start, end or resume the story's live coverage."""
    article = get_object_or_404(Article, pk=article_pk)
    if not can_run_coverage(request.user, article):
        raise PermissionDenied("이 기사의 실시간 중계를 바꿀 권한이 없습니다.")
    coverage, created = LiveCoverage.objects.get_or_create(article=article)
    action = request.POST.get("action")
    if action == "end" and coverage.is_live:
        coverage.end()
        messages.success(request, "실시간 중계를 끝냈습니다. 독자 화면에 '중계 종료'가 보입니다.")
    elif action == "resume" and not coverage.is_live:
        coverage.resume()
        messages.success(request, "실시간 중계를 다시 시작했습니다.")
    elif created:
        messages.success(request, "실시간 중계를 시작했습니다.")
    return redirect(post_url(article))
