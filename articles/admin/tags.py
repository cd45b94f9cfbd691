"""taggit's tag admin, with the permission check its merge view lacks.

taggit's "merge tags" action and its merge-tags/ page check no permission: anyone who may
view tags (a reporter) could merge them, re-tagging every story that carries them, published
ones included. Here merging needs the permissions to change and delete tags (the desk's).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from taggit.admin import TagAdmin
from taggit.models import Tag

from markup.plain_text import clean_text


class TagForm(forms.ModelForm):
    """A tag's name and address as they will be stored (invisible characters removed), so the
    uniqueness check sees what the database will: a duplicate is an error on the field."""

    class Meta:
        model = Tag
        fields = ("name", "slug")

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        if not name:
            raise ValidationError("태그 이름에 보이는 글자가 없습니다.")
        return name

    def clean_slug(self):
        return clean_text(self.cleaned_data["slug"])


class CheckedTagAdmin(TagAdmin):
    form = TagForm

    def may_merge(self, request) -> bool:
        return self.has_change_permission(request) and self.has_delete_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.may_merge(request):
            actions.pop("render_tag_form", None)
        return actions

    def merge_tags_view(self, request):
        if not self.may_merge(request):
            raise PermissionDenied
        return super().merge_tags_view(request)


admin.site.unregister(Tag)
admin.site.register(Tag, CheckedTagAdmin)
