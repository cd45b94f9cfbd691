"""The photo library in the admin: browse, search and upload; stories pick from it."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html

from .forms import PhotoAdminForm
from .models import Photo, Rendition


def thumbnail(photo, width=120):
    """The smallest stored rendition (the original while none exists), at most `width` wide."""
    renditions = photo.renditions_in(photo.fallback_format)
    image = renditions[0] if renditions else photo
    if not image.file:
        return "-"
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}">',
        image.url,
        width,
        max(1, round(width * photo.height / photo.width)),
    )


class RenditionInline(admin.TabularInline):
    model = Rendition
    extra = 0
    can_delete = False
    fields = ("format", "width", "height", "bytes", "file")
    readonly_fields = fields
    verbose_name_plural = "크기별 사본 (올릴 때 만들고 다시 만들지 않습니다)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = (
        "thumbnail_column",
        "alt_text",
        "credit",
        "size_column",
        "stories_column",
        "uploaded_by",
        "created_at",
    )
    list_display_links = ("thumbnail_column", "alt_text")
    list_select_related = ("uploaded_by",)
    search_fields = ("alt_text", "caption", "credit", "original_name")
    list_filter = ("format", "created_at")
    date_hierarchy = "created_at"
    # What the pipeline recorded about the stored file: shown, never edited.
    file_fields = (
        "size_column",
        "format",
        "original_name",
        "processing_note",
        "content_hash",
        "uploaded_by",
        "created_at",
    )
    readonly_fields = ("preview", *file_fields)
    inlines = (RenditionInline,)

    def get_fieldsets(self, request, obj=None):
        words = ("alt_text", "credit", "caption")
        if obj is None:
            return ((None, {"fields": ("upload", *words)}),)
        return (
            (None, {"fields": ("preview", *words)}),
            (
                "파일",
                {"fields": self.file_fields},
            ),
        )

    def get_inlines(self, request, obj):
        return self.inlines if obj else ()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("renditions")
            .annotate(story_count=Count("feature_of"))
            .order_by(*Photo._meta.ordering)  # a GROUP BY query drops Meta.ordering
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.uploading_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.processing_note:
            self.message_user(request, obj.processing_note, messages.WARNING)

    @admin.display(description="사진")
    def thumbnail_column(self, photo):
        return thumbnail(photo)

    @admin.display(description="미리 보기")
    def preview(self, photo):
        return thumbnail(photo, width=480)

    @admin.display(description="크기")
    def size_column(self, photo):
        return f"{photo.width}×{photo.height}"

    @admin.display(description="쓰는 기사", ordering="story_count")
    def stories_column(self, photo):
        return getattr(photo, "story_count", "-")
