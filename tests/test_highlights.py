import pytest

from articles.highlights import extract
from outlet.models import HighlightStyle
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_highlight_spans_become_ordered_records_with_their_style():
    article = ArticleFactory(
        body=(
            '<p>앞 문장. <span class="hl-red">첫째 강조.</span> 중간. '
            '<b><span class="hl-blue-tint">둘째 강조.</span></b></p>'
            '<p><span class="hl-blue">셋째   강조.</span> <span>평범한 span</span></p>'
        )
    )
    records = list(article.highlights.values_list("style__key", "text", "position"))
    assert records == [
        ("red", "첫째 강조.", 0),
        ("blue-tint", "둘째 강조.", 1),
        ("blue", "셋째 강조.", 2),
    ]


def test_highlights_follow_the_body_on_every_save():
    article = ArticleFactory(body='<p><span class="hl-red">원래 문장</span></p>')
    article.body = '<p><span class="hl-blue">고친 문장</span> <span class="hl-red">추가</span></p>'
    article.save()
    assert list(article.highlights.values_list("style__key", "text")) == [
        ("blue", "고친 문장"),
        ("red", "추가"),
    ]
    article.body = "<p>강조 없음</p>"
    article.save()
    assert not article.highlights.exists()


def test_inline_style_highlights_are_not_trusted():
    article = ArticleFactory(body='<p><span style="color: #ee2323">빨간 글씨</span></p>')
    assert article.body == "<p><span>빨간 글씨</span></p>"
    assert not article.highlights.exists()


def test_a_new_palette_style_is_usable_at_once():
    HighlightStyle.objects.create(key="green", name="초록 글씨", text_color="#118833")
    article = ArticleFactory(body='<p><span class="hl-green">새 스타일</span></p>')
    assert list(article.highlights.values_list("style__key", flat=True)) == ["green"]


def test_extract_handles_nested_spans():
    found = extract(
        '<span class="hl-red">바깥 <span class="hl-blue">안쪽</span> 끝</span>',
        {"hl-red", "hl-blue"},
    )
    assert ("hl-blue", "안쪽") in found
    assert ("hl-red", "바깥 안쪽 끝") in found


def test_palette_css_is_served_from_the_data(client):
    HighlightStyle.objects.create(key="green", name="초록", text_color="#118833", bold=False)
    css = client.get("/palette.css").content.decode()
    assert ".hl-red, .ProseMirror .hl-red { color: #d11f1f; font-weight: 700; }" in css
    assert (
        ".hl-blue-tint, .ProseMirror .hl-blue-tint "
        "{ background-color: #21538527; font-weight: 700; }" in css
    )
    assert ".hl-green, .ProseMirror .hl-green { color: #118833; }" in css
