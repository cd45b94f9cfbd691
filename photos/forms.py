"""Form fields for putting a file into the photo library, from the library or a story form."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from photos.pipeline import ProcessedImage, content_hash, process_image, read_upload

from .library import PhotoStorageError, store_photo
from .models import Photo

UPLOAD_HELP = (
    "JPEG, PNG, GIF, WebP. 저장할 때 위치 정보 등 메타데이터를 지우고 다시 저장합니다. "
    "움직이는 GIF는 첫 장면만 씁니다. 같은 파일을 다시 올리면 라이브러리의 사진을 씁니다."
)


@dataclass
class PhotoUpload:
    """A checked upload: the library's existing Photo for the same bytes, or one to store."""

    name: str
    existing: Photo | None = None
    processed: ProcessedImage | None = None

    @property
    def notes(self) -> list[str]:
        return self.processed.notes if self.processed else []

    def save(self, *, uploaded_by=None, **words) -> Photo:
        """The Photo (stored now if new); PhotoStorageError when the storage fails."""
        if self.existing:
            return self.existing
        return store_photo(self.processed, name=self.name, uploaded_by=uploaded_by, **words)


class PhotoUploadField(forms.FileField):
    """Runs the whole pipeline while validating, so every refusal is an error on this field.

    Its cleaned value is a PhotoUpload; nothing is written to the media storage here, so a
    refused file leaves nothing behind.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", UPLOAD_HELP)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/*"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded:
            return None
        content = read_upload(uploaded)
        name = getattr(uploaded, "name", "") or ""
        existing = Photo.objects.filter(content_hash=content_hash(content)).first()
        if existing:
            return PhotoUpload(name=name, existing=existing)
        return PhotoUpload(name=name, processed=process_image(content))


class PhotoAdminForm(forms.ModelForm):
    """The library's own form: a file on add, the words for readers always."""

    upload = PhotoUploadField(label="사진 파일", required=False)

    class Meta:
        model = Photo
        fields = ("alt_text", "credit", "caption")

    # Set by PhotoAdmin.get_form: who is uploading.
    uploading_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].required = not self.instance.pk
        if self.instance.pk:
            self.fields["upload"].disabled = True
            self.fields["upload"].help_text = "올린 사진은 바꿀 수 없습니다. 새 사진을 올리세요."

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if self.instance.pk or not upload or self.errors:
            return cleaned
        if upload.existing:
            self.add_error(
                "upload",
                forms.ValidationError(
                    "같은 사진이 이미 라이브러리에 있습니다 (사진 번호 %(pk)s). "
                    "그 사진을 기사에서 고르세요.",
                    code="duplicate",
                    params={"pk": upload.existing.pk},
                ),
            )
            return cleaned
        # Stored while validating, so a storage failure is an error on the form, not a 500.
        try:
            self.instance = upload.save(
                uploaded_by=self.uploading_user,
                alt_text=cleaned.get("alt_text", ""),
                credit=cleaned.get("credit", ""),
                caption=cleaned.get("caption", ""),
            )
        except PhotoStorageError as failure:
            self.add_error("upload", failure.as_validation_error())
        return cleaned
