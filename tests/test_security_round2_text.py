"""Invisible control characters never reach stored plain text (issue 14.5).

A right-to-left override in a headline flips how the rest of the line reads; a zero-width
space makes a second tag that looks like the first. Every path stores the cleaned text: the
admin, the importer, and plain model saves.
"""

import io
import sys
import unicodedata

import pytest
from django.core.management import call_command
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Category, Source
from photos.models import Photo
from tests.factories import ArticleFactory, make_photo
from tests.test_admin_story import story_form_data

RLO, LRI, PDI, ZWSP, ZWJ, BOM, SHY = (
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\xad",
)
HOSTILE = f"{RLO}{LRI}{ZWSP}{ZWJ}{BOM}{SHY}\u200f\u2060\x00\x1b\x7f\x0b{PDI}"


def clean_text(value, **kwargs):
    from markup.plain_text import clean_text

    return clean_text(value, **kwargs)


def test_it_removes_every_control_and_format_character_the_running_python_knows():
    invisible = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Cs") and chr(code) not in "\t\n\r\x85"
    ]
    text = "가" + "".join(invisible) + "나"
    assert clean_text(text) == "가나"
    assert clean_text(text, multiline=True) == "가나"


def test_it_keeps_line_breaks_and_tabs_only_in_multiline_text():
    assert clean_text("첫 줄\r\n둘째\t줄\u2028셋째") == "첫 줄 둘째 줄 셋째"
    assert clean_text("첫 줄\r\n둘째\t줄\u2028셋째", multiline=True) == "첫 줄\n둘째\t줄\n셋째"


def test_it_leaves_korean_emoji_and_variation_selectors_alone():
    text = "정상회담 ❤️ 👍🏽 한빛시 (가나) – ‘인용’"
    assert clean_text(text) == text


@pytest.mark.django_db
def test_it_cleans_every_plain_text_part_of_a_story_saved_in_the_admin(editor_client, parts):
    Tag.objects.create(name="외교")
    data = story_form_data(
        *parts,
        headline=f"가상 {RLO}합의{PDI} 발표",
        tags=f"외{ZWSP}교, {LRI}항로{PDI}",
        deck=f"두 도시가{BOM}\n합의했다.",
        excerpt=f"요약{SHY}문",
        byline=f"김{ZWJ}기자",
        feature_image_alt=f"여객선{RLO}",
        related_link_title=f"관련{ZWSP} 기사",
    )
    data["attendee_tables-0-grid"] = f"한빛시 측 | 해람시 측\n김{RLO}시장 | 박{ZWSP}시장"
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    story = Article.objects.get(headline="가상 합의 발표")
    assert story.deck == "두 도시가\n합의했다."
    assert (story.excerpt, story.byline) == ("요약문", "김기자")
    assert (story.feature_image_alt, story.related_link_title) == ("여객선", "관련 기사")
    assert story.slug == "가상-합의-발표"
    assert sorted(story.tags.names()) == ["외교", "항로"]
    assert Tag.objects.filter(name="외교").count() == 1
    names = [a.name for c in story.attendee_tables.get().columns.all() for a in c.attendees.all()]
    assert names == ["김시장", "박시장"]


@pytest.mark.django_db
def test_it_refuses_a_headline_of_invisible_characters_only(editor_client, parts):
    data = story_form_data(*parts, headline=f"{RLO}{ZWSP}{BOM}", body="<p>가상 본문 그대로</p>")
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "제목에 보이는 글자가 없습니다" in page and "가상 본문 그대로" in page
    assert not Article.objects.filter(body__contains="가상 본문 그대로").exists()


@pytest.mark.django_db
def test_it_cleans_an_imported_headline_and_tags(tmp_path):
    (tmp_path / "bidi.html").write_text(
        f"---\ntitle: 가상 {RLO}항구{PDI} 재개장\ntags: [{LRI}부두{PDI}, 항{ZWSP}구]\n"
        f"excerpt: 요약{BOM}문\n---\n<p>본문</p>\n",
        encoding="utf-8",
    )
    call_command("import_posts", str(tmp_path / "bidi.html"), stdout=io.StringIO())
    story = Article.objects.get()
    assert (story.headline, story.excerpt) == ("가상 항구 재개장", "요약문")
    assert sorted(story.tags.names()) == ["부두", "항구"]


@pytest.mark.django_db
def test_it_cleans_names_saved_by_any_code():
    section = Category.objects.create(name=f"국{RLO}제")
    source = Source.objects.create(name=f"가상{ZWSP}통신")
    tag = Tag.objects.create(name=f"{LRI}태그{PDI}", slug=f"태그{ZWSP}")
    story = ArticleFactory(headline=f"제목{HOSTILE}끝\x85더", deck=f"부제{HOSTILE}\n둘째 줄")
    story.tags.add(f"태{BOM}그", "새 태그")
    assert (section.name, section.slug, source.name) == ("국제", "국제", "가상통신")
    assert (tag.name, tag.slug) == ("태그", "태그")
    assert story.headline == "제목끝 더"  # NEL (U+0085) is a line break: a space on one line
    assert story.deck == "부제\n둘째 줄"
    assert sorted(story.tags.names()) == ["새 태그", "태그"]


@pytest.mark.django_db
def test_it_cleans_photo_credit_alt_text_and_caption():
    photo = make_photo(alt_text=f"부두{RLO}", credit=f"{ZWSP}뉴스룸 사진부")
    photo.caption = f"<b>설명{BOM}</b>"
    photo.save()
    photo = Photo.objects.get(pk=photo.pk)
    assert (photo.alt_text, photo.credit, photo.caption) == ("부두", "뉴스룸 사진부", "<b>설명</b>")


def test_renaming_a_tag_to_an_invisible_variant_of_another_is_a_field_error(admin_client):
    Tag.objects.create(name="외교", slug="외교")
    other = Tag.objects.create(name="경제", slug="경제")

    response = admin_client.post(
        reverse("admin:taggit_tag_change", args=[other.pk]),
        {"name": "외\u200b교", "slug": "외교-2"},
    )

    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    other.refresh_from_db()
    assert other.name == "경제"


def test_the_tag_app_is_named_in_korean_in_the_admin(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Taggit" not in index and ">Tags<" not in index
    assert "태그" in index
