"""Admin forms for the parts of a story that are not plain model fields."""

import copy

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse_lazy
from django_prose_editor.widgets import AdminProseEditorWidget

from markup.sanitize import MAX_HTML_CHARS, MAX_NESTING_DEPTH
from outlet.models import HighlightStyle
from photos.forms import PhotoUploadField
from photos.library import PhotoStorageError

from . import workflow
from .models import Article, AttendeeTable, Category, SummaryItem
from .workflow import StaleVersion, lock_current

# How many of each repeated part one story form carries: each row is several form fields, and
# the form must stay under Django's DATA_UPLOAD_MAX_NUMBER_FIELDS whatever the story holds.
SUMMARY_ITEMS_LIMIT = 30
ATTENDEE_TABLES_LIMIT = 10


class SummaryItemForm(forms.ModelForm):
    """One bullet of the summary list: a line, typed in a one-line input."""

    class Meta:
        model = SummaryItem
        fields = ("text", "position")
        widgets = {"text": forms.TextInput(attrs={"class": "vLargeTextField summary-line"})}


GRID_HELP = (
    "첫 줄은 열 제목(측), 다음 줄부터는 이름입니다. 칸은 | 로 나눕니다. 빈 칸은 건너뜁니다. "
    "예) 미국 측 참석자 | 일본 측 참석자 ⏎ 국무장관 | 외무상"
)


def parse_attendee_grid(text: str) -> list[tuple[str, list[str]]]:
    """'A | B\\nname | name' -> [("A", [names]), ("B", [names])]; raises ValidationError."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise ValidationError("참석자 표에 열 제목 줄이 없습니다.")
    headings = [cell.strip() for cell in lines[0].split("|")]
    if len(headings) < 2 or not all(headings):
        raise ValidationError("첫 줄에 | 로 나눈 열 제목이 두 개 이상 있어야 합니다.")
    columns: list[tuple[str, list[str]]] = [(heading, []) for heading in headings]
    for number, line in enumerate(lines[1:], start=2):
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > len(headings):
            raise ValidationError(
                "%(number)s번째 줄의 칸이 %(cells)s개로, 열 제목(%(columns)s개)보다 많습니다.",
                params={"number": number, "cells": len(cells), "columns": len(headings)},
            )
        for index, cell in enumerate(cells):
            if cell:
                columns[index][1].append(cell)
    return columns


def format_attendee_grid(table: AttendeeTable) -> str:
    columns = list(table.columns.all())
    if not columns:
        return ""
    lines = [" | ".join(column.heading for column in columns)]
    for row in table.rows():
        lines.append(" | ".join(attendee.name if attendee else "" for attendee in row))
    return "\n".join(lines)


class AttendeeTableForm(forms.ModelForm):
    grid = forms.CharField(
        label="열과 이름",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text=GRID_HELP,
    )

    class Meta:
        model = AttendeeTable
        fields = ("title", "grid", "position")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["grid"].initial = format_attendee_grid(self.instance)

    def clean_grid(self):
        self.parsed_columns = parse_attendee_grid(self.cleaned_data["grid"])
        return self.cleaned_data["grid"]

    def save(self, commit=True):
        table = super().save(commit=commit)
        columns = self.parsed_columns
        if commit:
            table.replace_columns(columns)
        else:
            save_m2m = self.save_m2m

            def save_m2m_and_columns():
                save_m2m()
                table.replace_columns(columns)

            self.save_m2m = save_m2m_and_columns
        return table


def body_editor_config() -> dict:
    """django-prose-editor extensions: the story's structure and one button per palette style."""
    palette = [
        {"className": style.css_class, "title": style.name}
        for style in HighlightStyle.objects.all()
    ]
    return {
        "extensions": {
            "Heading": {"levels": [2, 3]},
            "Bold": True,
            "Italic": True,
            "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
            "BulletList": True,
            "OrderedList": True,
            "ListItem": True,
            "Blockquote": True,
            "HorizontalRule": True,
            "HardBreak": True,
            "TextClass": {"cssClasses": palette},
            "Menu": {
                "groups": [
                    {"group": "blockType -lists", "type": "dropdown", "minItems": 2},
                    {"group": "lists"},
                    {"group": "nodes -blockType -lists"},
                    {"group": "marks"},
                    {"group": "link"},
                    {"group": "textClass"},  # buttons, not a dropdown: one click per style
                    {"group": "history"},
                ]
            },
        }
    }


KST_HELP = "한국 시간(KST, UTC+09:00) 기준입니다."
SAVE_CONTROLS = ("seen_version", "minor_edit", "feature_photo_upload", "feature_photo_credit")


