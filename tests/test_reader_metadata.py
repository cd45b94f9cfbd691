"""A story's metadata: canonical, description, Open Graph, Twitter card, JSON-LD, breadcrumbs."""

import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, CategoryFactory, SourceFactory, make_photo

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


class HeadParser(HTMLParser):
    """Collects <meta>, <link> and the text of JSON-LD <script> elements."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_json_ld = {}, [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def story():
    published = timezone.now() - timedelta(hours=2)
    return ArticleFactory(
        headline='북한 "정상회담" 제안',
        section=CategoryFactory(name="아시아"),
        excerpt="북한이 정상회담을 제안했다고 밝혔다.",
        feature_photo=make_photo(size=(2000, 1125), alt_text="회담장 모습"),
        byline="김기자",
        published_at=published,
        tags=["북한", "회담"],
    )


def test_a_story_has_canonical_description_open_graph_and_twitter_tags(client, story):
    head = parse(client, story.get_absolute_url())
    canonical = SITE + story.get_absolute_url()
    # Link previews get the 1200px JPEG rendition, not the 2000px original.
    image = SITE + story.feature_photo.renditions.get(width=1200, format="jpeg").file.url

    assert {"rel": "canonical", "href": canonical} in head.links
    assert head.meta["description"] == ["북한이 정상회담을 제안했다고 밝혔다."]
    assert head.meta["og:type"] == ["article"]
    assert head.meta["og:title"] == ['북한 "정상회담" 제안']
    assert head.meta["og:description"] == ["북한이 정상회담을 제안했다고 밝혔다."]
    assert head.meta["og:url"] == [canonical]
    assert head.meta["og:image"] == [image]
    assert head.meta["og:image:width"] == ["1200"] and head.meta["og:image:height"] == ["675"]
    assert head.meta["og:image:alt"] == ["회담장 모습"]
    assert head.meta["og:site_name"] == ["뉴스룸"]
    assert head.meta["article:section"] == ["아시아"]
    assert sorted(head.meta["article:tag"]) == ["북한", "회담"]
    assert head.meta["article:published_time"][0].endswith("+09:00")
    assert head.meta["twitter:card"] == ["summary_large_image"]
    assert head.meta["twitter:title"] == ['북한 "정상회담" 제안']
    assert head.meta["twitter:image"] == [image]


def test_a_story_without_image_gets_a_summary_card(client):
    story = ArticleFactory()

    head = parse(client, story.get_absolute_url())

    assert head.meta["twitter:card"] == ["summary"]
    assert "og:image" not in head.meta


def test_a_story_has_news_article_json_ld(client, story):
    head = parse(client, story.get_absolute_url())
    news_article, _ = json.loads(head.json_ld[0])

    assert news_article["@context"] == "https://schema.org"
    assert news_article["@type"] == "NewsArticle"
    assert news_article["headline"] == '북한 "정상회담" 제안'
    share = story.feature_photo.renditions.get(width=1200, format="jpeg")
    assert news_article["image"] == [
        {"@type": "ImageObject", "url": SITE + share.file.url, "width": 1200, "height": 675}
    ]
    published = timezone.localtime(story.published_at).replace(microsecond=0).isoformat()
    assert news_article["datePublished"] == published
    assert news_article["datePublished"].endswith("+09:00")
    assert news_article["dateModified"] >= news_article["datePublished"]
    assert news_article["author"] == [{"@type": "Person", "name": "김기자"}]
    assert news_article["publisher"]["@type"] == "Organization"
    assert news_article["publisher"]["name"] == "뉴스룸"
    assert news_article["publisher"]["logo"]["url"] == SITE + "/static/img/logo.png"
    assert news_article["articleSection"] == "아시아"
    assert sorted(news_article["keywords"]) == ["북한", "회담"]
    assert news_article["mainEntityOfPage"]["@id"] == SITE + story.get_absolute_url()
    assert news_article["description"] == story.excerpt


def test_a_story_has_breadcrumbs_home_section_story(client, story):
    head = parse(client, story.get_absolute_url())
    _, breadcrumbs = json.loads(head.json_ld[0])

    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [
        (item["position"], item["name"], item["item"]) for item in breadcrumbs["itemListElement"]
    ] == [
        (1, "홈", SITE + "/"),
        (2, "아시아", SITE + reverse("articles:section", args=["아시아"])),
        (3, story.headline, SITE + story.get_absolute_url()),
    ]


def test_a_wire_storys_author_is_the_agency(client):
    wire = SourceFactory(name="AA")
    story = ArticleFactory(byline="AA", source=wire)

    news_article, _ = json.loads(parse(client, story.get_absolute_url()).json_ld[0])

    assert news_article["author"] == [{"@type": "Organization", "name": "AA"}]


def test_json_ld_cannot_be_broken_out_of_by_a_headline(client):
    story = ArticleFactory(headline="</script><script>alert(1)</script> & <!--")

    html = client.get(story.get_absolute_url()).content.decode()
    head = parse(client, story.get_absolute_url())

    assert "<script>alert(1)" not in html
    assert len(head.json_ld) == 1
    news_article, _ = json.loads(head.json_ld[0])
    assert news_article["headline"] == "</script><script>alert(1)</script> & <!--"


def test_the_publisher_logo_is_a_static_file_of_the_size_google_asks_for():
    from pathlib import Path

    from PIL import Image

    logo = Path(__file__).resolve().parent.parent / "static" / "img" / "logo.png"
    with Image.open(logo) as image:
        assert image.size == (600, 60)


@pytest.mark.parametrize("name", ["articles:home", "articles:search"])
def test_other_pages_have_a_canonical_or_noindex(client, name):
    head = parse(client, reverse(name))

    has_canonical = any(link.get("rel") == "canonical" for link in head.links)
    assert has_canonical or "noindex" in head.meta.get("robots", [""])[0]
