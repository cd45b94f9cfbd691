from django.urls import path

from . import converters, feeds, preview, views  # noqa: F401 (converters registers <segment:>)

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("palette.css", views.palette_css, name="palette-css"),
    path("news/<segment:slug>/", views.article_detail, name="detail"),
    path("preview/<segment:token>/", preview.preview_by_link, name="preview"),
    path("section/<segment:slug>/", views.section_detail, name="section"),
    path("section/<segment:slug>/feed/rss/", feeds.SectionFeed(), name="section-feed-rss"),
    path("section/<segment:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("tag/<segment:slug>/", views.tag_detail, name="tag"),
    path("search/", views.search, name="search"),
    path("feed/rss/", feeds.LatestStoriesFeed(), name="feed-rss"),
    path("feed/atom/", feeds.LatestStoriesAtomFeed(), name="feed-atom"),
]
