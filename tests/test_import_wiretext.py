"""Importing wire copy received as plain text: our sample story in the seed's shape, variants,
and an acceptance test on the real seed story when ../shared/seeds is there."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article
from importing.importers import Importer, ImportProblem, Outcome, detect_format
from importing.importers.wiretext import parse_wire
from markup.sanitize import html_to_text
from related.models import RelatedEntry

from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

KOREA = ZoneInfo("Asia/Seoul")
SAMPLE_WIRE = "104_onsae_typhoon_buoys.txt"  # tests/data/seeds, our own story
SEED_WIRE = "004_ccd83b53e90f73c2.txt"  # ../shared/seeds

# Our own fictional wire story, in the seed's shape.
FERRY_STORY = """해양
3분 읽기
누리국 외무장관, 해람시에 여객선 항로 재개 제안
장관은 해운과 관광 협력을 넓히자고 말했다.
누리국 외무장관, 해람시에 여객선 항로 재개 제안
장관이 해람시 여객터미널을 둘러보고 있다.
2024년 5월 2일

가상의 섬나라 누리국 외무장관이 목요일 해람시를 방문했다.

관련 업계는 항로가 열리면 관광객이 늘 것으로 내다봤다.

장관은 "두 지역은 바다로 이어진 이웃"이라고 말했다.

관련가상통신 - 누리국 장관, 첫 해외 일정 발표

출처:가상통신
발견
해람시, 항만 보강 공사 설계 공모 시작
누리국 관광객 늘며 섬 숙박업 활기
한빛시 청년 창업 지원금 두 배로
"""
FERRY_HEADLINES = [
    "해람시, 항만 보강 공사 설계 공모 시작",
    "누리국 관광객 늘며 섬 숙박업 활기",
    "한빛시 청년 창업 지원금 두 배로",
]


def write(tmp_path, text, name="nuri-ferry.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def import_file(path, **options):
    result = Importer(**options).import_file(path)
    return result, Article.objects.filter(import_key=result.import_key).first()


def assert_wire_imported(path, *, paragraphs, related):
    """Every part of a wire story in the seed's shape survives import; returns (lines, story)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    discover = lines.index("발견")
    related_line = next(line for line in lines if line.startswith("관련"))
    source_line = next(line for line in lines if line.startswith("출처:"))
    body_lines = [line for line in lines[8 : lines.index(related_line)] if line.strip()]

    result, article = import_file(path)

    assert result.outcome == Outcome.CREATED, result.error
    assert result.format == "wire"
    assert result.import_key == f"file:wire:{path.stem}"
    assert article.status == Article.Status.DRAFT
    assert article.section.name == lines[0]
    assert article.headline == lines[2] == lines[4]
    assert article.deck == lines[3]
    assert article.feature_image_caption == lines[5]
    assert lines[1] not in article.body  # the site computes its own reading time
    # Every body paragraph, in order, one <p> each.
    assert len(body_lines) == paragraphs
    assert article.body.count("<p>") == paragraphs
    text = html_to_text(article.body)
    positions = [text.find(line) for line in body_lines]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    # Trailer: related link, source, and every related headline awaiting a moderator.
    assert article.related_link_title == related_line.removeprefix("관련")
    assert article.related_link_url == ""
    assert article.source.name == source_line.removeprefix("출처:")
    assert "출처" not in text and related_line not in text
    entries = list(article.related_entries.all())
    assert [entry.title for entry in entries] == lines[discover + 1 :]
    assert len(entries) == related
    assert {(e.status, e.origin, e.target_id, e.url) for e in entries} == {
        (RelatedEntry.Status.SUGGESTED, RelatedEntry.Origin.IMPORTED, None, "")
    }
    assert all(entry.is_awaiting_resolution for entry in entries)
    return lines, article


def test_sample_wire_story_imports_every_part(seeds_dir):
    _, article = assert_wire_imported(seeds_dir / SAMPLE_WIRE, paragraphs=12, related=8)

    assert article.section.name == "과학"
    assert article.published_at == datetime(2024, 9, 12, tzinfo=KOREA)
    assert article.source.name == "GW"
    assert (
        article.related_link_title
        == "가상 글로벌 - 온새국 기상청장, 취임 후 첫 해외 협력 일정 발표"
    )
    assert article.related_entries.first().title == "해람시, 태풍 대비 방파제 보강 공사 이달 착공"


def test_real_seed_wire_story_imports_every_part(real_seeds_dir):
    """Acceptance: the outlet's real wire story (../shared/seeds) imports the same way."""
    _, article = assert_wire_imported(real_seeds_dir / SEED_WIRE, paragraphs=12, related=20)

    assert article.published_at == datetime(2025, 7, 30, tzinfo=KOREA)
    assert article.source.name == "AA"


