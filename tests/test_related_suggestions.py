"""Automatic related-story suggestions: what is suggested, what never is, and when."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from markup.bigrams import bigrams, similarity
from related.models import RelatedEntry
from related.suggest import refresh_suggestions, suggest
from tests.factories import ArticleFactory, CategoryFactory, RelatedEntryFactory

pytestmark = pytest.mark.django_db


def make(headline, **kwargs):
    """A story whose body is about its headline: the factory's shared body would make every
    story look alike."""
    return ArticleFactory(headline=headline, body=f"<p>{headline}.</p>", **kwargs)


def suggested_ids(article, **kwargs):
    return [candidate.article_id for candidate in suggest(article, **kwargs)]


def test_korean_bigrams_match_words_with_different_particles():
    a = bigrams("한미 정상회담에서 북핵 해법 논의")
    b = bigrams("정상회담을 앞둔 북핵 해법")
    c = bigrams("프로야구 개막전 매진")
    assert {"정상", "회담", "북핵"} <= a & b
    assert similarity(a, b) > 0.3
    assert similarity(a, c) == 0


def test_stories_sharing_tags_rank_above_unrelated_ones():
    story = make("반도체 수출 석 달째 증가", tags=["반도체", "수출", "무역"])
    close = make("메모리 가격 반등세", tags=["반도체", "수출"])
    loose = make("항만 물동량 회복", tags=["무역"])
    make("프로야구 개막전 매진", tags=["야구"])

    assert suggested_ids(story) == [close.pk, loose.pk]


def test_similar_korean_headline_is_found_without_tags_or_sections():
    story = make("한미 정상회담에서 북핵 해법 논의")
    similar = make("한미 정상회담 앞두고 북핵 해법 관심")
    make("프로야구 개막전 매진 사례")

    assert suggested_ids(story) == [similar.pk]


def test_same_section_counts_and_nearer_in_time_ranks_higher():
    section = CategoryFactory(name="경제")
    now = timezone.now()
    story = make("금리 동결", section=section, published_at=now)
    recent = make("환율 급등", section=section, published_at=now - timedelta(days=1))
    old = make("물가 둔화", section=section, published_at=now - timedelta(days=200))
    assert suggested_ids(story) == [recent.pk, old.pk]


def test_never_itself_unpublished_listed_or_rejected_stories():
    story = make("태풍 북상", tags=["태풍"])
    fine = make("태풍 대비 요령", tags=["태풍"])
    make("태풍 피해 집계", tags=["태풍"], status=Article.Status.DRAFT)
    make(
        "태풍 예보 (예약)",
        tags=["태풍"],
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=1),
    )
    approved = RelatedEntryFactory(article=story, target=make("해안 대피소 점검", tags=["태풍"]))
    rejected = RelatedEntryFactory(
        article=story,
        target=make("기상청 특보 발표", tags=["태풍"]),
        status=RelatedEntry.Status.REJECTED,
        origin=RelatedEntry.Origin.AUTOMATIC,
    )

    ids = suggested_ids(story)
    assert ids == [fine.pk]
    assert story.pk not in ids and approved.target_id not in ids
    assert rejected.target_id not in ids


def test_the_same_story_filed_twice_is_suggested_once():
    story = make("지진 속보", tags=["지진"])
    first = make("[속보] 규모 4.0 지진 발생", tags=["지진"])
    again = make("[속보]  규모 4.0 지진 발생!", tags=["지진"])
    # A headline already listed (here awaiting resolution from an import) is a duplicate too.
    RelatedEntry.objects.create(
        article=story,
        title="여진 이어져",
        status=RelatedEntry.Status.SUGGESTED,
        origin=RelatedEntry.Origin.IMPORTED,
    )
    make("여진 이어져", tags=["지진"])

    ids = suggested_ids(story)
    assert len(ids) == 1 and ids[0] in (first.pk, again.pk)


def test_at_most_the_configured_number_of_candidates(settings):
    settings.NEWSROOM_RELATED_CANDIDATES = 3
    story = make("후보 등록 마감", tags=["선거"])
    for name in ("공천 심사", "사전투표율", "출구조사", "개표 방송", "당선 확정"):
        make(name, tags=["선거"])
    assert len(suggest(story)) == 3
    assert len(suggest(story, limit=2)) == 2


def test_refresh_replaces_untouched_suggestions_and_keeps_judged_entries():
    story = make("응급실 인력 부족", tags=["의료"])
    stale = RelatedEntryFactory(
        article=story,
        target=make("관계 없는 기사"),
        status=RelatedEntry.Status.SUGGESTED,
        origin=RelatedEntry.Origin.AUTOMATIC,
    )
    approved = RelatedEntryFactory(article=story, target=make("필수의료 수가 인상", tags=["의료"]))
    rejected = RelatedEntryFactory(
        article=story,
        target=make("지역 병원 폐업 우려", tags=["의료"]),
        status=RelatedEntry.Status.REJECTED,
    )
    fresh = make("간호 인력 확충안", tags=["의료"])

    refresh_suggestions(story)

    entries = {entry.target_id: entry for entry in story.related_entries.all()}
    assert stale.target_id not in entries
    assert entries[approved.target_id].status == RelatedEntry.Status.APPROVED
    assert entries[rejected.target_id].status == RelatedEntry.Status.REJECTED
    new = entries[fresh.pk]
    assert (new.status, new.origin) == (
        RelatedEntry.Status.SUGGESTED,
        RelatedEntry.Origin.AUTOMATIC,
    )
    assert 0 < new.score <= 1

    # Rejections stick: computing again never brings the rejected story back.
    refresh_suggestions(story)
    assert story.related_entries.filter(target=rejected.target).get().status == "rejected"


def test_publishing_a_story_computes_its_suggestions_once(django_capture_on_commit_callbacks):
    older = make("미세먼지 저감 대책", tags=["환경"])
    story = make(
        "탄소중립 이행 점검", status=Article.Status.DRAFT, published_at=None, tags=["환경"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        story.save()
    assert not story.related_entries.exists()  # a draft gets none

    story.status = Article.Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        story.save()
    first = list(story.related_entries.values_list("pk", "target_id"))
    assert [target for _, target in first] == [older.pk]

    with django_capture_on_commit_callbacks(execute=True):
        story.save()  # an edit after publishing does not recompute
    assert list(story.related_entries.values_list("pk", "target_id")) == first


def test_command_computes_the_back_catalogue():
    for name in ("대입 제도 개편", "늘봄학교 확대", "교원 정원 감축"):
        make(name, tags=["교육"])
    make("수능 출제 방향", status=Article.Status.DRAFT, tags=["교육"])
    out = StringIO()

    call_command("suggest_related", stdout=out)  # by default: stories without suggestions
    assert RelatedEntry.objects.filter(origin="automatic").count() == 3 * 2
    assert "3" in out.getvalue()

    call_command("suggest_related", stdout=out)
    assert "0" in out.getvalue().splitlines()[-1]

    call_command("suggest_related", "--all", stdout=out)
    assert RelatedEntry.objects.filter(origin="automatic").count() == 3 * 2
    since = (timezone.localdate() + timedelta(days=1)).isoformat()
    call_command("suggest_related", "--since", since, stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("0")
