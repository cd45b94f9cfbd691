from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path

import articles.urls
import reader.urls
from delivery.page_cache import LIST, cached_page
from reader.sitemaps import news_sitemaps, sitemaps
from reader.views import robots_txt

# Sitemaps are read by crawlers in bursts; they are lists like any other (delivery.page_cache).
# Django's sitemap view reads ?p= (the page of a sitemap over 50,000 addresses).
cached_sitemap = cached_page(LIST, params=("p",))(sitemap)

admin.site.site_header = "뉴스룸 편집국"
admin.site.site_title = "뉴스룸"
admin.site.index_title = "기사 관리"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", robots_txt, name="robots-txt"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", lambda request: redirect(static_url("img/favicon.svg"), permanent=True)),
    path("sitemap.xml", cached_sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-news.xml",
        cached_sitemap,
        {"sitemaps": news_sitemaps, "template_name": "sitemaps/news.xml"},
        name="sitemap-news",
    ),
    path("", include("live.urls")),
    path("", include("distribution.urls")),  # /<IndexNow key>.txt
    # One namespace for a story's addresses, public (reader) and by preview link (articles).
    path("", include((reader.urls.urlpatterns + articles.urls.urlpatterns, "articles"))),
]

# The 404 page is Django's, from templates/404.html; the 500 page must not need the database.
# A database outage is a 503 (newsroom.outage), every other error the 500 page above.
handler500 = "newsroom.outage.server_error"
handler400 = "newsroom.bad_requests.bad_request"

if settings.NEWSROOM_BENCH_FLOOR:
    # The framework's floor for bench/site_bench.py; never on in production.
    urlpatterns += [path("bench/", include("delivery.bench_urls"))]

if settings.DEBUG and not settings.NEWSROOM_S3_BUCKET:
    # In production the web server or a CDN serves MEDIA_ROOT (see README, "Deploy"); media on
    # S3 are served by the store, at the absolute URLs its storage gives.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
