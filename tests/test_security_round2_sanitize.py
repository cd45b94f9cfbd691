"""The sanitizer's cost is bounded and its input limits are form errors (issue 14.7, 14.10).

No test here measures time (bench/sanitize_bench.py prints the table); they count the work a
flood makes, check the limits' errors, and that what used to raise now answers in Korean.
"""

import io
import re

import pytest
from bleach._vendor.html5lib.treewalkers import etree as html5lib_etree_walker
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from live.models import LiveUpdate
from markup import sanitize
from markup.sanitize import sanitize_html
from tests.factories import ArticleFactory
from tests.test_admin_story import story_form_data

PALETTE = {"hl-red"}


class CountingPattern:
    """A compiled pattern that counts the characters its searches walk over."""

    def __init__(self, pattern):
        self.pattern, self.scanned = pattern, 0

    def search(self, text, pos=0):
        match = self.pattern.search(text, pos)
        self.scanned += (match.end() if match else len(text)) - pos
        return match


def test_it_drops_invisible_elements_in_one_pass_however_many_are_unclosed(monkeypatch):
    """12,000 unclosed <svg> took a lazy regex 12,000 scans to the end; one scan now."""
    counters = {name: CountingPattern(p) for name, p in sanitize._INVISIBLE_END.items()}
    monkeypatch.setattr(sanitize, "_INVISIBLE_END", counters)
    flood = "<svg>" * 12_000 + "<select>" * 12_000 + "<p>끝</p>"
    assert sanitize_html(flood) == "<p>끝</p>"
    assert counters["svg"].scanned <= len(flood)
    assert counters["select"].scanned <= len(flood)


def test_it_still_drops_invisible_elements_with_their_contents():
    fragment = (
        "<p>가<svg><text>숨김</text></svg>나<SCRIPT>x</script >다<select><option>o</select></p>"
    )
    assert sanitize_html(fragment) == "<p>가나다</p>"
    # An unclosed one is left to bleach, which keeps its text but never its tag.
    assert sanitize_html("<p>가<svg>나</p>") == "<p>가나</p>"


def test_it_refuses_nesting_deeper_than_the_limit_with_a_korean_error():
    ok = "<b>" * (sanitize.MAX_NESTING_DEPTH - 1) + "가" + "</b>" * (sanitize.MAX_NESTING_DEPTH - 1)
    assert sanitize_html(ok).count("<b>") == sanitize.MAX_NESTING_DEPTH - 1
    for shape in ("<b>", "<b>가", "<ul><li>", '<span class="hl-red">', "<blockquote><i>"):
        with pytest.raises(ValidationError) as refused:
            sanitize_html(shape * 5_000, allowed_classes=PALETTE)
        assert refused.value.code == "html_too_deep"
        assert f"최대 {sanitize.MAX_NESTING_DEPTH}단계" in refused.value.messages[0]


