"""Template filters for Korean dates, reading time, absolute URLs, JSON-LD and search."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import dates
from articles.models import Category
from articles.site_urls import absolute_url
from articles.structured_data import seoul_isoformat
from search import engine as search

register = template.Library()


@register.filter
def korean_date(value):
    """2025년 7월 30일, in Korea time (articles.dates)."""
    return dates.korean_date(value)


@register.filter
def korean_datetime(value):
    """2025년 7월 30일 (수) 오후 3:05, in Korea time (articles.dates)."""
    return dates.korean_datetime(value)


@register.filter
def reading_time(minutes):
    """4분 읽기"""
    return f"{max(int(minutes or 1), 1)}분 읽기"


@register.filter
def w3c_datetime(value):
    """2025-07-30T15:05:00+09:00, for sitemaps and machine-readable dates."""
    return seoul_isoformat(value) if value else ""


@register.filter
def absolute(path):
    """The path as an absolute URL on the public site (canonical links, Open Graph)."""
    return absolute_url(str(path)) if path else ""


# json.dumps leaves these as they are; escaped, no string can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """data as a <script type="application/ld+json"> element, escaped as json_script does."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # Safe: the escapes above leave no markup in text.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308
    )


@register.filter
def highlight_terms(text, query):
    """text, escaped, with the terms of a search query marked."""
    return search.highlight(text, query.terms)


@register.filter
def search_snippet(article, query):
    return search.highlight(search.snippet(article, query.terms), query.terms)


@register.inclusion_tag("tags/section_nav.html", takes_context=True)
def section_nav(context):
    """The site's sections, in the editors' order; the current one marked."""
    current = context.get("section")
    return {
        "sections": Category.objects.only("name", "slug"),
        "current": current.slug if current else None,
    }
