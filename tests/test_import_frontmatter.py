"""Importing blog posts with YAML front matter: our sample post in the seed's shape, variants,
and an acceptance test on the real seed post when ../shared/seeds is there."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from articles.models import Article, Category
from importing.importers import Importer, ImportProblem, Outcome
from importing.importers.frontmatter import parse_post
from importing.importers.html_transform import is_home_link
from importing.importers.palette import Colour, Palette, parse_colour
from markup.sanitize import html_to_text
from outlet.models import HighlightStyle

from .factories import jpeg_bytes

pytestmark = pytest.mark.django_db

KOREA = ZoneInfo("Asia/Seoul")
SAMPLE_POST = "100_garam_solmoe_bus.txt"  # tests/data/seeds, our own post in the seed's shape
SEED_POST = "000_e825cc54438db350.txt"  # ../shared/seeds
FEATURE_SIZE = (800, 450)


@pytest.fixture
def site_root(tmp_path):
    root = tmp_path / "site"
    (root / "assets" / "img").mkdir(parents=True)
    for name in ("garam_bus_feature.jpg", "newsdao_breakingnews.jpg"):
        (root / "assets" / "img" / name).write_bytes(jpeg_bytes(size=FEATURE_SIZE))
    return root


def write_post(folder, name, front_matter: str, body: str):
    path = folder / name
    path.write_text(f"---\n{front_matter.strip()}\n---\n\n{body.strip()}\n", encoding="utf-8")
    return path


def import_file(path, **options):
    result = Importer(**options).import_file(path)
    article = Article.objects.filter(import_key=result.import_key).first()
    return result, article


def parse(text, name="post.md"):
    return parse_post(text, Path(name), Palette.from_database())


HARBOUR_FRONT_MATTER = """
title: 가상 항구도시 바람길 회의
categories:
  - 지역
  - 에너지
tags: [풍력, 항구]
excerpt: >
  가상의 두 항구도시가 바람길 공동 관리를 논의했습니다.