def test_it_refuses_html_longer_than_the_limit_before_parsing_it():
    with pytest.raises(ValidationError) as refused:
        sanitize_html("<p>가</p>" * (sanitize.MAX_HTML_CHARS // 8 + 1))
    assert refused.value.code == "html_too_long"
    assert f"{sanitize.MAX_HTML_CHARS:,}자" in refused.value.messages[0]


def test_it_walks_a_flat_body_without_searching_siblings(monkeypatch):
    """html5lib's walker looked up each parent's index among its siblings on the way up."""
    calls = []
    real_index = list.index

    class Spy(list):
        def index(self, *args):
            calls.append(args)
            return real_index(self, *args)

    # The stock walker calls list(siblings).index(parent) from its own module.
    monkeypatch.setattr(html5lib_etree_walker, "list", Spy, raising=False)
    body = "<ul><li>항목</li></ul>" * 2000
    assert sanitize_html(body) == body
    assert calls == []


@pytest.mark.parametrize("value", ["²", "١", "𝟐", "-1", "0", "51", "2.0", " 2"])
def test_it_drops_table_spans_that_are_not_small_ascii_numbers(value):
    cleaned = sanitize_html(f'<table><tr><td colspan="{value}">칸</td></tr></table>')
    assert "colspan" not in cleaned and "칸" in cleaned


def test_it_keeps_a_plain_table_span():
    cleaned = sanitize_html('<table><tr><td colspan="2" rowspan="3">칸</td></tr></table>')
    assert 'colspan="2"' in cleaned and 'rowspan="3"' in cleaned


@pytest.mark.django_db
def test_it_saves_a_body_with_a_superscript_colspan_from_the_admin(editor_client, parts):
    body = '<p>표</p><table><tr><td colspan="²">가상 칸</td></tr></table>'
    data = story_form_data(*parts, headline="가상 위첨자 표", body=body)
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    stored = Article.objects.get(headline="가상 위첨자 표").body
    assert "가상 칸" in stored and "colspan" not in stored


@pytest.mark.django_db
def test_it_keeps_the_typed_body_and_names_the_limit_when_it_nests_too_deep(editor_client, parts):
    body = "<p>가상 본문</p>" + "<b>굵게" * 500
    data = story_form_data(*parts, headline="가상 깊은 본문", body=body)
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"최대 {sanitize.MAX_NESTING_DEPTH}단계" in page
    assert "가상 깊은 본문" in page and "&lt;b&gt;굵게&lt;b&gt;굵게" in page
    assert not Article.objects.filter(headline="가상 깊은 본문").exists()


@pytest.mark.django_db
def test_it_refuses_a_too_deep_live_update_on_its_body_field(editor_client):
    story = ArticleFactory(headline="가상 실시간")
    response = editor_client.post(
        reverse("admin:live_liveupdate_post", args=[story.pk]), {"body": "<b>소식" * 500}
    )
    assert response.status_code == 200
    assert f"최대 {sanitize.MAX_NESTING_DEPTH}단계" in response.content.decode()
    assert not LiveUpdate.objects.exists()


def import_post(tmp_path, name, body):
    (tmp_path / name).write_text(f"---\ntitle: 가상 {name}\n---\n{body}\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_posts", str(tmp_path / name), stdout=out, stderr=err)
    except Exception as exc:  # noqa: BLE001 - the command exits non-zero on a failed file
        err.write(str(exc))
    return out.getvalue() + err.getvalue()


@pytest.mark.django_db
def test_it_imports_a_post_with_a_superscript_colspan(tmp_path):
    output = import_post(tmp_path, "sup.html", '<table><tr><td colspan="²">칸</td></tr></table>')
    assert "unexpected error" not in output
    assert "colspan" not in Article.objects.get(headline="가상 sup.html").body


@pytest.mark.django_db
def test_it_reports_a_too_deep_post_by_the_limit_not_as_an_unexpected_error(tmp_path):
    output = import_post(tmp_path, "deep.html", "<p>본문</p>" + "<b>굵게" * 150)
    assert "unexpected error" not in output
    assert re.search(rf"최대 {sanitize.MAX_NESTING_DEPTH}단계", output)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_an_import_nested_deeper_than_python_can_recurse_is_named_not_unexpected(tmp_path):
    output = import_post(tmp_path, "abyss.html", "<p>본문</p>" + "<span>겹침" * 2000)
    assert re.search(rf"최대 {sanitize.MAX_NESTING_DEPTH}단계", output)
    assert "unexpected error" not in output
    assert not Article.objects.exists()


def test_it_refuses_a_tag_with_more_attributes_than_the_limit_before_comparing_them():
    # An unclosed quote makes the rest of a body one tag with thousands of attributes, whose
    # duplicate check html5lib runs pairwise; the tokenizer stops at the limit instead.
    body = "<p>본문</p>" + '<a title="' * 2000
    with pytest.raises(ValidationError) as refused:
        sanitize.sanitize_html(body)
    assert refused.value.code == "html_too_many_attributes"
    assert f"최대 {sanitize.MAX_ATTRIBUTES}개" in refused.value.messages[0]
    ordinary = '<p><a href="https://example.com/" title="설명">링크</a></p>'
    assert sanitize.sanitize_html(ordinary) == ordinary
