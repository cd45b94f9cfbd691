"""Feeds carry plain text as text: a feed reader finds no element in a headline, deck or excerpt.

RSS readers take <title> and <description> as HTML, and Atom's <summary type="html"> is HTML by
declaration, so a plain-text field must arrive there HTML-escaped. Each check reads the feed
with feedparser, the parser most feed readers are built on, and interprets every value by the
content type feedparser reports, as a reader would.
"""

import feedparser
import pytest
from bleach._vendor import html5lib
from django.urls import reverse

from outlet.models import OutletSettings
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"><img src=x onerror=alert(1)>',
    '<meta http-equiv="refresh" content="0;url=//evil">',
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "A &amp; B &lt;i&gt; <a href=//evil>여기</a>",
]
FEEDS = ["articles:feed-rss", "articles:feed-atom"]
SECTION_FEEDS = ["articles:section-feed-rss", "articles:section-feed-atom"]


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def as_reader_sees(detail) -> tuple[list[str], str]:
    """(elements, text) of a feedparser value, read as its declared type says."""
    if detail.type in ("text/html", "application/xhtml+xml"):
        fragment = html5lib.parseFragment(detail.value, namespaceHTMLElements=False)
        elements = [element.tag for element in fragment.iter() if element is not fragment]
        return elements, "".join(fragment.itertext())
    assert detail.type == "text/plain", detail.type
    return [], detail.value


@pytest.mark.parametrize("vector", HOSTILE)
@pytest.mark.parametrize("feed", FEEDS)
def test_it_carries_a_hostile_headline_and_excerpt_as_text(client, feed, vector):
    ArticleFactory(headline=f"가상 속보 {vector}", excerpt=f"요약 {vector}")

    [entry] = read_feed(client, reverse(feed)).entries

    assert as_reader_sees(entry.title_detail) == ([], f"가상 속보 {vector}")
    assert as_reader_sees(entry.summary_detail) == ([], f"요약 {vector}")


@pytest.mark.parametrize("field", ["deck", "feature_text"])
@pytest.mark.parametrize("feed", FEEDS)
def test_it_carries_a_hostile_deck_as_text_when_it_is_the_summary(client, feed, field):
    vector = HOSTILE[0] + HOSTILE[1]
    ArticleFactory(excerpt="", **{field: vector})

    [entry] = read_feed(client, reverse(feed)).entries

    assert as_reader_sees(entry.summary_detail) == ([], vector)


@pytest.mark.parametrize("feed", SECTION_FEEDS)
def test_it_carries_hostile_outlet_and_section_names_as_text(client, feed):
    outlet = OutletSettings.current()
    outlet.name = f"뉴스룸 {HOSTILE[2]}"
    outlet.save()
    section = CategoryFactory(name=f"섹션 {HOSTILE[0]}", description=HOSTILE[1])
    ArticleFactory(section=section)

    channel = read_feed(client, reverse(feed, args=[section.slug])).feed

    assert as_reader_sees(channel.title_detail) == ([], f"{outlet.name} - {section.name}")
    assert as_reader_sees(channel.subtitle_detail) == ([], HOSTILE[1])


def test_an_ordinary_story_reads_as_it_was_typed(client):
    """Escaping is for readers: a headline with an ampersand is not shown as "&amp;"."""
    ArticleFactory(headline="한미 정상회담 & 공동성명", excerpt="두 정상이 만났다.")

    for feed in FEEDS:
        [entry] = read_feed(client, reverse(feed)).entries
        assert as_reader_sees(entry.title_detail)[1] == "한미 정상회담 & 공동성명"
        assert as_reader_sees(entry.summary_detail)[1] == "두 정상이 만났다."