feature_text: 두 도시는 다음 달 다시 만나기로 했습니다.
image: /assets/img/harbour.jpg
"""


# Whole posts in the seed's shape ---------------------------------------------------------------


def front_matter_and_body(path):
    _, front_matter, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front_matter), body


def declared_highlights(body: str) -> list[tuple[str, str]]:
    """(colour declaration, text) of every bold coloured span, read straight from the file."""
    pattern = re.compile(r'<b><span style="([^"]+)">(.*?)</span></b>', re.S)
    return [(style, html_to_text(text)) for style, text in pattern.findall(body)]


def assert_post_imported(path, site_root, *, rounds, summary, columns, paragraphs, footer_host):
    """Every part of a post in the seed's shape survives import into its own place.

    rounds: how many red / blue-tint / blue triples the body has; columns: the attendee table's
    names per side; paragraphs: <p> blocks left in the body once the parts are taken out.
    """
    fields, source_body = front_matter_and_body(path)
    result, article = import_file(path, site_root=site_root)

    assert result.outcome == Outcome.CREATED, result.error
    assert result.warnings == []
    assert article.status == Article.Status.DRAFT
    assert article.headline == fields["title"]
    assert article.excerpt == fields["excerpt"].strip()
    assert article.feature_text == fields["feature_text"].strip()
    assert article.section.name == fields["categories"][0]
    assert list(article.categories.values_list("name", flat=True)) == fields["categories"]

    # Feature image: the generated JPEG, through the pipeline into the library, with
    # renditions; not repeated in the body.
    photo = article.feature_photo
    assert photo.file.name.startswith("photos/")
    assert (photo.width, photo.height) == FEATURE_SIZE
    assert photo.renditions.exists()
    assert article.feature_image_reference == ""
    assert article.feature_image_alt and photo.alt_text  # the leading <img>'s alt text
    assert "<img" not in article.body

    # Every bold coloured span is a highlight record of its palette style, in order.
    expected = declared_highlights(source_body)
    assert [style for style, _ in expected[:3]] == [
        "color: #ee2323;", "background-color: #21538527;", "color: #1a5490;",
    ]  # fmt: skip
    assert len(expected) == 3 * rounds
    highlights = list(article.highlights.select_related("style"))
    assert [h.style.key for h in highlights] == ["red", "blue-tint", "blue"] * rounds
    assert [h.text for h in highlights] == [text for _, text in expected]
    for key in ("red", "blue-tint", "blue"):
        assert article.body.count(f'<span class="hl-{key}">') == rounds
    assert "style=" not in article.body

    # The summary bullets and the attendee table left the body for their own records.
    assert list(article.summary_items.values_list("text", flat=True)) == summary
    assert "<hr" not in article.body and "<ul" not in article.body
    (table,) = article.attendee_tables.all()
    assert [
        (column.heading, [attendee.name for attendee in column.attendees.all()])
        for column in table.columns.all()
    ] == columns
    assert "<table" not in article.body

    # Headings and paragraphs stay; no empty paragraphs, editor attributes or footer line.
    assert article.body.startswith("<h2>")
    assert article.body.count("<p>") == paragraphs
    assert "&nbsp;" not in article.body and "\xa0" not in article.body
    assert "<p></p>" not in article.body and "data-ke" not in article.body
    footer_line = source_body.strip().splitlines()[-1]
    assert footer_host in footer_line
    assert html_to_text(footer_line) not in html_to_text(article.body)
    assert footer_host not in article.body
    return article


def test_sample_post_imports_every_part(seeds_dir, site_root):
    article = assert_post_imported(
        seeds_dir / SAMPLE_POST,
        site_root,
        rounds=5,
        summary=[
            "가람군과 솔뫼시가 광역버스 노선 공동 운영 협약을 맺었습니다.",
            "출근 시간대 배차 간격은 12분, 첫차는 새벽 5시 10분입니다.",
            "두 지역 교통카드 모두 환승 요금을 받지 않습니다.",
            "차고지 위치와 전기버스 비율은 다음 달 말까지 정합니다.",
        ],
        columns=[
            ("가람군 측 참석자", ["윤하늘 가람군수", "서도윤 교통국장", "문채원 기획관"]),
            (
                "솔뫼시 측 참석자",
                ["강지호 솔뫼시장", "배수아 도시교통과장", "오세린 산업단지 관리소장"],
            ),
        ],
        paragraphs=5,
        footer_host="garam-daily.example",
    )

    assert article.section.name == "지역"
    assert article.feature_photo.alt_text == "가람군 버스 정류장 풍경"
    assert (
        article.highlights.first().text
        == "두 지자체는 출근 시간대 배차 간격을 12분으로 줄이겠다고 약속했습니다."
    )
    # Both heading levels stay; a link inside a sentence is content, not a footer.
    assert "<h2>두 지역을 잇는 첫 공동 노선</h2>" in article.body
    assert "<h3>남은 쟁점</h3>" in article.body
    assert (
        '<a href="https://garam-gun.example/transport/plan">가람군 교통 계획 안내</a>'
        in article.body
    )


def test_real_seed_post_imports_every_part(real_seeds_dir, site_root):
    """Acceptance: the outlet's real blog post (../shared/seeds) imports the same way."""
    _, body = front_matter_and_body(real_seeds_dir / SEED_POST)
    bullets = [html_to_text(item) for item in re.findall(r"<li>(.*?)</li>", body, re.S)]
    cells = [html_to_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)]
    article = assert_post_imported(
        real_seeds_dir / SEED_POST,
        site_root,
        rounds=6,
        summary=bullets,
        columns=[(cells[0], cells[2::2]), (cells[1], cells[3::2])],
        paragraphs=6,
        footer_host="newsdao.kr",
    )
    assert article.section.name == "News"


def test_post_without_site_root_keeps_the_image_reference(seeds_dir):
    result, article = import_file(seeds_dir / SAMPLE_POST)

    assert result.outcome == Outcome.CREATED
    assert article.feature_photo is None
    assert article.feature_image_reference == "/assets/img/garam_bus_feature.jpg"
    assert any("no --site-root" in warning for warning in result.warnings)
    assert "<img" not in article.body


# Highlights ---------------------------------------------------------------------------------


def test_palette_colours_match_whatever_the_case_spacing_or_alpha(tmp_path):
    body = """
<p><b><span style="COLOR:#EE2323">빨강 대문자.</span></b>
<b><span style="background-color: #21538527 ;">배경 알파.</span></b>
<strong><span style="color: rgb(26, 84, 144)">파랑 rgb.</span></strong>
<b><span style="background-color:#215385">배경 알파 없음.</span></b>
<span style="color: #EE2323FF"><b>불투명 알파, 안쪽 굵게.</b></span></p>
"""
    doc = parse(f"---\ntitle: 색 비교\n---\n{body}")

    assert re.findall(r'class="(hl-[\w-]+)"', doc.body) == [
        "hl-red", "hl-blue-tint", "hl-blue", "hl-blue-tint", "hl-red",
    ]  # fmt: skip
    assert doc.warnings == []


