"""Demo stories shown by `make run` on first start: fictional, original, marked as demo.

They follow the shapes of the outlet's two source formats: a blog-style story with every part
a story can have (highlights, summary list, attendee table, source, related link and approved
related entries), and a wire story with deck, caption, source, related link and a
related-headline list.
"""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.models import Article, AttendeeTable, Category, Source, SummaryItem
from live.models import LiveCoverage, LiveUpdate, StoryNote
from photos.library import photo_for_bytes
from related.models import RelatedEntry

DEMO_TAG = "데모"
DEMO_KEY_PREFIX = "demo:"

FULL_STORY_BODY = """
<h2>두 항구도시, 바다 위 바람을 함께 쓰기로</h2>
<p>가상의 항구도시 한빛시와 해람시가 해상풍력 단지를 공동으로 운영하기 위한 첫 실무 회의를 열었습니다.
<span class="hl-red">두 도시는 2030년까지 해상풍력으로 가정용 전력의 절반을 채우겠다는 목표를 처음으로 함께 내놓았습니다.</span>
회의는 한빛시 시청 대회의실에서 세 시간 넘게 이어졌으며, 양측은 송전망과 항만 시설을 나누어 쓰는 방안을 중점적으로 논의했습니다.
<span class="hl-blue-tint">특히 어민 단체가 요구해 온 조업 구역 보상 기준을 공동 협약문에 넣기로 한 점이 눈에 띕니다.</span>
<span class="hl-blue">참석자들은 이번 합의가 지역 일자리를 늘리는 계기가 될 것이라고 입을 모았습니다.</span></p>
<p>한빛시 관계자는 <span class="hl-red">설비 유지보수 기지를 두 도시 사이 섬에 짓는 안을 우선 검토하겠다고 밝혔습니다.</span>
해람시는 부품 물류를 맡고, 한빛시는 전력 거래와 정산을 맡는 식으로 역할을 나눈다는 구상입니다.
<span class="hl-blue-tint">다만 환경단체는 철새 이동 경로에 대한 조사가 먼저 끝나야 한다고 지적했습니다.</span>
<span class="hl-blue">양측은 다음 달 공개 설명회를 열어 주민 의견을 듣기로 했습니다.</span></p>
<h3>남은 과제</h3>
<p>사업비 분담 비율은 아직 정해지지 않았습니다.
<span class="hl-red">두 도시는 연말까지 분담 비율과 운영 법인 설립 방안을 확정할 계획입니다.</span>
전문가들은 <a href="https://example.com/demo-offshore-wind">해외 공동 운영 사례</a>를 참고해 분쟁 조정 절차부터 마련해야 한다고 조언했습니다.</p>
"""

WIRE_STORY_PARAGRAPHS = [
    "가상의 섬나라 누리국 외무장관이 화요일 해람시를 방문해 "
    "해운과 관광 분야 협력을 넓히자고 제안했다고 데모통신이 전했다.",
    '장관은 공항에서 기자들과 만나 "두 지역은 바다로 이어진 이웃"이라며 '
    '"정기 여객선 항로를 다시 여는 것이 첫걸음"이라고 말했다.',
    "해람시는 항로 재개에 필요한 항만 보강 공사를 내년 상반기에 시작할 예정이다. "
    "시 관계자는 여객 수요 조사 결과가 나오는 대로 운항 횟수를 정하겠다고 밝혔다.",
    "양측은 이날 청소년 교류 프로그램과 어업 자원 공동 조사에도 합의했다. "
    "합의 내용은 이번 주 안에 문서로 정리돼 공개될 예정이다.",
    "누리국은 지난해부터 주변 지역과 관계 회복에 힘써 왔으며, "
    "이번 방문은 장관 취임 뒤 첫 해외 일정이다.",
]

RELATED_HEADLINES = [
    "[데모] 해람시, 항만 보강 공사 설계 공모 시작",
    "[데모] 누리국 관광객 늘며 섬 지역 숙박업 활기",
    "[데모] 한빛시 청년 창업 지원금 두 배로 확대",
]


