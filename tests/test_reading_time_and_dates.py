from datetime import UTC, datetime

import pytest

from articles.dates import korean_date, korean_datetime
from articles.reading_time import reading_minutes
from markup.sanitize import html_to_text
from reader.templatetags.newsroom import reading_time


def words(n):
    return " ".join(["회담에서"] * n)


@pytest.mark.parametrize(
    ("eojeol", "minutes"),
    [(0, 1), (1, 1), (200, 1), (201, 2), (400, 2), (401, 3), (1000, 5)],
)
def test_reading_minutes_counts_eojeol_at_200_a_minute_rounding_up(eojeol, minutes):
    assert reading_minutes(f"<p>{words(eojeol)}</p>", 200) == minutes


def test_reading_time_ignores_markup():
    body = '<h2 class="x">제목</h2><p><span class="hl-red">' + words(250) + "</span></p>"
    assert reading_minutes(body, 200) == 2


def test_reading_time_label():
    assert reading_time(4) == "4분 읽기"
    assert reading_time(0) == "1분 읽기"


def test_korean_date_is_korea_time():
    # 16:30 UTC on 29 July is 01:30 on 30 July in Seoul.
    moment = datetime(2025, 7, 29, 16, 30, tzinfo=UTC)
    assert korean_date(moment) == "2025년 7월 30일"
    assert korean_datetime(moment) == "2025년 7월 30일 (수) 오전 1:30"


def test_korean_datetime_afternoon():
    assert (
        korean_datetime(datetime(2025, 7, 30, 6, 5, tzinfo=UTC)) == "2025년 7월 30일 (수) 오후 3:05"
    )


def wire_body(path) -> str:
    """The body paragraphs of a wire story file as HTML, as the importer stores them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body_lines = lines[8 : next(i for i, line in enumerate(lines) if line.startswith("관련"))]
    return "".join(f"<p>{line}</p>" for line in body_lines if line.strip())


def test_sample_wire_body_reads_in_two_minutes(seeds_dir):
    # 237 eojeol: 2 minutes at 200 a minute; the wire's own header says 5, we compute ours.
    path = seeds_dir / "104_onsae_typhoon_buoys.txt"
    assert path.read_text(encoding="utf-8").splitlines()[1] == "5분 읽기"
    body = wire_body(path)
    assert len(html_to_text(body).split()) == 237
    assert reading_minutes(body, 200) == 2
    assert reading_minutes(body, 230) == 2
    assert reading_minutes(body, 100) == 3


def test_real_wire_seed_body_reads_in_two_minutes(real_seeds_dir):
    """Acceptance: the real wire story's 244 eojeol read in 2 minutes (the wire said 4)."""
    assert reading_minutes(wire_body(real_seeds_dir / "004_ccd83b53e90f73c2.txt"), 200) == 2
