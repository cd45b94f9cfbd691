from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from .models import Article


class SiteURLSitemap(Sitemap):
    """Absolute URLs from settings.SITE_URL, so they are right behind any proxy."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteURLSitemap):
    changefreq = "hourly"
    limit = 5000

    def items(self):
        return (
            Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at


sitemaps = {"articles": ArticleSitemap}
