"""Writing an imported StoryDocument to the database: create, update, or leave unchanged.

The story a file describes is compared with the stored one, field by field and part by part,
so a re-import that changes nothing writes nothing, and a dry run can say what would change.
Imported files own the fields they carry; status only moves forward (--publish), never back
to draft, so re-importing a published story does not unpublish it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import (
    Article,
    Attendee,
    AttendeeColumn,
    AttendeeTable,
    Category,
    Source,
    SummaryItem,
    unique_slug,
)
from markup.sanitize import sanitize_html
from photos.library import PhotoStorageError, photo_for_bytes
from photos.models import Photo

from .documents import ImportProblem, StoryDocument
from .palette import Palette
from .related import RelatedPlan, plan_related, published_by_headline
from .site_images import SiteImage, SiteImages

# Story fields copied as they are from the document's state to the Article.
PLAIN_FIELDS = (
    "headline",
    "deck",
    "excerpt",
    "feature_text",
    "feature_image_alt",
    "feature_image_caption",
    "feature_image_reference",
    "body",
    "related_link_title",
    "related_link_url",
    "status",
    "published_at",
)


@dataclass
class ImportSettings:
    site_images: SiteImages = field(default_factory=lambda: SiteImages(None))
    publish: bool = False
    dry_run: bool = False


@dataclass
class StoryChange:
    created: bool
    changes: list[str] = field(default_factory=list)
    article: Article | None = None

    @property
    def changed(self) -> bool:
        return self.created or bool(self.changes)


def _categories_state(article: Article) -> list[str]:
    return sorted(article.categories.values_list("name", flat=True))


def _tables_state(article: Article) -> list:
    """[[(heading, [names])] per table], in two queries: this runs for every file."""
    columns = AttendeeColumn.objects.filter(table__article=article).order_by(
        "table__position", "table_id", "position", "id"
    )
    names: dict[int, list[str]] = {}
    for column_id, name in Attendee.objects.filter(column__table__article=article).values_list(
        "column_id", "name"
    ):  # Attendee's Meta ordering is (position, id)
        names.setdefault(column_id, []).append(name)
    tables: dict[int, list] = {}
    for table_id, column_id, heading in columns.values_list("table_id", "id", "heading"):
        tables.setdefault(table_id, []).append((heading, names.get(column_id, [])))
    return list(tables.values())


def current_state(article: Article) -> dict:
    state = {name: getattr(article, name) for name in PLAIN_FIELDS}
    state.update(
        slug=article.slug,
        section=article.section.name if article.section_id else "",
        categories=_categories_state(article),
        tags=sorted(article.tags.names()),
        source=article.source.name if article.source_id else "",
        related_link_article=article.related_link_article_id,
        summary=list(article.summary_items.values_list("text", flat=True)),
        attendee_tables=_tables_state(article),
        # The library photo's hash is of the bytes it was made from: equal to a site image's
        # digest when it is the same file, with no file read.
        feature_image=article.feature_photo.content_hash if article.feature_photo_id else "",
    )
    return state


def _related_link_article(doc: StoryDocument, exclude_pk) -> int | None:
    """A published story whose headline is exactly the related link's title (or its part after
    the "Outlet - " prefix wire services put in front)."""
    if doc.related_link_url or not doc.related_link_title:
        return None
    candidates = [doc.related_link_title]
    if " - " in doc.related_link_title:
        candidates.append(doc.related_link_title.split(" - ", 1)[1].strip())
    found = published_by_headline(candidates, exclude_pk=exclude_pk)
    story = next((found[title] for title in candidates if title in found), None)
    return story.pk if story else None


def _status(article: Article | None, published_at: datetime | None, publish: bool) -> str:
    if not publish:
        return article.status if article else Article.Status.DRAFT
    if published_at and published_at > timezone.now():
        return Article.Status.SCHEDULED
    return Article.Status.PUBLISHED


def desired_state(
    doc: StoryDocument,
    image: SiteImage | None,
    article: Article | None,
    current: dict,
    palette: Palette,
    publish: bool,
) -> dict:
    current_image = current.get("feature_image", "")
    published_at = doc.published_at or (article.published_at if article else None)
    state = {
        "headline": doc.headline,
        "deck": doc.deck,
        "excerpt": doc.excerpt,
        "feature_text": doc.feature_text,
        "feature_image_alt": doc.image_alt,
        # Sanitized now, exactly as save() will, so that an unchanged file compares equal.
        "feature_image_caption": sanitize_html(doc.image_caption, inline_only=True),
        # An unresolvable image is remembered by its path, unless the story has an image already.
        "feature_image_reference": "" if image or current_image else doc.image_reference,
        # Sanitized for comparison only; a new story's body is left to save() (one pass less).
        "body": sanitize_html(doc.body, allowed_classes=palette.css_classes)
        if article
        else doc.body,
        "related_link_title": doc.related_link_title,
        "related_link_url": doc.related_link_url,
        "status": _status(article, published_at, publish),
        "published_at": published_at,
        "slug": article.slug if article else "",
        "section": doc.section,
        "categories": sorted(set(doc.categories)),
        "tags": sorted(doc.tags),
        "source": doc.source,
        "related_link_article": _related_link_article(doc, article.pk if article else None),
        "summary": doc.summary,
        "attendee_tables": doc.attendee_tables,
        "feature_image": image.digest if image else current_image,
    }
    if doc.slug:
        state["slug"] = unique_slug(Article, doc.slug, exclude_pk=article.pk if article else None)
    return state


def _new_category_names(names) -> list[str]:
    existing = set(Category.objects.filter(name__in=names).values_list("name", flat=True))
    return [name for name in names if name not in existing]


def save_story(doc: StoryDocument, palette: Palette, settings: ImportSettings) -> StoryChange:
    """Create or update the story doc describes; with settings.dry_run, only say what would."""
    image, warning = settings.site_images.resolve(doc.image_reference)
    if warning:
        doc.warnings.append(warning)
    article = (
        Article.objects.select_related("section", "source", "feature_photo")
        .filter(import_key=doc.import_key)
        .first()
    )
    current = current_state(article) if article else {}
    desired = desired_state(doc, image, article, current, palette, settings.publish)
    changes = [name for name, value in desired.items() if article and current[name] != value]
    related = plan_related(article, doc.related_headlines)
    change = StoryChange(created=article is None, changes=changes + related.describe())
    if new_categories := _new_category_names(doc.categories):
        change.changes.append(f"new categories: {', '.join(new_categories)}")
    if settings.dry_run or not change.changed:
        change.article = article
        return change
    change.article = _write(article, doc, desired, changes, image, related)
    return change


def _library_photo(image: SiteImage, doc: StoryDocument) -> Photo:
    """The library's photo for an imported image: the same bytes reuse the same Photo."""
    try:
        photo, _created = photo_for_bytes(image.content, name=image.name, alt_text=doc.image_alt)
    except ValidationError as exc:
        raise ImportProblem(f"image {image.reference} refused: {' '.join(exc.messages)}") from None
    except PhotoStorageError as exc:
        raise ImportProblem(
            f"image {image.reference} could not be stored: {exc.detail}", permanent=False
        ) from None
    return photo


