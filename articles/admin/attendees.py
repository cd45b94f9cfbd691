"""Attendee tables edited name by name: each side's names inline, reordered by dragging.

The story form keeps the fast grid textarea ("A | B" per line); these pages fix one name or
the order without retyping the grid. They are reached from the story page (the attendee
table's "변경" link), not the admin index. Who may edit follows the story: can_edit(user,
article), checked here on the server. A save counts as an edit of the story: its version goes
up (a story form opened before is refused, not allowed to overwrite the names with its stale
grid) and readers' caches hear of it through follow_story_change.
"""

from operator import attrgetter

from django.contrib import admin, messages
from django.db.models import F
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from ..changes import follow_story_change
from ..models import Article, Attendee, AttendeeColumn, AttendeeTable
from ..workflow import can_edit

REORDER_JS = ("js/admin-reorder.js",)


class AttendeeColumnInline(admin.TabularInline):
    model = AttendeeColumn
    fields = ("heading", "position")
    extra = 0
    show_change_link = True  # to that side's names
    classes = ("js-reorderable",)
    verbose_name_plural = "열 (측) — 끌어서 순서를 바꿉니다. 이름은 '변경'에서 고칩니다."


class AttendeeInline(admin.TabularInline):
    model = Attendee
    fields = ("name", "position")
    extra = 2
    classes = ("js-reorderable",)
    verbose_name_plural = "이름 — 끌어서 순서를 바꿉니다"


class StoryPartAdmin(admin.ModelAdmin):
    """Shared rules: editable by whoever may edit the story; not listed in the admin index."""

    # Where the story is, seen from the edited object ("table.article" for a column).
    article_path = "article"

    class Media:
        js = REORDER_JS
        css = {"all": ("css/admin-reorder.css",)}

    def article_of(self, obj) -> Article:
        return attrgetter(self.article_path)(obj)

    def has_module_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, self.article_of(obj)))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, self.article_of(obj)))

    def has_add_permission(self, request):
        return False  # tables and columns are added on the story form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = self.article_of(form.instance)
        Article.objects.filter(pk=article.pk).update(
            version=F("version") + 1, modified_at=timezone.now(), updated_by=request.user
        )
        follow_story_change(article, was_public=article.is_public)

    def response_change(self, request, obj):
        if "_continue" in request.POST or "_saveasnew" in request.POST:
            return super().response_change(request, obj)
        # Back to the story: these pages are a detour from it, not a list of their own.
        article = self.article_of(obj)
        self.message_user(
            request, f"'{article.headline}' 기사의 참석자 표를 고쳤습니다.", messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    @admin.display(description="기사")
    def story_link(self, obj):
        article = self.article_of(obj)
        url = reverse("admin:articles_article_change", args=[article.pk])
        return format_html('<a href="{}">{}</a>', url, article.headline)


@admin.register(AttendeeTable)
class AttendeeTableAdmin(StoryPartAdmin):
    fields = ("story_link", "title")
    readonly_fields = ("story_link",)
    inlines = (AttendeeColumnInline,)


@admin.register(AttendeeColumn)
class AttendeeColumnAdmin(StoryPartAdmin):
    fields = ("story_link", "table_link", "heading")
    readonly_fields = ("story_link", "table_link")
    inlines = (AttendeeInline,)
    article_path = "table.article"

    @admin.display(description="표")
    def table_link(self, column):
        url = reverse("admin:articles_attendeetable_change", args=[column.table_id])
        return format_html('<a href="{}">{}</a>', url, column.table)
