"""Korean search: bigram terms, the must-hold matches, ranking, highlighting, friendly pages."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Attendee, AttendeeColumn, AttendeeTable, Source
from search.engine import Query, highlight, search_articles, terms
from search.models import ArticleSearchIndex
from tests.factories import ArticleFactory, SummaryItemFactory

pytestmark = pytest.mark.django_db


def found(text):
    ids = list(search_articles(Query.parse(text)))
    stories = Article.objects.in_bulk(ids)
    return [stories[pk] for pk in ids]


def ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def test_it_cuts_hangul_into_syllable_bigrams_and_keeps_latin_and_digit_words():
    assert terms("정상회담에서") == ["정상", "상회", "회담", "담에", "에서"]
    assert terms("AI반도체 3.1 지진") == ["ai", "반도", "도체", "3", "1", "지진"]
    assert terms("ＡＩ 북") == ["ai", "북"]  # full-width folded; a lone syllable stays whole
    assert terms("!!! ㅋㅋ") == []


@pytest.mark.parametrize(
    ("query", "headline"),
    [
        ("회담", "남북 정상회담에서 합의문 채택"),
        ("번역", "고전 번역을 다시 읽다"),
        ("북한", "북한의 미사일 발사"),
        ("AI", "AI반도체 수출 사상 최대"),
        ("ai반도체", "AI반도체 수출 사상 최대"),
    ],
)
def test_it_finds_korean_words_inside_words_with_particles(query, headline):
    story = ArticleFactory(headline=headline)
    ArticleFactory(headline="관계없는 날씨 기사")

    assert found(query) == [story]


def test_it_searches_deck_and_body_too():
    in_deck = ArticleFactory(headline="첫째", deck="외교 회담에서 나온 말")
    in_body = ArticleFactory(headline="둘째", body="<p>양국 <b>회담</b>은 길어졌다.</p>")

    assert set(found("회담")) == {in_deck, in_body}


def test_it_needs_every_term_of_the_query():
    both = ArticleFactory(headline="북한 외무상 회담 제안")
    ArticleFactory(headline="북한 날씨")

    assert found("북한 회담") == [both]


def test_it_ranks_headline_matches_above_deck_and_body_matches_then_newest_first():
    old_headline = ArticleFactory(headline="정상회담 결과", published_at=ago(300))
    new_headline = ArticleFactory(headline="회담 재개", published_at=ago(200))
    deck = ArticleFactory(headline="가", deck="회담을 앞두고", published_at=ago(20))
    newest_body = ArticleFactory(
        headline="나", body="<p>회담 회담 회담 회담</p>", published_at=ago(1)
    )
    older_body = ArticleFactory(headline="다", body="<p>회담이 열렸다</p>", published_at=ago(10))

    assert found("회담") == [new_headline, old_headline, deck, newest_body, older_body]


def test_it_ranks_more_query_terms_in_the_headline_higher():
    one = ArticleFactory(headline="북한 소식", body="<p>회담 예정</p>", published_at=ago(1))
    both = ArticleFactory(headline="북한 회담", published_at=ago(60))

    assert found("북한 회담") == [both, one]


def test_it_finds_only_published_stories():
    ArticleFactory(headline="회담 초안", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(headline="회담 예약", status=Article.Status.SCHEDULED, published_at=ago(-60))
    public = ArticleFactory(headline="회담 게시")

    assert found("회담") == [public]


def test_it_keeps_the_index_current_when_a_story_is_edited():
    story = ArticleFactory(headline="날씨 맑음")
    assert found("회담") == []

    story.headline = "정상회담 개최"
    story.save()

    assert found("회담") == [story]
    assert " 회담 " in ArticleSearchIndex.objects.get(article=story).headline_terms


def test_it_highlights_matches_and_escapes_the_rest():
    marked = highlight("<b>정상회담</b>에서 AI", ["정상", "상회", "회담", "ai"])

    assert marked == "&lt;b&gt;<mark>정상회담</mark>&lt;/b&gt;에서 <mark>AI</mark>"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("북", "too_short"),
        ("ㅋㅋㅋ", "no_terms"),
        ("가" * 61, "too_long"),
    ],
)
def test_it_refuses_queries_it_cannot_run(raw, problem):
    assert Query.parse(raw).problem == problem


def test_the_search_page_shows_highlighted_results(client):
    ArticleFactory(headline="남북 정상회담에서 합의", body="<p>두 정상은 회담 뒤 만찬을 했다.</p>")

    response = client.get(reverse("articles:search"), {"q": "회담"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "‘회담’ 검색 결과 1건" in html
    assert "남북 정상<mark>회담</mark>에서 합의" in html
    assert "<mark>회담</mark> 뒤" in html
    assert 'name="robots" content="noindex' in html


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "두 글자 이상"),
        ("북", "검색어가 너무 짧습니다"),
        ("가" * 500, "검색어가 너무 깁니다"),
        ("%%%''\"<>!?", "검색할 수 있는 글자가 없습니다"),
        ("<script>alert(1)</script>", "맞는 기사가 없습니다"),
        ("없는낱말조합", "맞는 기사가 없습니다"),
    ],
)
def test_the_search_page_is_friendly_to_empty_short_and_absurd_queries(client, raw, message):
    response = client.get(reverse("articles:search"), {"q": raw})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_the_search_page_survives_a_bad_page_number(client):
    ArticleFactory(headline="회담")

    response = client.get(reverse("articles:search"), {"q": "회담", "page": "x'"})

    assert response.status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")
def test_on_postgresql_it_matches_a_gin_indexed_tsvector():
    story = ArticleFactory(headline="정상회담")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_document'"
        )
        (definition,) = cursor.fetchone()
        cursor.execute(
            "SELECT document::text FROM articles_articlesearchindex WHERE article_id = %s",
            [story.pk],
        )
        (document,) = cursor.fetchone()

    assert "USING gin (document)" in definition
    assert "'회담':3A" in document
    sql, _ = search_articles(Query.parse("회담")).sql(connection)
    assert "@@" in sql


@pytest.mark.parametrize(
    ("query", "headline"),
    [
        ("2025년", "2025년부터 새 항만 제도 시행"),
        ("2025년부터", "2025년부터 새 항만 제도 시행"),
        ("3명", "가상 터널 사고로 3명이 다쳐"),
        ("12월", "12월 첫 주 가상 항로 재개"),
    ],
)
def test_it_finds_a_number_with_its_unit_inside_a_word(query, headline):
    story = ArticleFactory(headline=headline)
    ArticleFactory(headline="2024년 이전의 다른 가상 기사")

    assert found(query) == [story]


def test_it_finds_what_the_story_page_shows_beyond_the_body(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        story = ArticleFactory(headline="가상 항만 협상 재개", body="<p>본문에는 없는 말들.</p>")
        SummaryItemFactory(article=story, text="노조는 다음 주 총파업을 예고했다")
        table = AttendeeTable.objects.create(article=story, title="협상 참석자")
        column = AttendeeColumn.objects.create(table=table, heading="노측")
        Attendee.objects.create(column=column, name="한가람 위원장")
        story.source = Source.objects.create(name="가상통신")
        story.tags.add("물류대란")
        story.save()  # the desk's save: the parts were saved with it

    for query in ("총파업", "한가람", "노측", "가상통신", "물류대란"):
        assert found(query) == [story], query


def test_the_rebuild_command_rewrites_every_story_with_todays_rules():
    story = ArticleFactory(headline="2030년까지 가상 철도 완공")
    ArticleSearchIndex.objects.filter(article=story).update(
        headline_terms="", body_terms="", document=None
    )
    assert found("2030년") == []

    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert found("2030년") == [story]
    assert "기사의 검색 색인을 다시 썼습니다" in out.getvalue()
