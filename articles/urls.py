from django.urls import path

from . import feeds, preview, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("palette.css", views.palette_css, name="palette-css"),
    path("news/<str:slug>/", views.article_detail, name="detail"),
    path("preview/<str:token>/", preview.preview_by_link, name="preview"),
    path("section/<str:slug>/", views.section_detail, name="section"),
    path("section/<str:slug>/feed/rss/", feeds.SectionFeed(), name="section-feed-rss"),
    path("section/<str:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("tag/<str:slug>/", views.tag_detail, name="tag"),
    path("search/", views.search, name="search"),
    path("feed/rss/", feeds.LatestStoriesFeed(), name="feed-rss"),
    path("feed/atom/", feeds.LatestStoriesAtomFeed(), name="feed-atom"),
]
