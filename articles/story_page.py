"""The story page as readers see it, rendered for the public site and for the desk's previews."""

from django.shortcuts import render

from outlet.models import OutletSettings

from .structured_data import article_json_ld


def render_story(request, article, **extra_context):
    """The story page of an article loaded with_story_parts() (and, on the public site, the
    parts other apps add: reader.views.story_queryset)."""
    # A story that was never published has no dates for structured data yet.
    json_ld = (
        article_json_ld(article, outlet=OutletSettings.current()) if article.published_at else None
    )
    context = {"article": article, "json_ld": json_ld, **extra_context}
    return render(request, "articles/detail.html", context)