def test_unknown_colour_becomes_bold_text_and_a_warning():
    doc = parse(
        "---\ntitle: 모르는 색\n---\n"
        '<p>앞 문장. <b><span style="color: #00ff00">초록 문장.</span></b></p>'
    )

    assert "<b>초록 문장.</b>" in doc.body
    assert "hl-" not in doc.body
    assert len(doc.warnings) == 1 and "#00ff00" in doc.warnings[0]


def test_palette_is_read_from_the_database():
    HighlightStyle.objects.create(key="green", name="초록", text_color="#00FF00", position=9)

    doc = parse(
        '---\ntitle: 새 색\n---\n<p><b><span style="color:#00ff00">새 팔레트.</span></b></p>'
    )

    assert '<span class="hl-green">새 팔레트.</span>' in doc.body
    assert doc.warnings == []


def test_parse_colour_forms():
    assert parse_colour("#EE2323") == Colour("ee2323")
    assert parse_colour(" # 21 53 85 27 ") == Colour("215385", "27")
    assert parse_colour("rgba(33, 83, 133, 1)") == Colour("215385", "ff")
    assert parse_colour("red") is None
    assert Colour("215385").matches(Colour("215385", "27"))
    assert not Colour("215385", "80").matches(Colour("215385", "27"))


# Body structure ------------------------------------------------------------------------------


def test_footer_line_in_other_words_is_removed_but_ordinary_links_stay():
    body = """
<h1>큰 제목</h1>
<p data-ke-size="size16" class="editor-x" id="p1">마지막 문단은
<a href="https://example.org/">안내 누리집</a>에서 더 볼 수 있습니다.</p>
<p>출처 기사는 <a href="https://example.org/news/1">여기</a></p>
<p>&nbsp;</p>
<p>더 빠른 소식은 이곳에서 → <a href="https://harbour-daily.example/">harbour-daily.example</a></p>
"""
    doc = parse(f"---\ntitle: 바닥글\n---\n{body}")

    assert "harbour-daily" not in doc.body
    assert "안내 누리집" in doc.body  # the link is inside the sentence
    assert "https://example.org/news/1" in doc.body  # not a home page
    assert doc.body.startswith("<h2>큰 제목</h2>")
    assert "data-ke-size" not in doc.body and "editor-x" not in doc.body


def test_footer_after_a_line_break_in_the_last_paragraph():
    doc = parse(
        "---\ntitle: 줄바꿈 바닥글\n---\n"
        '<p>본문 마지막 문장입니다.<br>소식 더 보기: <a href="http://paper.example">paper.example</a></p>'
    )

    assert doc.body == "<p>본문 마지막 문장입니다.</p>"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://paper.example", True),
        ("https://paper.example/", True),
        ("https://paper.example/2024/story", False),
        ("https://paper.example/?ref=footer", False),
        ("mailto:desk@paper.example", False),
    ],
)
def test_home_link(href, expected):
    assert is_home_link(href) is expected


def test_attendee_table_skips_empty_cells_and_other_tables_stay():
    body = """
<p>회의 결과입니다.</p>
<table><tr><td><b>북쪽 항구 측</b></td><td><b>남쪽 항구 측</b></td></tr>
<tr><td>항만국장 가나다</td><td>시장 라마바</td></tr>
<tr><td></td><td>부시장 사아자</td></tr></table>
<table><tr><th>연도</th></tr><tr><td>2024</td></tr></table>
<hr><ul><li>첫째 요약.</li><li> 둘째&nbsp;요약. </li></ul>
"""
    doc = parse(f"---\ntitle: 표\n---\n{body}")

    assert doc.attendee_tables == [
        [("북쪽 항구 측", ["항만국장 가나다"]), ("남쪽 항구 측", ["시장 라마바", "부시장 사아자"])]
    ]
    assert doc.body.count("<table>") == 1  # the one-column table is not an attendee table
    assert doc.summary == ["첫째 요약.", "둘째 요약."]


def test_a_leading_image_that_is_not_the_feature_image_is_reported(tmp_path, site_root):
    path = write_post(
        tmp_path,
        "2024-03-05-harbour-wind.md",
        HARBOUR_FRONT_MATTER,
        '<p><img src="/assets/img/other.jpg" alt="다른 사진"></p>\n<p>본문입니다.</p>',
    )

    result, article = import_file(path, site_root=site_root)

    assert article.body == "<p>본문입니다.</p>"
    assert any("/assets/img/other.jpg" in w and "left out" in w for w in result.warnings)


