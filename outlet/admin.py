from django.contrib import admin, messages
from django.utils.html import format_html

from .models import HighlightStyle, OutletSettings


@admin.register(HighlightStyle)
class HighlightStyleAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "text_color", "background_color", "bold", "contrast", "position")
    list_editable = ("position",)
    readonly_fields = ("contrast",)

    @admin.display(description="명암비 (WCAG AA 4.5:1 이상)")
    def contrast(self, style):
        """The ratio against what the reader sees behind the text, and whether it passes AA."""
        ratio = style.contrast_ratio
        if ratio is None or not (style.text_color or style.background_color):
            return "-"  # a new style has no colours to measure yet
        # Floored, not rounded: 4.496 must not read as a passing "4.50".
        shown = f"{int(ratio * 100) / 100:.2f}:1"
        if style.passes_aa:
            return format_html('<span class="contrast-pass">{} 통과</span>', shown)
        return format_html(
            '<strong class="contrast-fail" style="color: #b00020">⚠ {} 기준 미달</strong>', shown
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.contrast_ratio is not None and not obj.passes_aa:
            ratio = int(obj.contrast_ratio * 100) / 100
            self.message_user(
                request,
                f"'{obj.name}' 스타일의 명암비가 {ratio:.2f}:1로 WCAG AA 기준(4.5:1)에 "
                "못 미칩니다. 글자가 읽히도록 글자색을 더 진하게 하거나 배경색을 더 옅게 "
                "바꿔 주세요.",
                messages.WARNING,
            )


@admin.register(OutletSettings)
class OutletSettingsAdmin(admin.ModelAdmin):
    list_display = ("name", "home_url", "footer_text")

    def has_add_permission(self, request):
        return not OutletSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
