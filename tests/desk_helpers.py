"""Posting the story change form as the admin does, for the desk tests."""

from django.urls import reverse
from django.utils import timezone

INLINE_PREFIXES = (
    "summary_items",
    "attendee_tables",
    "related_entries",
    "highlights",
    "events",
    "live_updates",
    "story_notes",
)


def change_form_data(article, **overrides):
    """The change form's POST data for article as it stands, plus overrides."""
    published = timezone.localtime(article.published_at) if article.published_at else None
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "section": article.section_id or "",
        "categories": [str(c.pk) for c in article.categories.all()] if article.pk else [],
        "tags": ", ".join(article.tags.names()) if article.pk else "",
        "byline": article.byline,
        "deck": article.deck,
        "excerpt": article.excerpt,
        "feature_text": article.feature_text,
        "feature_image_alt": article.feature_image_alt,
        "feature_image_caption": article.feature_image_caption,
        "feature_photo": article.feature_photo_id or "",
        "body": article.body,
        "source": article.source_id or "",
        "related_link_title": article.related_link_title,
        "related_link_url": article.related_link_url,
        "related_link_article": "",
        "status": article.status,
        "published_at_0": published.strftime("%Y-%m-%d") if published else "",
        "published_at_1": published.strftime("%H:%M:%S") if published else "",
        "breaking_priority": article.breaking_priority,
        "seen_version": article.version,
    }
    if article.is_breaking:
        data["is_breaking"] = "on"
    for prefix in INLINE_PREFIXES:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def transition_url(article, transition):
    return reverse("admin:articles_article_transition", args=[article.pk, transition])
