"""The desk's side of live coverage and the corrections log: pages of their own, linked from the
story screen's sidebar, and a one-form posting page for updates."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import path

from articles.dates import korean_datetime
from articles.workflow import can_edit

from . import admin_views
from .models import LiveUpdate, StoryNote
from .permissions import can_post_updates


class StoryEntryAdmin(admin.ModelAdmin):
    """An entry of a story's running record (a live update, a correction): changed only by
    those the rule allows on that story, checked on every save, and signed by who adds it."""

    refusal = "이 기사를 고칠 권한이 없습니다."

    def may_change(self, user, article) -> bool:
        return can_edit(user, article)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_change(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_change(request.user, obj.article))

    def save_model(self, request, obj, form, change):
        if not self.may_change(request.user, obj.article):
            raise PermissionDenied(self.refusal)
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(StoryNote)
class StoryNoteAdmin(StoryEntryAdmin):
    """The corrections log readers see under the story; each line moves its dateModified.

    Reached from the story screen's sidebar ("정정·수정 기록"), with the story filled in.
    Only those who may edit the story may add to or change its log, checked on every save.
    """

    list_display = ("__str__", "article", "kind", "created_kst", "author")
    list_filter = ("kind",)
    list_select_related = ("article", "author")
    search_fields = ("note", "article__headline")
    autocomplete_fields = ("article",)
    fields = ("article", "kind", "note", "created_at", "author")
    readonly_fields = ("author",)
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}
    }

    @admin.display(description="시각 (KST)", ordering="created_at")
    def created_kst(self, note):
        return korean_datetime(note.created_at)

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        # Back to the story the note belongs to: the desk came from there.
        self.message_user(
            request, f"'{obj.article.headline}' 기사에 {obj} 기록을 남겼습니다.", messages.SUCCESS
        )
        return redirect("admin:articles_article_change", obj.article_id)


@admin.register(LiveUpdate)
class LiveUpdateAdmin(StoryEntryAdmin):
    list_display = ("__str__", "article", "is_key", "created_kst", "author")
    list_filter = ("is_key",)
    list_select_related = ("article", "author")
    search_fields = ("body", "article__headline")
    autocomplete_fields = ("article",)
    readonly_fields = ("author",)

    @admin.display(description="표시 시각 (KST)", ordering="created_at")
    def created_kst(self, update):
        return korean_datetime(update.created_at)

    refusal = "이 기사에 업데이트를 올릴 권한이 없습니다."

    def may_change(self, user, article) -> bool:
        return can_post_updates(user, article)

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
