from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import sitemaps

admin.site.site_header = "뉴스룸 편집국"
admin.site.site_title = "뉴스룸"
admin.site.index_title = "기사 관리"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    # In production the web server or a CDN serves MEDIA_ROOT (see README, "Deploy").
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