def test_own_wire_story_parts(tmp_path):
    doc = parse_wire(FERRY_STORY, Path("nuri-ferry.txt"))

    assert (doc.section, doc.headline) == (
        "해양",
        "누리국 외무장관, 해람시에 여객선 항로 재개 제안",
    )
    assert doc.deck == "장관은 해운과 관광 협력을 넓히자고 말했다."
    assert doc.image_caption == "장관이 해람시 여객터미널을 둘러보고 있다."
    assert doc.published_at == datetime(2024, 5, 2, tzinfo=KOREA)
    # A body paragraph that merely starts with the word 관련 stays in the body.
    assert doc.body.count("<p>") == 3
    assert "관련 업계는" in doc.body
    assert doc.related_link_title == "가상통신 - 누리국 장관, 첫 해외 일정 발표"
    assert doc.source == "가상통신"
    assert doc.related_headlines == FERRY_HEADLINES
    assert doc.warnings == []


def test_related_link_with_an_address():
    text = FERRY_STORY.replace(
        "관련가상통신 - 누리국 장관, 첫 해외 일정 발표",
        "관련 가상통신 - 장관 일정 (https://wire.example/nuri/123)",
    )
    doc = parse_wire(text, Path("x.txt"))

    assert doc.related_link_title == "가상통신 - 장관 일정"
    assert doc.related_link_url == "https://wire.example/nuri/123"


def test_related_headline_links_to_a_published_story_with_exactly_that_headline(tmp_path):
    published = ArticleFactory(headline=FERRY_HEADLINES[0])
    ArticleFactory(headline=FERRY_HEADLINES[1], status=Article.Status.DRAFT)
    ArticleFactory(headline=FERRY_HEADLINES[2] + " (속보)")

    result, article = import_file(write(tmp_path, FERRY_STORY))

    entries = list(article.related_entries.all())
    assert [entry.title for entry in entries] == FERRY_HEADLINES
    assert entries[0].target == published
    assert entries[0].status == RelatedEntry.Status.APPROVED
    assert entries[0].href == published.get_absolute_url()
    for entry in entries[1:]:  # a draft and a near-miss are no match
        assert entry.target is None and entry.status == RelatedEntry.Status.SUGGESTED
    assert "related +3 (1 linked)" in result.changes


def test_related_link_resolves_to_a_published_story(tmp_path):
    story = ArticleFactory(headline="누리국 장관, 첫 해외 일정 발표")

    _, article = import_file(write(tmp_path, FERRY_STORY))

    assert article.related_link_article == story
    assert article.related_link_href == story.get_absolute_url()


def test_reimport_keeps_moderator_decisions_and_never_duplicates(tmp_path):
    path = write(tmp_path, FERRY_STORY)
    _, article = import_file(path)
    moderator = UserFactory(username="moderator")
    first, second, third = article.related_entries.all()
    first.status = RelatedEntry.Status.REJECTED
    first.moderated_by = moderator
    first.save()
    second.url = "https://example.com/tourism"
    second.status = RelatedEntry.Status.APPROVED
    second.save()
    # A story with the third headline is published after the first import.
    target = ArticleFactory(headline=FERRY_HEADLINES[2])

    result, article = import_file(path)

    assert result.outcome == Outcome.UPDATED
    assert result.changes == ["related 1 now linked"]
    first, second, third = article.related_entries.all()
    assert first.status == RelatedEntry.Status.REJECTED and first.moderated_by == moderator
    assert second.url == "https://example.com/tourism"
    assert third.target == target and third.status == RelatedEntry.Status.APPROVED
    assert article.related_entries.count() == 3

    again, _ = import_file(path)
    assert again.outcome == Outcome.UNCHANGED
    assert RelatedEntry.objects.filter(article=article).count() == 3


def test_wire_story_without_a_date_imports_with_a_warning(tmp_path):
    text = FERRY_STORY.replace("2024년 5월 2일\n", "")

    result, article = import_file(write(tmp_path, text))

    assert result.outcome == Outcome.CREATED
    assert article.published_at is None
    assert any("no date line" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("해양\n3분 읽기\n2024년 5월 2일\n\n본문만 있습니다.\n", "no headline"),
        (
            "해양\n3분 읽기\n제목\n부제\n제목\n사진 설명\n남는 줄 하나\n또 남는 줄\n"
            "2024년 5월 2일\n\n본문\n",
            "lines after the headline",
        ),
        ("이 파일은 그냥 산문입니다.\n\n형식을 알 수 없습니다.\n", "unrecognised format"),
        ("<p>머리말 없는 HTML 조각</p>\n", "unrecognised format"),
    ],
)
def test_malformed_wire_copy_is_a_clear_error(tmp_path, text, message):
    result, article = import_file(write(tmp_path, text, name="bad-wire.txt"))

    assert result.outcome == Outcome.FAILED
    assert message in result.error
    assert article is None


def test_format_detection():
    assert detect_format(FERRY_STORY) == "wire"
    assert detect_format("\n---\ntitle: x\n---\n") == "frontmatter"
    with pytest.raises(ImportProblem):
        detect_format("그냥 글입니다.")
