import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Category, Source, SummaryItem
from newsroom.roles import EDITOR
from photos.library import photo_for_bytes
from photos.models import Photo
from related.models import RelatedEntry


def jpeg_bytes(size=(640, 360), colour=(30, 90, 160), **save_kwargs) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG", **save_kwargs)
    return buffer.getvalue()


def jpeg_upload(name="photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def make_photo(alt_text="테스트 사진 설명", **kwargs) -> Photo:
    """A library photo stored through the upload pipeline (renditions included).

    kwargs go to jpeg_bytes (size, colour); each distinct size/colour is a distinct photo.
    """
    credit = kwargs.pop("credit", "")
    photo, _created = photo_for_bytes(
        jpeg_bytes(**kwargs), name="photo.jpg", alt_text=alt_text, credit=credit
    )
    return photo


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"섹션{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("name",)

    name = "AA"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"테스트 기사 제목 {n}")
    section = factory.SubFactory(CategoryFactory)
    excerpt = "테스트 기사의 요약문입니다."
    body = "<p>테스트 기사의 본문입니다. 여러 문장이 들어갑니다.</p>"
    byline = "테스트 기자"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class SummaryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SummaryItem

    article = factory.SubFactory(ArticleFactory)
    text = factory.Sequence(lambda n: f"요약 항목 {n}")
    position = factory.Sequence(int)


class RelatedEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedEntry

    article = factory.SubFactory(ArticleFactory)
    target = factory.SubFactory(ArticleFactory)
    status = RelatedEntry.Status.APPROVED
    origin = RelatedEntry.Origin.MANUAL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")
    is_staff = True


def desk_editor(username="desk") -> object:
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def user_with_role(role: str, username: str | None = None):
    user = UserFactory(username=username or f"{role}-user")
    user.groups.add(Group.objects.get(name=role))
    return user


class SuggestionFactory(RelatedEntryFactory):
    """An automatic related-story suggestion awaiting a moderator."""

    status = RelatedEntry.Status.SUGGESTED
    origin = RelatedEntry.Origin.AUTOMATIC
    score = 0.5
