from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category

NEWS_SITEMAP_WINDOW = timedelta(days=2)
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most 1,000 URLs from one news sitemap


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
            Article.objects.published()
            .only("slug", "published_at", "modified_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.date_modified


class SectionSitemap(SiteURLSitemap):
    changefreq = "always"

    def items(self):
        # The sections whose pages list a story: filed there or cross-listed (in_section).
        published = Article.objects.published()
        return Category.objects.filter(
            Q(pk__in=published.values("section")) | Q(pk__in=published.values("categories"))
        ).order_by("position", "name")

    def location(self, section):
        return reverse("articles:section", kwargs={"slug": section.slug})


class GoogleNewsSitemap(ArticleSitemap):
    """Stories of the last two days, for Google News; rendered by sitemaps/news.xml."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        since = timezone.now() - NEWS_SITEMAP_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only("slug", "headline", "published_at", "modified_at")
            .order_by("-published_at", "-id")[:NEWS_SITEMAP_LIMIT]
        )


sitemaps = {"articles": ArticleSitemap, "sections": SectionSitemap}
news_sitemaps = {"news": GoogleNewsSitemap}