# Front matter fields -----------------------------------------------------------------------------


def test_fields_dates_and_categories_from_our_own_post(tmp_path, site_root):
    (site_root / "assets" / "img" / "harbour.jpg").write_bytes(jpeg_bytes(size=(320, 200)))
    path = write_post(
        tmp_path, "2024-03-05-harbour-wind.md", HARBOUR_FRONT_MATTER, "<p>바람길 본문.</p>"
    )

    result, article = import_file(path, site_root=site_root)

    assert result.outcome == Outcome.CREATED
    assert result.import_key == "file:frontmatter:harbour-wind"
    assert article.published_at == datetime(2024, 3, 5, tzinfo=KOREA)  # from the file name
    assert article.section.name == "지역"
    assert sorted(article.categories.values_list("name", flat=True)) == ["에너지", "지역"]
    assert Category.objects.filter(name__in=["지역", "에너지"]).count() == 2
    assert sorted(article.tags.names()) == ["풍력", "항구"]
    assert article.excerpt == "가상의 두 항구도시가 바람길 공동 관리를 논의했습니다."
    assert (article.feature_photo.width, article.feature_photo.height) == (320, 200)


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("date: 2024-06-01 14:30:00", datetime(2024, 6, 1, 14, 30, tzinfo=KOREA)),
        ("date: 2024-06-01", datetime(2024, 6, 1, tzinfo=KOREA)),
        ("date: 2024-06-01 09:00:00 +0000", datetime(2024, 6, 1, 18, 0, tzinfo=KOREA)),
        ("date: '2024-06-01T08:15'", datetime(2024, 6, 1, 8, 15, tzinfo=KOREA)),
    ],
)
def test_front_matter_date_wins_over_the_file_name(date_line, expected):
    doc = parse(f"---\ntitle: 날짜\n{date_line}\n---\n<p>본문</p>", name="2020-01-01-x.md")

    assert doc.published_at == expected


def test_slug_and_permalink_name_the_story():
    by_slug = parse("---\ntitle: 슬러그\nslug: wind-talks\n---\n<p>본문</p>", name="a.md")
    by_link = parse("---\ntitle: 링크\npermalink: /2024/06/sea-lanes/\n---\n<p>본문</p>")

    assert (by_slug.slug, by_slug.import_key) == ("wind-talks", "file:frontmatter:wind-talks")
    assert by_link.slug == "sea-lanes"
    assert by_link.import_key == "file:frontmatter:2024/06/sea-lanes"


def test_unresolvable_and_invalid_images_do_not_stop_the_import(tmp_path, site_root):
    (site_root / "assets" / "img" / "harbour.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    path = write_post(tmp_path, "broken-image.md", HARBOUR_FRONT_MATTER, "<p>본문.</p>")

    result, article = import_file(path, site_root=site_root)

    assert result.outcome == Outcome.CREATED
    assert article.feature_photo is None
    assert article.feature_image_reference == "/assets/img/harbour.jpg"
    assert any("not usable" in warning for warning in result.warnings)

    (site_root / "assets" / "img" / "harbour.jpg").unlink()
    result, article = import_file(path, site_root=site_root)
    assert result.outcome == Outcome.UNCHANGED
    assert any("not found" in warning for warning in result.warnings)


# Malformed posts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "---\ntitle: [닫히지 않은 목록\n---\n<p>본문</p>",
            "not valid YAML at line 3",
        ),
        ("---\ntitle: 제목\nexcerpt: 하나: 둘: 셋\n  - 넷\n---\n<p>x</p>", "not valid YAML"),
        ("---\ntitle: 닫는 줄이 없습니다\n<p>본문</p>", "not closed"),
        ("---\n- 목록\n- 입니다\n---\n<p>본문</p>", "'name: value' fields"),
        ("---\nexcerpt: 제목이 없습니다\n---\n<p>본문</p>", "no 'title'"),
        ("---\ntitle: 날짜\ndate: 어제쯤\n---\n<p>본문</p>", "'date' is not a date"),
        ("---\ntitle:\n  - 목록 제목\n---\n<p>본문</p>", "'title' must be text"),
    ],
)
def test_malformed_front_matter_is_a_clear_error(text, message):
    with pytest.raises(ImportProblem, match=re.escape(message)):
        parse(text)
