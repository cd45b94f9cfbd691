"""The public site's addresses. newsroom.urls joins them with the desk's preview links under the
`articles` namespace: `articles:detail` is a story's public address wherever it is reversed."""

from django.urls import path

import articles.converters  # noqa: F401 (registers <segment:>)
from outlet.views import palette_css

from . import feeds, views

urlpatterns = [
    path("", views.home, name="home"),
    path("palette.css", palette_css, name="palette-css"),
    path("news/<segment:slug>/", views.article_detail, name="detail"),
    path("section/<segment:slug>/", views.section_detail, name="section"),
    path("section/<segment:slug>/feed/rss/", feeds.SectionFeed(), name="section-feed-rss"),
    path("section/<segment:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("tag/<segment:slug>/", views.tag_detail, name="tag"),
    path("search/", views.search, name="search"),
    path("feed/rss/", feeds.LatestStoriesFeed(), name="feed-rss"),
    path("feed/atom/", feeds.LatestStoriesAtomFeed(), name="feed-atom"),
]