def demo_image(title_colour=(26, 84, 144), size=(1200, 675)) -> ContentFile:
    """A generated JPEG for demo stories: a calm sea-and-sky picture, no text."""
    width, height = size
    image = Image.new("RGB", size, (230, 238, 246))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = int(200 * y / height)
        draw.line([(0, y), (width, y)], fill=(max(30, 220 - shade), 230 - shade // 2, 250))
    horizon = int(height * 0.62)
    draw.rectangle([0, horizon, width, height], fill=title_colour)
    for x in range(80, width, 220):
        draw.line([(x, horizon - 180), (x, horizon)], fill=(245, 245, 245), width=6)
        draw.polygon(
            [(x, horizon - 180), (x + 60, horizon - 200), (x + 8, horizon - 170)],
            fill=(250, 250, 250),
        )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name="demo-offshore-wind.jpg")


def demo_photo():
    """The demo picture in the photo library, through the same pipeline as an upload."""
    photo, _created = photo_for_bytes(
        demo_image().read(),
        name="demo-offshore-wind.jpg",
        alt_text="바다 위에 하얀 풍력 발전기들이 서 있는 그림",
        credit="뉴스룸 데모 그래픽",
    )
    return photo


def demo_exists() -> bool:
    return Article.objects.filter(import_key__startswith=DEMO_KEY_PREFIX).exists()


@transaction.atomic
def load_demo_stories() -> list[Article]:
    now = timezone.now()
    news, _ = Category.objects.get_or_create(name="News")
    asia, _ = Category.objects.get_or_create(name="아시아")
    economy, _ = Category.objects.get_or_create(name="경제")
    wire, _ = Source.objects.get_or_create(
        name="데모통신", defaults={"url": "https://example.com/"}
    )

    full = Article(
        import_key=f"{DEMO_KEY_PREFIX}offshore-wind",
        headline="[데모] 한빛시·해람시, 해상풍력 공동 운영 첫 회의",
        section=news,
        deck="가상의 두 항구도시가 송전망과 항만을 함께 쓰는 방안을 논의했습니다.",
        excerpt=(
            "가상의 항구도시 한빛시와 해람시가 해상풍력 단지 공동 운영을 위한 첫 회의를 열고, "
            "2030년까지 가정용 전력의 절반을 해상풍력으로 채우겠다는 목표를 내놓았습니다."
        ),
        feature_text=(
            "두 도시는 설비 유지보수 기지와 어민 보상 기준을 공동 협약에 담기로 했습니다. "
            "이 기사는 뉴스룸을 보여 주기 위한 가상의 데모 기사입니다."
        ),
        feature_photo=demo_photo(),
        feature_image_caption="한빛시 앞바다에 들어설 해상풍력 단지 상상도",
        body=FULL_STORY_BODY,
        byline="데모 기자",
        source=wire,
        related_link_title="데모통신 - 바다 위 풍력 단지, 이웃 도시와 나눠 쓴 해외 사례",
        related_link_url="https://example.com/demo-offshore-wind-abroad",
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(hours=2),
    )
    full.save()
    full.tags.add(DEMO_TAG, "해상풍력", "한빛시", "해람시")
    SummaryItem.objects.bulk_create(
        SummaryItem(article=full, text=text, position=i)
        for i, text in enumerate(
            [
                "한빛시와 해람시가 해상풍력 공동 운영을 위한 첫 회의를 열었습니다.",
                "2030년까지 가정용 전력의 절반을 해상풍력으로 채우는 것이 목표입니다.",
                "어민 조업 구역 보상 기준을 공동 협약문에 넣기로 했습니다.",
                "환경단체는 철새 이동 경로 조사를 먼저 끝내야 한다고 지적했습니다.",
                "사업비 분담 비율은 연말까지 확정할 계획입니다.",
            ]
        )
    )
    table = AttendeeTable.objects.create(article=full, title="회의 참석자", position=0)
    table.replace_columns(
        [
            ("한빛시 측 참석자", ["김바다 한빛시장", "이해솔 에너지정책관"]),
            ("해람시 측 참석자", ["박물결 해람시장", "최나래 항만국장"]),
        ]
    )

    wire_story = Article(
        import_key=f"{DEMO_KEY_PREFIX}nuri-visit",
        headline="[데모] 누리국 외무장관, 해람시 방문해 여객선 항로 재개 제안",
        section=asia,
        deck="장관은 해운과 관광, 청소년 교류까지 협력을 넓히자고 말했다.",
        excerpt="가상의 섬나라 누리국 외무장관이 해람시를 찾아 정기 여객선 항로 재개를 제안했다.",
        feature_image_caption="누리국 외무장관이 해람시 여객터미널을 둘러보고 있다.",
        body="".join(f"<p>{paragraph}</p>" for paragraph in WIRE_STORY_PARAGRAPHS),
        byline="데모통신",
        source=wire,
        related_link_title="데모통신 - 누리국 장관, 취임 후 첫 해외 일정 발표",
        related_link_url="https://example.com/demo-nuri-minister",
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(hours=1),
    )
    wire_story.save()
    wire_story.tags.add(DEMO_TAG, "누리국", "외교")

    others = []
    for position, headline in enumerate(RELATED_HEADLINES):
        other = Article.objects.create(
            import_key=f"{DEMO_KEY_PREFIX}related-{position}",
            headline=headline,
            section=economy if position == 2 else asia,
            excerpt="짧은 데모 기사입니다. 뉴스룸의 관련 기사 목록을 보여 줍니다.",
            body=(
                "<p>이 기사는 뉴스룸의 기능을 보여 주기 위해 만든 가상의 짧은 기사입니다. "
                "실제 인물이나 지역과 관계가 없습니다.</p>"
            ),
            byline="데모 기자",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=1, hours=position),
        )
        other.tags.add(DEMO_TAG)
        others.append(other)
    RelatedEntry.objects.bulk_create(
        RelatedEntry(
            article=wire_story,
            target=other,
            status=RelatedEntry.Status.APPROVED,
            origin=RelatedEntry.Origin.MANUAL,
            position=i,
        )
        for i, other in enumerate(others)
    )
    # The full story shows every part, its "발견" list included: approved entries to stories
    # of ours and one to an outside page.
    RelatedEntry.objects.bulk_create(
        RelatedEntry(
            article=full,
            target=target,
            url=url,
            title=title,
            status=RelatedEntry.Status.APPROVED,
            origin=RelatedEntry.Origin.MANUAL,
            position=i,
        )
        for i, (target, url, title) in enumerate(
            [
                (wire_story, "", ""),
                (others[0], "", ""),
                (None, "https://example.com/demo-fishery-guide", "[데모] 어민 조업 구역 보상 안내"),
            ]
        )
    )
    RelatedEntry.objects.create(
        article=wire_story,
        title="[데모] 누리국 여객선 항로, 10년 만에 다시 열리나",
        status=RelatedEntry.Status.SUGGESTED,
        origin=RelatedEntry.Origin.IMPORTED,
        position=len(others),
    )

    flash = Article.objects.create(
        import_key=f"{DEMO_KEY_PREFIX}flash",
        headline="[데모] 해람시 앞바다 규모 3.1 지진…피해 신고 없어",
        section=asia,
        deck="속보 기능을 보여 주는 가상의 짧은 기사입니다.",
        excerpt="해람시 앞바다에서 규모 3.1 지진이 났으나 피해 신고는 들어오지 않았다.",
        body="<p>가상의 해람시 앞바다에서 규모 3.1의 지진이 발생했다. 시는 피해 신고가 없다고 밝혔다.</p>",
        byline="데모 기자",
        is_breaking=True,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(minutes=10),
    )
    flash.tags.add(DEMO_TAG, "지진")
    add_demo_coverage(flash, wire_story, now)
    return [full, wire_story, flash, *others]


def add_demo_coverage(flash: Article, wire_story: Article, now) -> None:
    """The flash is covered live, and the wire story carries a correction, as a desk would."""
    LiveCoverage.objects.create(article=flash, started_at=now - timedelta(minutes=10))
    for minutes, body, is_key in [
        (9, "해람시 재난안전대책본부가 해안가 산책로 출입을 잠시 막았습니다.", False),
        (5, "기상청(가상)은 추가 여진 가능성이 낮다고 밝혔습니다.", True),
        (2, "여객선 운항은 평소대로 이어지고 있습니다.", False),
    ]:
        LiveUpdate.objects.create(
            article=flash, body=body, is_key=is_key, created_at=now - timedelta(minutes=minutes)
        )
    StoryNote.objects.create(
        article=wire_story,
        kind=StoryNote.Kind.CORRECTION,
        note="장관의 방문 일정을 이틀에서 사흘로 바로잡았습니다.",
        created_at=now - timedelta(minutes=30),
    )
