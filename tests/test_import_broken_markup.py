"""A post with "<b>" written where "</b>" is meant imports whole, and nothing goes silently.

Other outlets' posts in our front-matter HTML format have this slip. An unclosed <b> between
blocks used to take every block after it, the outlet's one-link footer line included, into
one paragraph, which footer detection then removed: the body stopped at the second heading
and every later highlight, the summary and the attendee table were gone. The footer is only
ever the final short line; a line that ends like one but holds more is kept, with a warning
naming the file. tests/data/broken_bold_post.txt is our own fictional post in that shape.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Attendee
from importing.importers import Importer, Outcome
from importing.importers.html_transform import transform_body
from importing.importers.palette import Palette
from markup.sanitize import html_to_text

pytestmark = pytest.mark.django_db

BROKEN_POST = Path(__file__).resolve().parent / "data" / "broken_bold_post.txt"
HIGHLIGHTS = [
    "공원 면적은 축구장 예순 개 크기입니다.",
    "군은 내년 여름 첫 구역을 개방하겠다고 밝혔습니다.",
    "탐방로는 모두 나무 데크로 놓입니다.",
    "가장 큰 과제는 철새 보호입니다.",
    "군은 철새가 머무는 기간에 일부 탐방로를 닫기로 했습니다.",
    "망원경 열두 대가 전망대에 놓입니다.",
    "군은 맨손 어업 구역은 그대로 두겠다고 약속했습니다.",
    "협의회에는 어촌계장 다섯 명이 참여합니다.",
    "주민 누구나 한 달 동안 의견을 낼 수 있습니다.",
]
FOOTER_HOST = "haesol-news.example"


def import_post(path):
    result = Importer().import_file(path)
    return result, Article.objects.filter(import_key=result.import_key).first()


def test_it_keeps_every_block_after_an_unclosed_b():
    result, article = import_post(BROKEN_POST)

    assert result.outcome == Outcome.CREATED, result.error
    text = html_to_text(article.body)
    assert "<h3>남은 과제</h3>" in article.body
    for sentence in (
        "봄과 가을에는 도요새 무리가 갯벌에 머뭅니다.",
        "관찰 시설은 새들과 거리를 두고 세워집니다.",
        "어민들은 조업 구역이 줄어들까 걱정합니다.",
        "생태공원 설계안은 다음 주 군청 누리집에 공개됩니다.",
    ):
        assert sentence in text
    assert [h.text for h in article.highlights.order_by("position")] == HIGHLIGHTS
    assert list(article.summary_items.values_list("text", flat=True)) == [
        "해솔군이 서쪽 갯벌에 생태공원을 만듭니다.",
        "철새가 머무는 기간에는 일부 탐방로를 닫습니다.",
        "맨손 어업 구역은 그대로 남습니다.",
    ]
    names = Attendee.objects.filter(column__table__article=article)
    assert sorted(names.values_list("name", flat=True)) == sorted(
        ["한바다 해솔군수", "모래솔 환경과장", "남궁파도 어촌계장", "갈매빛 어민회장"]
    )
    # The footer line, and only it, is gone: the site renders its own.
    assert FOOTER_HOST not in article.body and "바다 소식을 가장 먼저" not in text
    assert not [w for w in result.warnings if "kept in the body" in w]


def test_a_footer_link_inside_a_long_line_is_kept_with_a_warning_naming_the_file(tmp_path):
    """With no block after the slip, the link sits at the end of a long bold line: kept."""
    path = tmp_path / "last-line.md"
    path.write_text(
        "---\ntitle: 가상 해솔군 갯벌 축제\n---\n\n"
        "<h2>축제 소식</h2>\n"
        "<p>갯벌 축제가 주말에 열립니다. <b>올해는 맨발 걷기 대회가 새로 생겼습니다.<b> "
        "참가 신청은 군청에서 받습니다. 축제 기간에는 임시 버스가 다닙니다. "
        ' 바다 소식을 가장 먼저, <a href="https://haesol-news.example">haesol-news.example</a></p>\n',
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()

    call_command("import_posts", str(path), stdout=out, stderr=err)

    article = Article.objects.get()
    text = html_to_text(article.body)
    assert "참가 신청은 군청에서 받습니다." in text
    assert "축제 기간에는 임시 버스가 다닙니다." in text
    warning = f"{path}: warning: the last line ends with a link to https://haesol-news.example"
    assert warning in err.getvalue()
    assert "characters; kept in the body" in err.getvalue()


def test_an_unclosed_paragraph_with_a_stray_b_does_not_swallow_the_next_blocks():
    body = (
        "<h2>첫 제목</h2>\n<p>첫 문단 <b>강조<b> 이어지는 문장\n"
        "<h3>둘째 제목</h3>\n<p>둘째 문단.</p>\n"
        '<p>바다 소식을 가장 먼저, <a href="https://haesol-news.example">바로 가기</a></p>'
    )

    result = transform_body(body, Palette([]))

    assert result.footer == "바다 소식을 가장 먼저, 바로 가기"
    assert result.html.splitlines()[-2:] == ["<h3>둘째 제목</h3>", "<p>둘째 문단.</p>"]
    assert "이어지는 문장" in result.html


def test_the_ordinary_footer_line_is_still_removed():
    body = (
        "<p>마지막 문단입니다.</p>\n"
        '<p>바다 소식을 가장 먼저, <b><a href="https://haesol-news.example">바로 가기</a></b>.</p>'
    )

    result = transform_body(body, Palette([]))

    assert result.html == "<p>마지막 문단입니다.</p>"
    assert result.footer == "바다 소식을 가장 먼저, 바로 가기."
    assert result.warnings == []
