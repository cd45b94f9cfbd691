"""The desk's own admin pages and buttons: workflow transitions, preview, editing marker, flash.

Every view checks permissions on the server; the buttons the change page shows are only a
convenience.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from .. import editing, preview, workflow
from ..forms import FlashForm
from ..models import Article, ArticleEvent

Action = ArticleEvent.Action


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def log_form_save(request, article, previous) -> None:
    """Log what a save from the change form did: created, edited, restored, state changes."""
    match = request.resolver_match
    if previous is None:
        workflow.log(article, Action.CREATED, request.user)
    elif match and match.url_name and match.url_name.endswith("_revision"):
        workflow.log(article, Action.RESTORED, request.user)
    else:
        workflow.log(article, Action.EDITED, request.user)
    old_status = previous["status"] if previous else Article.Status.DRAFT
    if article.status != old_status:
        status_actions = {
            Article.Status.REVIEW: Action.SUBMITTED,
            Article.Status.PUBLISHED: Action.PUBLISHED,
            Article.Status.SCHEDULED: Action.SCHEDULED,
            Article.Status.UNPUBLISHED: Action.UNPUBLISHED,
        }
        if article.status in status_actions:
            workflow.log(article, status_actions[article.status], request.user)
    was_breaking = bool(previous and previous["is_breaking"])
    if article.is_breaking != was_breaking:
        workflow.log(
            article,
            Action.BREAKING_ON if article.is_breaking else Action.BREAKING_OFF,
            request.user,
        )


def change_page_context(request, article, marker) -> dict:
    user = request.user
    links = [
        {"link": link, "url": preview.link_url(link)}
        for link in article.preview_links.filter(revoked_at__isnull=True)
        if link.is_active
    ]
    return {
        "editing_marker": marker,
        "editing_by_other": bool(marker and marker.user_id != user.pk),
        "can_take_over": user.has_perm("articles.take_over_editing"),
        "transitions": transition_buttons(user, article),
        "recent_events": article.events.select_related("user").order_by("-at", "-id")[:10],
        "story_highlights": list(article.highlights.select_related("style")),
        "preview_links": links,
        "current_version": article.version,
    }


def transition_buttons(user, article) -> list[dict]:
    """The workflow buttons the story screen shows: only those that would do something now."""
    return [
        {"name": name, "label": workflow.LABELS[name][0]}
        for name in workflow.available(user, article)
    ]


def run_bulk(request, queryset, transition_name) -> tuple[int, list[str]]:
    """Apply a transition to each selected story at the version the list showed."""
    done, refused = 0, []
    for article in queryset:
        try:
            seen = workflow.posted_version(request.POST.get(f"seen_version_{article.pk}"))
            workflow.run(transition_name, article, request.user, seen)
            done += 1
        except workflow.StaleVersion as conflict:
            refused.append(f"「{article.headline}」: {conflict}")
        except (PermissionDenied, ValidationError) as problem:
            refused.append(f"「{article.headline}」: {' '.join(_messages(problem))}")
    return done, refused


def _messages(problem) -> list[str]:
    if isinstance(problem, ValidationError):
        return problem.messages
    return [str(problem)]


def transition_view(model_admin):
    @require_POST
    def view(request, pk, transition):
        if transition not in workflow.LABELS:
            raise Http404("알 수 없는 동작입니다.")
        article = get_object_or_404(Article, pk=pk)
        try:
            seen = workflow.posted_version(request.POST.get("version"))
            workflow.run(transition, article, request.user, seen)
        except workflow.StaleVersion as conflict:
            messages.error(request, str(conflict))
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
        else:
            messages.success(request, workflow.LABELS[transition][1].format(article.headline))
        return HttpResponseRedirect(change_url(article))

    return view


def preview_view(model_admin):
    def view(request, pk):
        article = get_object_or_404(Article, pk=pk)
        if not model_admin.has_view_permission(request, article):
            raise PermissionDenied
        return preview.render_preview(request, article)

    return view


def preview_link_view(model_admin):
    @require_POST
    def view(request, pk):
        article = get_object_or_404(Article, pk=pk)
        if not request.user.has_perm("articles.add_previewlink"):
            raise PermissionDenied
        revoke = request.POST.get("revoke")
        if revoke:
            if not request.user.has_perm("articles.change_previewlink"):
                raise PermissionDenied
            if not (revoke.isascii() and revoke.isdigit()):
                raise Http404("취소할 미리보기 링크가 없습니다.")
            link = get_object_or_404(article.preview_links, pk=revoke)
            link.revoked_at = link.revoked_at or timezone.now()
            link.save(update_fields=["revoked_at"])
            messages.success(request, "미리보기 링크를 취소했습니다.")
        else:
            link = preview.create_link(article, request.user)
            messages.success(request, f"미리보기 링크를 만들었습니다: {preview.link_url(link)}")
        return HttpResponseRedirect(change_url(article))

    return view


def editing_view(model_admin):
    """POST heartbeat=1 keeps the marker alive; POST take_over=1 takes it, logged."""

    @require_POST
    def view(request, pk):
        article = get_object_or_404(Article, pk=pk)
        if not model_admin.has_change_permission(request, article):
            raise PermissionDenied
        if request.POST.get("take_over"):
            if not request.user.has_perm("articles.take_over_editing"):
                raise PermissionDenied
            previous = editing.take_over(article.pk, request.user)
            note = f"{previous.username}님에게서" if previous else ""
            workflow.log(article, Action.TAKEOVER, request.user, note)
            messages.success(request, "편집을 넘겨받았습니다.")
            return HttpResponseRedirect(change_url(article))
        marker = editing.hold(article.pk, request.user)
        return JsonResponse({"holder": marker.username, "mine": marker.user_id == request.user.pk})

    return view


class FlashView(FormView):
    """The duty editor's one-step 속보 flash."""

    form_class = FlashForm
    template_name = "admin/articles/article/flash.html"
    model_admin = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("articles.send_flash"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **self.model_admin.admin_site.each_context(self.request),
            "opts": Article._meta,
            "title": "속보 플래시",
        }

    def form_valid(self, form):
        article = workflow.send_flash(self.request.user, **form.cleaned_data)
        messages.success(
            self.request, f"속보를 게시했습니다: {article.headline}. 본문은 이어서 채우세요."
        )
        return redirect(change_url(article))
