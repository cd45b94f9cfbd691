"""Plain-text fields are escaped wherever they are shown: pages, JSON-LD, meta tags, feeds,
sitemaps and the admin. Each check reads the output back the way its consumer does (a browser,
a JSON parser, an XML parser) and finds the typed text intact and nothing else."""

import json
import xml.etree.ElementTree as ET  # noqa: S405 - our own feeds, parsed back
from html import unescape

import pytest
from bleach._vendor import html5lib
from django.urls import reverse
from django.utils.html import strip_tags

from outlet.models import OutletSettings
from tests.factories import ArticleFactory, CategoryFactory, UserFactory
from tests.xss_vectors import TEXT_VECTORS, page_problems

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(params=range(len(TEXT_VECTORS)), ids=range(len(TEXT_VECTORS)))
def hostile(request):
    """A published story whose every plain-text field, its tag and its section are one vector."""
    vector = TEXT_VECTORS[request.param]
    outlet = OutletSettings.current()
    outlet.name = f"뉴스룸 {vector}"[:100]
    outlet.save()
    section = CategoryFactory(name=f"섹션 {vector}"[:100], description=vector)
    article = ArticleFactory(
        headline=f"가상 속보 {vector}",
        deck=vector,
        excerpt=f"요약 {vector}",
        feature_text=vector,
        byline=f"기자 {vector}"[:200],
        section=section,
        tags=[f"태그 {vector}"[:100]],
    )
    article.categories.add(section)
    return article


def xml_of(response):
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, parsed back


def parsed(html: str):
    return html5lib.parse(html, namespaceHTMLElements=False)


def meta(document, key: str) -> str:
    for element in document.iter("meta"):
        if key in (element.get("property"), element.get("name")):
            return element.get("content")
    raise AssertionError(f"no <meta> {key}")


def test_story_page_shows_the_text_and_runs_nothing(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    assert page_problems(html) == []
    document = parsed(html)
    headline = next(element for element in document.iter("h1"))
    assert "".join(headline.itertext()) == hostile.headline
    assert "".join(document.find(".//title").itertext()).startswith(hostile.headline)


def test_meta_tags_carry_the_text_as_attribute_values(client, hostile):
    document = parsed(client.get(hostile.get_absolute_url()).content.decode())
    assert meta(document, "og:title") == hostile.headline
    assert meta(document, "twitter:title") == hostile.headline
    # Descriptions are stripped of tags as well as escaped: a plain-text field gains nothing.
    assert meta(document, "og:description") == strip_tags(hostile.excerpt)
    assert meta(document, "article:tag") == hostile.tags.get().name
    assert meta(document, "og:site_name") == OutletSettings.current().name


def test_json_ld_cannot_be_broken_out_of(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    scripts = [
        element
        for element in parsed(html).iter("script")
        if element.get("type") == "application/ld+json"
    ]
    assert len(scripts) == 1  # a "</script>" in the data would have split the element
    data = json.loads(scripts[0].text)
    news_article = data[0]
    assert news_article["headline"] == hostile.headline
    assert news_article["description"] == hostile.excerpt
    assert news_article["keywords"] == [hostile.tags.get().name]
    assert news_article["publisher"]["name"] == OutletSettings.current().name
    assert "</" not in scripts[0].text and "<!--" not in scripts[0].text


def test_lists_and_search_escape_the_text(client, hostile):
    urls = [
        reverse("articles:home"),
        reverse("articles:section", kwargs={"slug": hostile.section.slug}),
        reverse("articles:tag", kwargs={"slug": hostile.tags.get().slug}),
        reverse("articles:search") + "?q=가상 속보",
        reverse("articles:search") + "?q=" + TEXT_VECTORS[0],  # the query itself is echoed
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert page_problems(html) == [], url
    results = client.get(reverse("articles:search"), {"q": "가상 속보"}).content.decode()
    assert hostile.headline in "".join(parsed(results).find(".//main").itertext())


def test_feeds_parse_back_to_the_text(client, hostile):
    # RSS titles and descriptions are read as HTML, so they carry the text HTML-escaped; Atom
    # titles are text. tests/test_security_round2_feeds.py reads them with feedparser.
    rss = xml_of(client.get(reverse("articles:feed-rss")))
    item = rss.find("channel/item")
    assert unescape(item.findtext("title")) == hostile.headline
    assert unescape(item.findtext("description")) == hostile.excerpt
    assert unescape(rss.findtext("channel/title")) == OutletSettings.current().name

    atom = xml_of(client.get(reverse("articles:feed-atom")))
    entry = atom.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == hostile.headline

    section_feed = reverse("articles:section-feed-rss", kwargs={"slug": hostile.section.slug})
    channel = xml_of(client.get(section_feed)).find("channel")
    assert unescape(channel.findtext("description")) == hostile.section.description


def test_news_sitemap_parses_back_to_the_text(client, hostile):
    sitemap = xml_of(client.get(reverse("sitemap-news")))
    assert sitemap.findtext(f".//{NEWS}title") == hostile.headline
    assert sitemap.findtext(f".//{NEWS}name") == OutletSettings.current().name


def test_admin_list_and_form_escape_the_text(client, hostile):
    client.force_login(UserFactory(username="escape-admin", is_superuser=True))
    for url in [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?q=가상",
        reverse("admin:articles_article_change", args=[hostile.pk]),
        reverse("admin:articles_article_history", args=[hostile.pk]),
        reverse("admin:articles_category_changelist"),
        reverse("admin:taggit_tag_changelist"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        problems = page_problems(
            response.content.decode(), allowed_script_srcs=("/static/", "/admin/jsi18n/")
        )
        assert problems == [], url
    form = parsed(
        client.get(reverse("admin:articles_article_change", args=[hostile.pk])).content.decode()
    )
    headline_input = next(e for e in form.iter("input") if e.get("name") == "headline")
    assert headline_input.get("value") == hostile.headline
    deck = next(e for e in form.iter("textarea") if e.get("name") == "deck")
    assert deck.text.strip("\n") == hostile.deck
