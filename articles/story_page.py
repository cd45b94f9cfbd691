"""The story page as readers see it, rendered for the public site and for the desk's previews."""

from django.shortcuts import render

from outlet.models import OutletSettings

from .structured_data import article_json_ld


def render_story(request, article, **extra_context):
    """The story page of an article loaded with_story_parts() (and, on the public site, the
    parts other apps add: reader.stored_pages.story_queryset). request may be None."""
    # A story that was never published has no dates for structured data yet.
    outlet = OutletSettings.current()
    json_ld = article_json_ld(article, outlet=outlet) if article.published_at else None
    # The outlet is named here, not left to the context processor: a page rendered after a
    # save, for every reader, has no request (reader.stored_pages).
    context = {"outlet": outlet, "article": article, "json_ld": json_ld, **extra_context}
    return render(request, "articles/detail.html", context)
