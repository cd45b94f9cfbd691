"""Generated hostile addresses at every public URL pattern: never a 5xx (issue 14, item 10).

The patterns come from walking the URL resolver (everything but the admin), so a new public
page is fuzzed the day it is added. Path segments and query values are drawn from what broke
the site before: NUL and other control characters, digits past any integer column or date,
digits that are not ASCII ("²", "٣", "１"), raw and broken percent-encodings, very long text.
Each segment is sometimes a real slug, id or token, so that the views' query-string parsers
are reached behind a lookup that succeeds.

Runs on SQLite by default and on PostgreSQL with DATABASE_URL (where a NUL was a DataError).
The "newsroom-ci" profile (the default) is derandomized, so a run is repeatable; set
HYPOTHESIS_PROFILE=newsroom-explore to search longer with fresh examples.
"""

import os
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from django.views.static import serve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import PreviewLink
from articles.preview import link_url
from live.models import LiveCoverage, LiveUpdate
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

settings.register_profile(
    "newsroom-ci",
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "newsroom-explore",
    parent=settings.get_profile("newsroom-ci"),
    max_examples=1000,
    derandomize=False,
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "newsroom-ci"))

INDEXNOW_KEY = "fuzz-indexnow-key-0123"
# Parameters public views read, and a few they do not; hypothesis adds names of its own.
KNOWN_PARAMETERS = ["after", "before", "q", "page", "since", "p", "utm_source", "format"]
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def public_patterns(resolver=None, prefix=""):
    """(route, pattern) of every URL pattern outside the admin, routes joined."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if getattr(entry, "callback", None) is serve:
            continue  # MEDIA_ROOT in development (newsroom/urls.py); never routed in production
        assert isinstance(entry.pattern, RoutePattern), (
            f"{entry.pattern} is a regex pattern: give it a route so that it is fuzzed too"
        )
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route != "admin/":
                yield from public_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


PATTERNS = dict(public_patterns())


# Pieces that are already percent-encoded: raw bytes no UTF-8 text gives, broken escapes.
ENCODED = st.sampled_from(
    ["%00", "%FF", "%C0%AF", "%ED%A0%80", "%E2%80%AE", "%", "%2", "%zz", "%25", "%2F", "%3F"]
)
# What broke the site before, and its relatives; values are built of these.
ATOMS = st.sampled_from(
    [
        *("\x00", "\x01", "\x1f", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff"),
        *("²", "٣", "１", "𝟙", "0", "1", "-1", "1_000", "1e400", " 1", "+1", "NaN"),
        *("999999999999999999", "9223372036854775808", "99999999999999999999999"),
        *("가", "태풍", "美", "a", "'", '"', "\\", ":", ";", "&", "=", "#", "?", "/", ".."),
    ]
)
HUGE_NUMBER = st.integers(min_value=10**17, max_value=10**40).map(str)
PIECE = st.one_of(
    ATOMS,
    ATOMS,
    HUGE_NUMBER,
    st.integers(-(10**6), 10**6).map(str),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=8),  # no lone surrogates
)
LONG = st.sampled_from(["a", "가", "9", "\x00", "-"]).flatmap(
    lambda piece: st.integers(300, 6000).map(lambda n: piece * n)
)
# Cursors are "<digits>-<digits>": joining pieces with "-" makes near misses of that shape.
TEXT = st.one_of(
    st.tuples(st.sampled_from(["-", ""]), st.lists(PIECE, min_size=1, max_size=3)).map(
        lambda parts: parts[0].join(parts[1])
    ),
    LONG,
)


def value():
    """A value percent-encoded as a browser sends it, or with raw encoded pieces in it."""
    typed = TEXT.map(lambda text: quote(text, safe=""))
    raw = st.lists(st.one_of(ENCODED, typed), min_size=2, max_size=3).map("".join)
    return st.one_of(typed, typed, raw)


def segment(real_values):
    if real_values:
        return st.one_of(st.sampled_from(real_values).map(quote), value())
    return value()


def query_string(pattern):
    names = st.one_of(
        st.sampled_from([*KNOWN_PARAMETERS, *getattr(pattern.callback, "query_parameters", ())]),
        TEXT.map(lambda name: quote(name, safe="")),
    )
    pairs = st.dictionaries(names, value(), max_size=3).map(
        lambda found: [f"{name}={text}" for name, text in found.items()]
    )
    junk = st.lists(st.one_of(ENCODED, st.sampled_from(["", "=", "&", "a", "==", ";"])), max_size=2)
    return st.tuples(pairs, junk).map(lambda parts: "&".join(parts[0] + parts[1]))


@pytest.fixture
def real_values(settings):
    """The site's one story of each kind; a segment named slug may be any of the slugs."""
    settings.NEWSROOM_INDEXNOW_KEY = INDEXNOW_KEY
    section = CategoryFactory(name="가상 재난", slug="가상-재난")
    story = ArticleFactory(
        headline="가상 해안도시 태풍 북상", slug="가상-태풍", section=section, tags=["가상태풍"]
    )
    story.categories.add(section)
    LiveCoverage.objects.create(article=story, started_at=timezone.now() - timedelta(hours=1))
    LiveUpdate.objects.create(article=story, body="가상 해안에 첫 비바람이 닿았습니다.")
    link = PreviewLink.objects.create(article=story, expires_at=timezone.now() + timedelta(days=1))
    return {
        "slug": [story.slug, section.slug, story.tags.first().slug],
        "ref": [str(story.pk), story.slug],
        "token": [link_url(link).rstrip("/").rsplit("/", 1)[1]],
        "key": [INDEXNOW_KEY],
    }


@pytest.fixture
def reader(settings):
    settings.DEBUG = False
    settings.NEWSROOM_PAGE_CACHE = True  # the cache's keys see every hostile query too
    # A 500 raises here with its traceback, and hypothesis reports the address that caused it.
    return Client(raise_request_exception=True)


def test_every_public_pattern_is_fuzzed():
    """The walk finds the public pages, and nothing under /admin/."""
    routes = set(PATTERNS)

    assert {"news/<segment:slug>/", "live/<segment:ref>/updates", "search/", ""} <= routes
    assert "sitemap.xml" in routes and not any(route.startswith("admin/") for route in routes)


@pytest.mark.parametrize("route", sorted(PATTERNS))
def test_no_public_address_gives_a_server_error(route, real_values, reader):
    pattern = PATTERNS[route]
    names = CONVERTER.findall(route)
    segments = st.tuples(*(segment(real_values.get(name, [])) for name in names))

    @PROFILE
    @given(segments=segments, query=query_string(pattern))
    def check(segments, query):
        pieces = iter(segments)
        path = "/" + CONVERTER.sub(lambda _match: next(pieces), route)
        address = f"{path}?{query}" if query else path

        response = reader.get(address)

        assert response.status_code < 500, address

    check()
