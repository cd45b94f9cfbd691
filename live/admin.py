"""The desk's side of live coverage: inlines on the story page and a one-form posting page."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import path

from articles.templatetags.newsroom import korean_datetime

from . import admin_views
from .models import LiveUpdate, StoryNote
from .permissions import can_post_updates


class AuthorStampingInline(admin.TabularInline):
    """An inline whose new rows are signed by the editor who adds them."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        editor = request.user

        class SignedFormSet(formset):
            def save_new(self, form, commit=True):
                form.instance.author = editor
                return super().save_new(form, commit)

        return SignedFormSet


class LiveUpdateInline(AuthorStampingInline):
    """Editing and reordering the story's updates: change the time shown, or pin as key."""

    model = LiveUpdate
    extra = 0
    fields = ("created_at", "body", "image", "image_alt", "is_key", "author")
    readonly_fields = ("author",)
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 50})}
    }
    verbose_name_plural = "실시간 업데이트 (빠르게 올리려면 위의 '실시간 업데이트 추가')"

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _may_post(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _may_post(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _may_post(request, obj)


class StoryNoteInline(AuthorStampingInline):
    """The corrections log readers see under the story; each line bumps dateModified."""

    model = StoryNote
    extra = 0
    fields = ("kind", "note", "created_kst", "author")
    readonly_fields = ("created_kst", "author")
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }

    @admin.display(description="시각 (KST)")
    def created_kst(self, note):
        return korean_datetime(note.created_at) if note.pk else "저장할 때"


def _may_post(request, article) -> bool:
    return article is None or can_post_updates(request.user, article)


@admin.register(LiveUpdate)
class LiveUpdateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "article", "is_key", "created_kst", "author")
    list_filter = ("is_key",)
    list_select_related = ("article", "author")
    search_fields = ("body", "article__headline")
    raw_id_fields = ("article",)
    readonly_fields = ("author",)

    @admin.display(description="표시 시각 (KST)", ordering="created_at")
    def created_kst(self, update):
        return korean_datetime(update.created_at)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_post_updates(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_post_updates(request.user, obj.article))

    def save_model(self, request, obj, form, change):
        if not can_post_updates(request.user, obj.article):
            raise PermissionDenied("이 기사에 업데이트를 올릴 권한이 없습니다.")
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "story/<int:article_pk>/post/",
                view(admin_views.post_update_view(self)),
                name="live_liveupdate_post",
            ),
            path(
                "story/<int:article_pk>/coverage/",
                view(admin_views.coverage_view),
                name="live_livecoverage_state",
            ),
            *super().get_urls(),
        ]
