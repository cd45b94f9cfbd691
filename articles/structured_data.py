"""schema.org data for a story page: NewsArticle and BreadcrumbList, as JSON-LD."""

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone

from .site_urls import absolute_url, logo_url

LOGO_WIDTH, LOGO_HEIGHT = 600, 60


def seoul_isoformat(value) -> str:
    """2025-07-30T15:05:00+09:00: Korea time with its offset, whole seconds (W3C format)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def article_json_ld(article, *, outlet) -> list[dict]:
    """The story's NewsArticle and its breadcrumbs; tags and section must be loaded already."""
    url = absolute_url(article.get_absolute_url())
    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "datePublished": seoul_isoformat(article.published_at),
        "dateModified": seoul_isoformat(article.date_modified),
        "author": [_author(article, outlet)],
        "publisher": publisher(outlet),
        "inLanguage": "ko-KR",
    }
    if article.excerpt:
        news_article["description"] = article.excerpt
    if article.feature_photo_id:
        share = article.feature_photo.share_image
        news_article["image"] = [
            {
                "@type": "ImageObject",
                "url": absolute_url(share.url),
                "width": share.width,
                "height": share.height,
            }
        ]
    if article.section:
        news_article["articleSection"] = article.section.name
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        news_article["keywords"] = keywords
    coverage = live_coverage(article)
    if coverage is not None:
        news_article.update(live_blog_posting(coverage, url))
    return [news_article, breadcrumbs(article)]


def publisher(outlet) -> dict:
    return {
        "@type": "Organization",
        "name": outlet.name,
        "url": absolute_url("/"),
        "logo": {
            "@type": "ImageObject",
            "url": logo_url(),
            "width": LOGO_WIDTH,
            "height": LOGO_HEIGHT,
        },
    }


def _author(article, outlet) -> dict:
    # A wire story's byline is the agency's name: an organisation, not a person.
    if article.source and article.byline == article.source.name:
        return {"@type": "Organization", "name": article.byline}
    if article.byline:
        return {"@type": "Person", "name": article.byline}
    return {"@type": "Organization", "name": outlet.name}


def breadcrumbs(article) -> dict:
    trail = [("홈", absolute_url(reverse("articles:home")))]
    if article.section:
        section_path = reverse("articles:section", kwargs={"slug": article.section.slug})
        trail.append((article.section.name, absolute_url(section_path)))
    trail.append((article.headline, absolute_url(article.get_absolute_url())))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


# Google reads the newest updates; a day-long blog would otherwise weigh hundreds of kilobytes.
LIVE_BLOG_UPDATES = 100


def live_coverage(article):
    """The story's live coverage (app live), or None; the story page selects it with the story
    (reader.stored_pages.story_queryset); read by attribute, so the core imports nothing of live."""
    try:
        return article.live_coverage
    except (ObjectDoesNotExist, AttributeError):
        return None


def live_blog_posting(coverage, url: str) -> dict:
    """What turns a NewsArticle into a LiveBlogPosting: coverage times and the updates."""
    fields = {
        "@type": "LiveBlogPosting",
        "coverageStartTime": seoul_isoformat(coverage.started_at),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": _update_headline(update.text),
                "articleBody": update.text,
                "datePublished": seoul_isoformat(update.created_at),
                "dateModified": seoul_isoformat(max(update.updated_at, update.created_at)),
                "url": f"{url}#{update.anchor}",
                **({"image": [absolute_url(update.image.url)]} if update.image else {}),
            }
            for update in coverage.updates()[:LIVE_BLOG_UPDATES]
        ],
    }
    if coverage.ended_at:
        fields["coverageEndTime"] = seoul_isoformat(coverage.ended_at)
    return fields


def _update_headline(text: str, limit: int = 110) -> str:
    # Google's limit for a headline; the update's own text, cut at a word.
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
