"""A story entered through the admin with every part shows every part on its public page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, jpeg_bytes, jpeg_upload

pytestmark = pytest.mark.django_db

BODY = (
    '<h2 data-ke-size="size26">회담 결과</h2>'
    '<p>첫 문장입니다. <b><span class="hl-red">빨간 강조 문장입니다.</span></b> '
    '<span class="hl-blue-tint">파란 배경 강조입니다.</span> '
    '<span class="hl-blue">파란 글씨 강조입니다.</span>'
    '<script>alert("x")</script><a href="javascript:alert(1)" onclick="x()">나쁜 링크</a></p>'
)


def inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def story_form_data(section, source, target, **overrides):
    now = timezone.localtime()
    data = {
        "headline": "가상 두 도시 정상회담에서 항로 재개 합의",
        "slug": "",
        "section": str(section.pk),
        "categories": [str(section.pk)],
        "tags": "외교, 항로, 한빛시",
        "byline": "김기자",
        "deck": "두 도시가 10년 만에 항로를 다시 열기로 했다.",
        "excerpt": "정상회담에서 두 도시가 항로 재개에 합의했다.",
        "feature_text": "항로 재개는 지역 경제에 힘이 될 전망이다.",
        "feature_image_alt": "항구에 정박한 여객선",
        "feature_image_caption": '항구의 여객선 <a href="https://example.com/p">사진 보기</a>',
        "feature_photo": "",
        "feature_photo_credit": "뉴스룸 사진부",
        "body": BODY,
        "source": str(source.pk),
        "related_link_title": "관련 기사 - 항로 재개 논의 시작",
        "related_link_url": "https://example.com/related",
        "related_link_article": "",
        "status": Article.Status.PUBLISHED,
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": (now - timedelta(minutes=1)).strftime("%H:%M:%S"),
        "is_breaking": "on",
        **inline_management("summary_items", 2),
        "summary_items-0-text": "두 도시가 항로 재개에 합의했다.",
        "summary_items-0-position": "0",
        "summary_items-1-text": "운항은 내년 봄에 시작한다.",
        "summary_items-1-position": "1",
        **inline_management("attendee_tables", 1),
        "attendee_tables-0-title": "회담 참석자",
        "attendee_tables-0-grid": (
            "한빛시 측 참석자 | 해람시 측 참석자\n김시장 | 박시장\n이국장 | \n | 최국장"
        ),
        "attendee_tables-0-position": "0",
        **inline_management("highlights", 0),
        **inline_management("events", 0),
        **inline_management("live_updates", 0),
        **inline_management("story_notes", 0),
        "breaking_priority": "0",
    }
    data.update(overrides)
    return data


def test_every_part_entered_in_the_admin_shows_on_the_public_page(editor_client, parts):
    section, source, target = parts
    data = story_form_data(*parts, feature_photo_upload=jpeg_upload("ship.jpg"))
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    article = Article.objects.get(headline=data["headline"])
    # The related list has its own page, reached from the story screen's sidebar.
    for position, entry in enumerate(
        [
            {"target": str(target.pk)},
            {"title": "외부 해설 기사", "url": "https://example.com/analysis"},
        ]
    ):
        added = editor_client.post(
            reverse("admin:related_relatedentry_add"),
            {"article": str(article.pk), "status": "approved", "position": str(position), **entry},
        )
        assert added.status_code == 302, added.context["errors"] if added.context else ""
    assert article.slug == "가상-두-도시-정상회담에서-항로-재개-합의"
    assert "<script>" not in article.body and "javascript:" not in article.body
    assert "data-ke-size" not in article.body and "onclick" not in article.body
    assert list(article.highlights.values_list("style__key", flat=True)) == [
        "red",
        "blue-tint",
        "blue",
    ]
    table = article.attendee_tables.get()
    assert [(c.heading, [a.name for a in c.attendees.all()]) for c in table.columns.all()] == [
        ("한빛시 측 참석자", ["김시장", "이국장"]),
        ("해람시 측 참석자", ["박시장", "최국장"]),
    ]
    assert sorted(article.tags.names()) == ["외교", "한빛시", "항로"]

    page = editor_client.get(article.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    published = timezone.localtime(article.published_at)
    for expected in [
        '<html lang="ko">',
        ">아시아</a></p>",
        "가상 두 도시 정상회담에서 항로 재개 합의",
        "두 도시가 10년 만에 항로를 다시 열기로 했다.",
        "김기자",
        f"{published.year}년 {published.month}월 {published.day}일",
        "1분 읽기",
        'alt="항구에 정박한 여객선"',
        '항구의 여객선 <a href="https://example.com/p">사진 보기</a>',
        "뉴스룸 사진부",
        "항로 재개는 지역 경제에 힘이 될 전망이다.",
        '<span class="hl-red">빨간 강조 문장입니다.</span>',
        '<span class="hl-blue-tint">파란 배경 강조입니다.</span>',
        '<span class="hl-blue">파란 글씨 강조입니다.</span>',
        "<li>두 도시가 항로 재개에 합의했다.</li>",
        "<li>운항은 내년 봄에 시작한다.</li>",
        "<caption>회담 참석자</caption>",
        '<th scope="col">한빛시 측 참석자</th>',
        '<th scope="col">해람시 측 참석자</th>',
        "<td>최국장</td>",
        "출처: AA",
        '<a href="https://example.com/related">관련 기사 - 항로 재개 논의 시작</a>',
        "#외교",
        f'<a href="{target.get_absolute_url()}">항로 재개 논의 시작된 배경</a>',
        '<a href="https://example.com/analysis" rel="noopener">외부 해설 기사</a>',
        "속보",
        '<a href="/">실시간 뉴스 속보</a>',
    ]:
        assert expected in html, expected
    assert html.index("빨간 강조") < html.index("운항은 내년 봄에") < html.index("회담 참석자")
    assert 'src="/media/renditions/' in html
    assert article.feature_photo.alt_text == "항구에 정박한 여객선"
    assert article.feature_image_alt == ""  # the library's text, not a per-story override


def test_drafts_and_future_stories_are_not_public(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    future = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    review = ArticleFactory(status=Article.Status.REVIEW)
    unpublished = ArticleFactory(status=Article.Status.UNPUBLISHED)
    for article in (draft, future, review, unpublished):
        assert client.get(article.get_absolute_url()).status_code == 404
    home = client.get("/").content.decode()
    for article in (draft, future, review, unpublished):
        assert article.headline not in home


def test_home_lists_published_stories_newest_first(client):
    older = ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory(published_at=timezone.now() - timedelta(hours=1))
    html = client.get("/").content.decode()
    assert html.index(newer.headline) < html.index(older.headline)
    assert f'href="{newer.get_absolute_url()}"' in html


def test_korean_slugs_are_unique():
    first = ArticleFactory(headline="북한 미사일 발사")
    second = ArticleFactory(headline="북한 미사일 발사")
    assert first.slug == "북한-미사일-발사"
    assert second.slug == "북한-미사일-발사-2"


def test_korean_tags_keep_korean_slugs():
    article = ArticleFactory(tags=["정상회담"])
    assert article.tags.get().slug == "정상회담"


def test_admin_list_search_and_filters(editor_client):
    ArticleFactory(headline="검색될 제목", body="<p>평범한 본문</p>")
    ArticleFactory(headline="다른 제목", body="<p>본문에만 있는 낱말 항만공사</p>")
    url = reverse("admin:articles_article_changelist")
    assert "검색될 제목" in editor_client.get(url, {"q": "검색될"}).content.decode()
    by_body = editor_client.get(url, {"q": "항만공사"}).content.decode()
    assert "다른 제목" in by_body and "검색될 제목" not in by_body
    drafts = editor_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "검색될 제목" not in drafts
    assert editor_client.get(url, {"is_breaking__exact": "1"}).status_code == 200


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("notes.jpg", b"not an image at all", "image/jpeg"),
            "이미지 파일이 아니",
        ),
        (SimpleUploadedFile("cut.jpg", jpeg_bytes(size=(800, 600))[:900], "image/jpeg"), "잘려"),
    ],
)
def test_bad_upload_is_an_error_on_the_field_and_nothing_typed_is_lost(
    editor_client, parts, upload, message, media_root
):
    data = story_form_data(*parts, feature_photo_upload=upload)
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "feature_photo_upload" in form.errors
    assert message in " ".join(form.errors["feature_photo_upload"])
    html = response.content.decode()
    assert data["headline"] in html and data["deck"] in html
    assert "김시장 | 박시장" in html
    assert not Article.objects.filter(headline=data["headline"]).exists()
    assert not media_root.exists() or not list(media_root.rglob("*.jpg"))


def test_upload_over_the_byte_limit_is_refused(editor_client, parts, settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 1000
    data = story_form_data(*parts, feature_photo_upload=jpeg_upload(size=(400, 400)))
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    errors = " ".join(response.context["adminform"].form.errors["feature_photo_upload"])
    assert "너무 큽니다" in errors


def test_upload_over_the_pixel_limit_is_refused(editor_client, parts, settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 100 * 100
    data = story_form_data(*parts, feature_photo_upload=jpeg_upload(size=(200, 101)))
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    errors = " ".join(response.context["adminform"].form.errors["feature_photo_upload"])
    assert "200×101" in errors


def test_bad_attendee_grid_is_an_error_naming_the_line(editor_client, parts):
    data = story_form_data(*parts, **{"attendee_tables-0-grid": "A | B\n가 | 나 | 다"})
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "2번째 줄" in response.content.decode()
    assert not Article.objects.filter(headline=data["headline"]).exists()


def test_editing_keeps_the_attendee_grid(editor_client, parts):
    editor_client.post(reverse("admin:articles_article_add"), story_form_data(*parts))
    article = Article.objects.get(headline="가상 두 도시 정상회담에서 항로 재개 합의")
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    assert "한빛시 측 참석자 | 해람시 측 참석자" in html
    assert "빨간 강조 문장입니다." in html  # listed as a highlight record


def test_sitemap_lists_published_stories_by_absolute_url(client, settings):
    settings.SITE_URL = "https://news.example.kr"
    public = ArticleFactory(headline="공개 기사")
    draft = ArticleFactory(headline="초안 기사", status=Article.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>https://news.example.kr{public.get_absolute_url()}</loc>" in xml
    assert draft.slug not in xml


def test_the_history_names_only_the_story_fields_that_changed(editor_client):
    from django.contrib.admin.models import LogEntry

    from tests.desk_helpers import change_form_data, change_url

    story = ArticleFactory(headline="처음 제목")
    response = editor_client.post(
        change_url(story), change_form_data(story, headline="고친 제목", minor_edit="on")
    )
    assert response.status_code == 302
    message = LogEntry.objects.get(object_id=str(story.pk)).get_change_message()
    assert "제목" in message
    assert "확인한 버전" not in message and "사소한 수정" not in message


def test_history_compare_and_restore_pages_are_in_korean(editor_client):
    import reversion
    from reversion.models import Version

    story = ArticleFactory(headline="첫 판")
    for headline in ("첫 판", "둘째 판"):
        with reversion.create_revision():
            story.headline = headline
            story.save()
    first, second = Version.objects.get_for_object(story).order_by("pk")
    history = editor_client.get(reverse("admin:articles_article_history", args=[story.pk]))
    compare = editor_client.get(
        reverse("admin:articles_article_compare", args=[story.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    restore = editor_client.get(
        reverse("admin:articles_article_revision", args=[story.pk, first.pk])
    )
    pages = [page.content.decode() for page in (history, compare, restore)]
    assert "아래 목록에서 날짜를 골라" in pages[0] and "Choose a date" not in pages[0]
    assert "이력 목록으로 돌아가기" in pages[1] and "Go back to history list" not in pages[1]
    assert "Revert" not in pages[2] and "Press the save button" not in pages[2]
