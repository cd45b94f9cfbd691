"""RSS 2.0 and Atom feeds of published stories, site-wide and per section."""

from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape

from articles.models import Article, Category
from articles.site_urls import absolute_url
from delivery.page_cache import LIST, cached_page
from distribution.feeds import HubAtom1Feed, HubRss201rev2Feed
from outlet.models import OutletSettings

FEED_SIZE = 30


def _as_html(text):
    return None if text is None else escape(text)


class PlainTextRssFeed(HubRss201rev2Feed):
    """RSS with its plain text HTML-escaped: readers take every title and description as HTML.

    Ours are plain text (headline, excerpt or deck, outlet and section names), so "<b>" must
    reach a reader as the three characters typed, not as markup.
    """

    def __init__(self, title, link, description, **kwargs):
        super().__init__(_as_html(title), link, _as_html(description), **kwargs)

    def add_item(self, title, link, description, **kwargs):
        super().add_item(_as_html(title), link, _as_html(description), **kwargs)


class PlainTextAtomFeed(HubAtom1Feed):
    """Atom titles and subtitles are type="text" already; Django writes <summary type="html">."""

    def add_item(self, title, link, description, **kwargs):
        super().add_item(title, link, _as_html(description), **kwargs)


class LatestStoriesFeed(Feed):
    feed_type = PlainTextRssFeed  # names the WebSub hubs, if any
    feed_name = "articles:feed-rss"
    language = "ko"

    @method_decorator(cached_page(LIST))
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    def title(self, section=None):
        name = OutletSettings.current().name
        return f"{name} - {section.name}" if section else name

    def description(self, section=None):
        if section and section.description:
            return section.description
        return f"{self.title(section)} 최신 기사"

    subtitle = description

    def link(self, section=None):
        if section:
            return absolute_url(reverse("articles:section", kwargs={"slug": section.slug}))
        return absolute_url(reverse("articles:home"))

    def feed_url(self, section=None):
        kwargs = {"slug": section.slug} if section else {}
        return absolute_url(reverse(self.feed_name, kwargs=kwargs))

    def items(self, section=None):
        stories = Article.objects.published().select_related("section").with_feature_photo()
        if section:
            stories = stories.in_section(section)
        return stories.order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.excerpt or article.feature_text or article.deck

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_guid(self, article):
        """A tag URI from the story's id and creation date: edits (even of the slug) keep it."""
        host = urlsplit(absolute_url("/")).hostname
        created = timezone.localtime(article.created_at).date().isoformat()
        return f"tag:{host},{created}:article:{article.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, article):
        return article.byline or None

    # Dates in Korea time, like everything dated on the site.
    def item_pubdate(self, article):
        return timezone.localtime(article.published_at)

    def item_updateddate(self, article):
        return timezone.localtime(article.date_modified)

    def item_categories(self, article):
        return [article.section.name] if article.section else []

    def item_enclosures(self, article):
        """The ~1200px JPEG rendition, its length stored with it (no file is opened)."""
        if not article.feature_photo_id:
            return []
        share = article.feature_photo.share_image
        return [Enclosure(absolute_url(share.url), str(share.bytes), share.mime_type)]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = PlainTextAtomFeed
    feed_name = "articles:feed-atom"


class SectionFeed(LatestStoriesFeed):
    feed_name = "articles:section-feed-rss"

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)


class SectionAtomFeed(SectionFeed):
    feed_type = PlainTextAtomFeed
    feed_name = "articles:section-feed-atom"
