import pytest

from markup.sanitize import html_to_text, sanitize_html

PALETTE = {"hl-red", "hl-blue-tint", "hl-blue"}


def clean(fragment, **kwargs):
    return sanitize_html(fragment, allowed_classes=PALETTE, **kwargs)


def test_story_structure_is_kept():
    fragment = (
        "<h2>제목</h2><h3>소제목</h3><p>문단 <b>굵게</b> <strong>강하게</strong> <em>기울임</em>"
        '<br><a href="https://example.com/a" title="t">링크</a></p>'
        "<ul><li>하나</li></ul><ol><li>둘</li></ol><blockquote>인용</blockquote><hr>"
        '<table><thead><tr><th scope="col">측</th></tr></thead><tbody><tr><td>이름</td></tr>'
        "</tbody></table>"
    )
    assert clean(fragment) == fragment


@pytest.mark.parametrize(
    ("dirty", "expected"),
    [
        ("<p>본문<script>alert(1)</script></p>", "<p>본문</p>"),
        ('<p onclick="alert(1)">본문</p>', "<p>본문</p>"),
        ('<p style="color: red">본문</p>', "<p>본문</p>"),
        ('<p data-ke-size="size16">본문</p>', "<p>본문</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a>x</a>"),
        ('<a href="mailto:desk@example.com">x</a>', '<a href="mailto:desk@example.com">x</a>'),
        ("<p>본문<!-- 편집 메모 --></p>", "<p>본문</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
        ("<iframe src='https://evil.example'></iframe><p>a</p>", "<p>a</p>"),
        ("<style>p{}</style><p>a</p>", "<p>a</p>"),
    ],
)
def test_dangerous_markup_is_dropped(dirty, expected):
    assert clean(dirty) == expected


def test_only_palette_classes_survive_on_spans():
    assert clean('<span class="hl-red evil">a</span>') == '<span class="hl-red">a</span>'
    assert clean('<span class="unknown">a</span>') == "<span>a</span>"
    assert clean('<p class="hl-red">a</p>') == "<p>a</p>"


def test_palette_is_data_not_code():
    assert sanitize_html('<span class="hl-green">a</span>') == "<span>a</span>"
    kept = sanitize_html('<span class="hl-green">a</span>', allowed_classes={"hl-green"})
    assert kept == '<span class="hl-green">a</span>'


def test_inline_only_drops_blocks_but_keeps_text():
    cleaned = clean("<h2>사진</h2><p>설명 <em>강조</em></p>", inline_only=True)
    assert "<h2>" not in cleaned and "<p>" not in cleaned
    assert cleaned.split() == ["사진", "설명", "<em>강조</em>"]


def test_table_cell_attributes_are_limited():
    assert (
        clean('<table><tr><th scope="evil" colspan="2" width="9">a</th></tr></table>')
        == '<table><tbody><tr><th colspan="2">a</th></tr></tbody></table>'
    )


def test_html_to_text_separates_blocks_and_decodes_entities():
    assert html_to_text("<p>첫&nbsp;문단</p><p>둘째 &amp; 셋째</p>") == "첫 문단 둘째 & 셋째"
