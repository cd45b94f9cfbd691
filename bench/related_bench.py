"""Time related-story suggestions for one story against a large catalogue on PostgreSQL.

The goal (issue 5): under 200 ms per story against 100,000 stories. Run it against a private
database; stories are generated once (import_key "bench:<n>") and reused by later runs:

    createdb -h 127.0.0.1 -U postgres relbench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/relbench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/related_bench.py --n 100000

It prints the median, 95th percentile and maximum time of computing the suggestions of a
random sample of stories (`suggest`), and of computing and storing them
(`refresh_suggestions`, rolled back so that every run starts from the same data).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

KEY_PREFIX = "bench:"

SECTIONS = {
    "정치": "국회 여당 야당 대통령실 총선 공천 탄핵 개헌 예산안 특검 국정감사 인사청문회 "
    "선거제 원내대표 지지율 대선 후보 단일화 협치 입법",
    "경제": "금리 환율 물가 반도체 수출 부동산 코스피 가계부채 일자리 무역수지 "
    "전세 대출 소비자물가 성장률 기준금리 유가 증시 배터리 자동차 조선",
    "사회": "검찰 경찰 법원 재판 수사 화재 교통사고 실종 폭염 한파 미세먼지 의료 "
    "응급실 전공의 저출생 돌봄 학교폭력 수능 입시 노동",
    "국제": "미국 중국 일본 러시아 우크라이나 중동 가자지구 유엔 나토 정상회담 "
    "관세 무역분쟁 대선 외교 제재 휴전 난민 북핵 동맹 환율전쟁",
    "문화": "영화 드라마 케이팝 공연 전시 축제 출판 문학상 박물관 한류 웹툰 "
    "아이돌 콘서트 영화제 음원 뮤지컬 국악 미술관 문화재 방송",
    "스포츠": "프로야구 축구 대표팀 올림픽 월드컵 배구 농구 골프 메이저리그 "
    "프리미어리그 감독 이적 개막전 결승 우승 신기록 부상 선수단 챔피언 시즌",
    "IT·과학": "인공지능 반도체 스마트폰 플랫폼 개인정보 해킹 우주 발사체 위성 "
    "전기차 배터리 양자 로봇 데이터센터 클라우드 규제 게임 메타버스 통신 5G",
    "생활": "날씨 장마 태풍 여행 명절 귀성길 물가 외식 건강 다이어트 반려동물 "
    "부동산 청약 교통 지하철 버스 요금 택배 쇼핑 캠핑",
}
PLACES = "서울 부산 인천 대구 광주 대전 울산 세종 제주 강원 경기 충북 충남 전북 전남 경북 경남"
SUBJECTS = "정부 여당 야당 대통령실 국회 한국은행 서울시 경찰 검찰 법원 교육부 기재부 업계 시민단체"
PREDICATES = (
    "발표 합의 논의 추진 확대 축소 급등 급락 우려 전망 논란 재개 중단 개최 "
    "검토 결정 착수 마무리 비판 반발 촉구 점검 강화 완화 지연 신설"
)
PARTICLES = ("", "", "에서", "을", "를", "의", "가", "이", "와", "도")
ENDINGS = (
    "했다.",
    "할 전망이다.",
    "한 것으로 알려졌다.",
    "하기로 했다.",
    "해야 한다는 목소리가 나온다.",
    "한 데 따른 것이다.",
)


def words(text: str) -> list[str]:
    return text.split()


def headline(rng, topics, places, subjects, predicates) -> str:
    topic, other = rng.sample(topics, 2)
    place, subject = rng.choice(places), rng.choice(subjects)
    forms = (
        f"{place} {topic}{rng.choice(PARTICLES)} {subject} {rng.choice(predicates)}",
        f"{subject}, {topic} {rng.choice(predicates)}…{other} {rng.choice(predicates)}",
        f"[속보] {place}서 {topic} {rng.choice(predicates)}",
        f"{topic}{rng.choice(PARTICLES)} {other} {rng.choice(predicates)} 이어져",
        f"{place} {topic} {rng.choice(predicates)}에 {subject} {rng.choice(predicates)}",
    )
    return rng.choice(forms)


def body(rng, topics, places, subjects, predicates) -> str:
    sentences = []
    for _ in range(rng.randint(6, 12)):
        topic = rng.choice(topics)
        sentences.append(
            f"{rng.choice(places)}의 {topic}{rng.choice(PARTICLES)} 두고 {rng.choice(subjects)}"
            f"{rng.choice(('는', '가', '도'))} {rng.choice(topics)} {rng.choice(predicates)}"
            f"{rng.choice(ENDINGS)}"
        )
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def generate(n: int, start: int, seed: int, batch: int = 5000) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, Category

    rng = random.Random(seed + start)
    places, subjects, predicates = words(PLACES), words(SUBJECTS), words(PREDICATES)
    sections = {name: Category.objects.get_or_create(name=f"벤치 {name}")[0] for name in SECTIONS}
    tag_names = {t for topics in SECTIONS.values() for t in words(topics)} | set(places)
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=tag_names)}
    missing = sorted(tag_names - tags.keys())
    offset = Tag.objects.count()
    Tag.objects.bulk_create(
        [Tag(name=name, slug=f"bench-{offset + i}") for i, name in enumerate(missing)],
        ignore_conflicts=True,
    )
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=tag_names)}
    article_type = ContentType.objects.get_for_model(Article)
    through = Article.categories.through
    now = timezone.now()
    names = list(SECTIONS)
    done = 0
    while done < n:
        size = min(batch, n - done)
        rows, labels = [], []
        for i in range(start + done, start + done + size):
            section = rng.choice(names)
            topics = words(SECTIONS[section])
            text = body(rng, topics, places, subjects, predicates)
            rows.append(
                Article(
                    headline=headline(rng, topics, places, subjects, predicates),
                    slug=f"bench-{i}",
                    import_key=f"{KEY_PREFIX}{i}",
                    section=sections[section],
                    excerpt=text[3:80],
                    body=text,
                    byline="벤치 기자",
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=rng.randint(1, 3 * 365 * 24 * 60)),
                )
            )
            labels.append((section, rng.sample(topics, rng.randint(1, 4)) + rng.sample(places, 1)))
        with transaction.atomic():
            created = Article.objects.bulk_create(rows)
            through.objects.bulk_create(
                through(article_id=article.pk, category_id=sections[section].pk)
                for article, (section, _) in zip(created, labels, strict=True)
            )
            TaggedItem.objects.bulk_create(
                TaggedItem(content_type=article_type, object_id=article.pk, tag=tags[name])
                for article, (_, tag_list) in zip(created, labels, strict=True)
                for name in tag_list
            )
        done += size
        print(f"  generated {start + done:,} stories", flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, pks) -> list[float]:
    from django.db import transaction

    from articles.models import Article

    spent = []
    for pk in pks:
        with transaction.atomic():
            started = time.perf_counter()
            function(Article.objects.get(pk=pk))
            spent.append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="stories in the catalogue")
    parser.add_argument("--sample", type=int, default=200, help="stories to time")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit(
            "related_bench measures the PostgreSQL strategy: set DATABASE_URL to a private "
            "PostgreSQL database (e.g. postgres://postgres@127.0.0.1:5432/relbench), migrated "
            "first. SQLite is refused: it uses the small-site fallback."
        )
    import django

    django.setup()
    from django.db import connection

    from articles.models import Article
    from related.suggest import refresh_suggestions, suggest, uses_trigrams

    stories = Article.objects.filter(import_key__startswith=KEY_PREFIX)
    have = stories.count()
    if have < args.n:
        print(f"Generating {args.n - have:,} stories (have {have:,})…", flush=True)
        started = time.perf_counter()
        generate(args.n - have, start=have, seed=args.seed)
        print(f"  took {time.perf_counter() - started:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    assert uses_trigrams(), "pg_trgm is missing or ignores Hangul: run migrate first"

    total = Article.objects.published().count()
    pks = list(stories.values_list("pk", flat=True))
    sample = random.Random(args.seed).sample(pks, min(args.sample, len(pks)))
    timed(suggest, sample[:10])  # warm the connection and PostgreSQL's caches
    results = {
        "suggest (compute)": timed(suggest, sample),
        "refresh_suggestions (compute + store)": timed(refresh_suggestions, sample),
    }
    found = statistics.mean(len(suggest(Article.objects.get(pk=pk))) for pk in sample[:20])

    print()
    print(f"Catalogue: {total:,} published stories; sample: {len(sample)} stories")
    print(f"Average suggestions per story: {found:.1f}")
    print()
    print(f"| {'operation':<40} | median ms | p95 ms | max ms |")
    print(f"|{'-' * 42}|-----------|--------|--------|")
    for name, spent in results.items():
        print(
            f"| {name:<40} | {statistics.median(spent):9.1f} | "
            f"{percentile(spent, 0.95):6.1f} | {max(spent):6.1f} |"
        )


if __name__ == "__main__":
    main()