class ArticleAdminForm(forms.ModelForm):
    """The story form: rich body editor, Korea-time hints and the no-lost-update check."""

    # Read by clean() through workflow.posted_version: missing or malformed is refused there.
    seen_version = forms.CharField(label="확인한 버전", widget=forms.HiddenInput, required=False)
    # A typo fix or a tag change: the story keeps its dateModified and no pings go out.
    minor_edit = forms.BooleanField(
        label="사소한 수정 (수정 시각 유지)",
        required=False,
        help_text="오타 수정처럼 독자에게 알릴 필요가 없는 수정입니다. 수정 시각과 알림이 "
        "그대로입니다. 내용을 바로잡았다면 아래 '정정·수정 기록'에 남기세요.",
    )
    feature_photo_upload = PhotoUploadField(label="새 사진 올리기", required=False)
    feature_photo_credit = forms.CharField(
        label="새 사진의 출처",
        max_length=200,
        required=False,
        help_text="새로 올리는 사진에만 씁니다. 라이브러리 사진의 출처는 라이브러리에서 고칩니다.",
    )
    # Set by ArticleAdmin while a revision is being restored: the row's count before the restore.
    version_before_revert = None
    # Set by ArticleAdmin.get_form: who is uploading a new photo.
    uploading_user = None

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - ArticleAdmin.fieldsets choose and order the fields

    # Set by ArticleAdmin.get_form: the workflow button pressed with this save, if any.
    workflow_transition = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tags" in self.fields:
            self.fields["tags"].help_text = "쉼표로 나눠 여러 개를 넣습니다. 예) 외교, 정상회담"
        compact = {"deck": 2, "excerpt": 3, "feature_text": 3, "feature_image_caption": 2}
        for name, rows in compact.items():
            if name in self.fields:
                self.fields[name].widget.attrs.update(rows=rows)
        if "headline" in self.fields:
            self.fields["headline"].widget.attrs.update(
                {"class": "vLargeTextField story-headline", "data-counter": "on"}
            )
        if "body" in self.fields:
            self.fields["body"].help_text = (
                f"최대 {MAX_HTML_CHARS:,}자(HTML 포함), 태그는 {MAX_NESTING_DEPTH}단계까지 겹칠 수 "
                "있습니다. 강조할 문장을 고른 뒤 위의 색 버튼을 누르세요."
            )
            self.fields["body"].widget = AdminProseEditorWidget(
                config=body_editor_config(), preset="configurable"
            )
        for name in ("published_at", "breaking_until"):
            if name in self.fields:
                self.fields[name].help_text = " ".join(
                    filter(None, [str(self.fields[name].help_text), KST_HELP])
                )
        if self.instance.pk and not self.is_bound:
            # The version this editor is looking at: checked again when they save.
            self.fields["seen_version"].initial = self.version_before_revert or (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    @property
    def media(self):
        return super().media + forms.Media(css={"all": [reverse_lazy("articles:palette-css")]})

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                seen = workflow.posted_version(cleaned.get("seen_version"))
                lock_current(self.instance.pk, seen, self.version_before_revert)
            except StaleVersion as conflict:
                raise ValidationError(str(conflict), code="stale_version") from None
        upload = cleaned.get("feature_photo_upload")
        if upload and not self.errors:
            self._store_upload(cleaned, upload)
        return cleaned

    @property
    def changed_data(self):
        # The version seen and the minor-edit box describe the save, not the story: the
        # history's "what changed" line leaves them out.
        return [name for name in super().changed_data if name not in SAVE_CONTROLS]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if "_saveasnew" in self.data and self.instance.pk is None:
            # A copy gets a fresh address from its headline; the original keeps its own.
            taken = Article.objects.filter(slug=slug).exists()
            return "" if taken else slug
        return slug

    def _post_clean(self):
        super()._post_clean()
        # The workflow's rules for the story as typed (alt text, a schedule still to come):
        # the same rules the workflow buttons and bulk actions run.
        for field, problem in workflow.state_problems(self.instance).items():
            self.add_error(field if field in self.fields else None, problem)
        if self.workflow_transition and not self.errors:
            self._check_transition()

    def _check_transition(self):
        """The workflow's own rules for the pressed button, on the story as typed."""
        candidate = copy.copy(self.instance)
        # The transition starts from the stored state, whatever the status menu now says.
        stored = (
            Article.objects.filter(pk=self.instance.pk).values("status", "is_breaking").first()
            if self.instance.pk
            else None
        ) or {"status": Article.Status.DRAFT, "is_breaking": False}
        candidate.status, candidate.is_breaking = stored["status"], stored["is_breaking"]
        if candidate.created_by_id is None and self.uploading_user is not None:
            candidate.created_by_id = self.uploading_user.pk
        try:
            workflow.check(
                self.workflow_transition,
                self.uploading_user,
                candidate,
                at=candidate.published_at,
            )
        except (PermissionDenied, ValidationError) as refusal:
            messages = refusal.messages if isinstance(refusal, ValidationError) else [str(refusal)]
            label = workflow.LABELS[self.workflow_transition][0]
            self.add_error(None, [f"'{label}' 하지 못했습니다: {m}" for m in messages])

    photo_notes: list[str] = []

    def _store_upload(self, cleaned, upload):
        """Put the new file into the library and make it the story's photo.

        Done while validating, so a storage failure is an error on the field (the typed story
        stays in the form) rather than a 500 halfway through saving. The stored photo becomes
        the field's value, so the page shows it even if another part of the form is refused.
        """
        alt = (cleaned.get("feature_image_alt") or "").strip()
        user = self.uploading_user
        if upload.processed and not (user and user.has_perm("photos.add_photo")):
            self.add_error(
                "feature_photo_upload",
                "사진 라이브러리에 새 사진을 올릴 권한이 없습니다. 라이브러리의 사진을 고르세요.",
            )
            return
        try:
            photo = upload.save(
                uploaded_by=self.uploading_user,
                alt_text=alt,
                credit=cleaned.get("feature_photo_credit") or "",
            )
        except PhotoStorageError as failure:
            self.add_error("feature_photo_upload", failure.as_validation_error())
            return
        if alt and not photo.alt_text:
            photo.alt_text = alt
            photo.save(update_fields=["alt_text"])
        if alt == photo.alt_text:
            cleaned["feature_image_alt"] = ""  # the library's text, not a per-story override
        cleaned["feature_photo"] = photo
        self.photo_notes = upload.notes
        self.data = self.data.copy()
        self.data[self.add_prefix("feature_photo")] = str(photo.pk)


class FlashForm(forms.Form):
    headline = forms.CharField(label="제목", max_length=300)
    line = forms.CharField(label="한 줄 요약", max_length=300, required=False)
    section = forms.ModelChoiceField(label="섹션", queryset=Category.objects.all(), required=False)