def _write(article, doc, desired, changes, image, related: RelatedPlan) -> Article:
    """Apply the desired state where it differs; the caller holds the per-file transaction."""
    created = article is None
    changed = set(desired) if created else set(changes)
    if created:
        article = Article(import_key=doc.import_key)
    categories = [Category.objects.get_or_create(name=name)[0] for name in doc.categories]
    if changed & (set(desired) - {"categories", "tags", "summary", "attendee_tables"}):
        for name in PLAIN_FIELDS:
            setattr(article, name, desired[name])
        if desired["slug"]:
            article.slug = desired["slug"]
        article.section = next((c for c in categories if c.name == doc.section), None)
        article.source = Source.objects.get_or_create(name=doc.source)[0] if doc.source else None
        article.related_link_article_id = desired["related_link_article"]
        if image and "feature_image" in changed:
            article.feature_photo = _library_photo(image, doc)
        article.save()
    # A new story has no parts to replace: add, without the queries that clear old ones.
    if created:
        article.categories.add(*categories)
        article.tags.add(*doc.tags)
    else:
        if "categories" in changed:
            article.categories.set(categories)
        if "tags" in changed:
            article.tags.set(doc.tags)
    if "summary" in changed:
        if not created:
            article.summary_items.all().delete()
        SummaryItem.objects.bulk_create(
            SummaryItem(article=article, text=text, position=position)
            for position, text in enumerate(doc.summary)
        )
    if "attendee_tables" in changed:
        if not created:
            article.attendee_tables.all().delete()
        for position, columns in enumerate(doc.attendee_tables):
            table = AttendeeTable.objects.create(article=article, position=position)
            table.replace_columns(columns)
    related.apply(article)
    return article
