"""Generate N published stories with every part, fast, in PostgreSQL (COPY, no Model.save()).

Stories get Korean headlines and bodies from the word lists of bench/related_bench.py, with
highlight spans, 1-5 tags, a summary list, attendee tables (one story in ten), related lists
(3 entries), the search index (the terms of everything the story page shows, as
index_article() writes them, and the weighted tsvector) and, when the photos app exists,
a feature photo with its renditions for three stories in five. Rows are written with
psycopg's COPY through the models' own field lists, so fields other apps add later get their
defaults instead of breaking the generator.
"""

import random
import time
from datetime import timedelta

from related_bench import SECTIONS, body, headline, words

HIGHLIGHT_KEYS = ("red", "blue-tint", "blue")
PLACES = "서울 부산 인천 대구 광주 대전 울산 세종 제주 강원 경기 충북 충남 전북 전남 경북 경남"
SUBJECTS = "정부 여당 야당 대통령실 국회 한국은행 서울시 경찰 검찰 법원 교육부 기재부 업계 시민단체"
PREDICATES = (
    "발표 합의 논의 추진 확대 축소 급등 급락 우려 전망 논란 재개 중단 개최 "
    "검토 결정 착수 마무리 비판 반발 촉구 점검 강화 완화 지연 신설"
)
SURNAMES = tuple("김이박최정강조윤장임한오서신권황안송류홍")
GIVEN = ("민준", "서연", "도윤", "지우", "하준", "서윤", "시우", "지민", "예준", "수아")


class Copier:
    """COPY rows of a model: values for the named fields, every other column its default."""

    def __init__(self, cursor, model):
        self.cursor = cursor
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.defaults = {
            f.attname: (None if f.null and not f.has_default() else f.get_default())
            for f in self.fields
        }

    def copy(self, rows: list[dict]) -> None:
        from django.db import connection

        pk = self.model._meta.pk
        # Rows without an id get one from the table's sequence.
        fields = [f for f in self.fields if f is not pk or pk.attname in rows[0]]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(self.model._meta.db_table)
        with self.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([self.value(f, row, connection) for f in fields])

    def value(self, field, row, connection):
        value = field.get_db_prep_save(
            row.get(field.attname, self.defaults[field.attname]), connection
        )
        # Choices members are str subclasses; COPY wants the plain value.
        return str(value) if isinstance(value, str) else value


def person(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def highlighted(rng, html: str) -> tuple[str, list[tuple[str, str]]]:
    """Wrap the first sentence of up to three paragraphs in a palette highlight span."""
    spans = []
    paragraphs = html.split("</p>")
    for i in range(min(3, len(paragraphs) - 1)):
        text = paragraphs[i].removeprefix("<p>")
        first, dot, rest = text.partition(".")
        key = HIGHLIGHT_KEYS[i % len(HIGHLIGHT_KEYS)]
        paragraphs[i] = f'<p><span class="hl-{key}">{first}{dot}</span>{rest}'
        spans.append((key, first + dot))
    return "</p>".join(paragraphs), spans


def generate(n: int, *, seed: int = 7, batch: int = 5000, out=print) -> float:
    """Write n stories (ids 1..n) into an empty schema; returns the seconds it took."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag, TaggedItem

    from articles.models import (
        Article,
        Attendee,
        AttendeeColumn,
        AttendeeTable,
        Category,
        Highlight,
        SummaryItem,
    )
    from articles.reading_time import reading_minutes
    from outlet.models import HighlightStyle
    from related.models import RelatedEntry
    from search.engine import body_text, term_column
    from search.models import ArticleSearchIndex

    started = time.monotonic()
    rng = random.Random(seed)
    places, subjects, predicates = words(PLACES), words(SUBJECTS), words(PREDICATES)
    sections = [
        Category.objects.get_or_create(name=name, defaults={"position": i})[0]
        for i, name in enumerate(SECTIONS)
    ]
    tag_names = sorted({t for topics in SECTIONS.values() for t in words(topics)} | set(places))
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify(name, allow_unicode=True)) for name in tag_names],
        ignore_conflicts=True,
    )
    tags = {tag.name: tag.pk for tag in Tag.objects.filter(name__in=tag_names)}
    styles = {style.key: style.pk for style in HighlightStyle.objects.all()}
    article_type = ContentType.objects.get_for_model(Article).pk
    has_photos = apps.is_installed("photos") and hasattr(Article, "feature_photo")
    if has_photos:
        from django.conf import settings

        from photos.models import Photo, Rendition

        widths = sorted(settings.NEWSROOM_RENDITION_WIDTHS)

    now = timezone.now()
    span = timedelta(days=3 * 365).total_seconds()
    ids = {"table": 0, "column": 0}
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own cursor, for COPY
        copiers = {
            model: Copier(cursor, model)
            for model in (
                Article,
                Article.categories.through,
                TaggedItem,
                Highlight,
                SummaryItem,
                AttendeeTable,
                AttendeeColumn,
                Attendee,
                RelatedEntry,
                ArticleSearchIndex,
            )
        }
        if has_photos:
            copiers[Photo] = Copier(cursor, Photo)
            copiers[Rendition] = Copier(cursor, Rendition)
        for start in range(1, n + 1, batch):
            rows = {model: [] for model in copiers}
            for pk in range(start, min(n, start + batch - 1) + 1):
                section_name = rng.choice(list(SECTIONS))
                section = sections[list(SECTIONS).index(section_name)]
                topics = words(SECTIONS[section_name])
                title = headline(rng, topics, places, subjects, predicates)
                html, spans = highlighted(rng, body(rng, topics, places, subjects, predicates))
                # Oldest first: id order is publish order, as in a real archive.
                published = now - timedelta(seconds=span * (1 - pk / (n + 1)))
                deck = f"{rng.choice(places)} {rng.choice(topics)} 관련 {rng.choice(subjects)} 입장"
                story = {
                    "id": pk,
                    "headline": title,
                    "slug": f"{slugify(title, allow_unicode=True)[:200]}-{pk}",
                    "section_id": section.pk,
                    "deck": deck,
                    "excerpt": f"{title}. {deck}.",
                    "body": html,
                    "byline": f"{person(rng)} 기자",
                    "status": Article.Status.PUBLISHED,
                    "published_at": published,
                    "first_published_at": published,
                    "created_at": published,
                    "updated_at": published,
                    "modified_at": published,
                    "reading_minutes": reading_minutes(html, 200),
                }
                if has_photos and pk % 5 < 3:
                    story["feature_photo_id"] = pk
                    story["feature_image_alt"] = f"{title} 현장 사진"
                    rows[Photo].append(
                        {
                            "id": pk,
                            "file": f"photos/bench/{pk}.jpg",
                            "format": "JPEG",
                            "width": 1600,
                            "height": 900,
                            "alt_text": f"{title} 현장",
                            "content_hash": f"{pk:064d}",
                            "created_at": published,
                        }
                    )
                    for w in widths:
                        for fmt in ("webp", "jpeg"):
                            rows[Rendition].append(
                                {
                                    "photo_id": pk,
                                    "width": w,
                                    "height": w * 9 // 16,
                                    "format": fmt,
                                    "file": f"photos/bench/{pk}-{w}.{fmt}",
                                    "bytes": w * 60,
                                    "created_at": published,
                                }
                            )
                rows[Article].append(story)
                rows[Article.categories.through].append(
                    {"article_id": pk, "category_id": section.pk}
                )
                story_tags = rng.sample(tag_names, rng.randint(1, 5))
                for name in story_tags:
                    rows[TaggedItem].append(
                        {"object_id": pk, "content_type_id": article_type, "tag_id": tags[name]}
                    )
                for position, (key, text) in enumerate(spans):
                    rows[Highlight].append(
                        {
                            "article_id": pk,
                            "style_id": styles[key],
                            "text": text,
                            "position": position,
                        }
                    )
                # What the story page shows beyond the body, indexed as index_article() would.
                parts_text = []
                for position in range(3):
                    bullet = f"{rng.choice(subjects)} {rng.choice(topics)} {rng.choice(predicates)}"
                    parts_text.append(bullet)
                    rows[SummaryItem].append(
                        {"article_id": pk, "text": bullet, "position": position}
                    )
                if pk % 10 == 0:
                    ids["table"] += 1
                    rows[AttendeeTable].append(
                        {"id": ids["table"], "article_id": pk, "title": "회담 참석자"}
                    )
                    parts_text.append("회담 참석자")
                    for col, side in enumerate(("한국 측", "상대 측")):
                        ids["column"] += 1
                        parts_text.append(side)
                        rows[AttendeeColumn].append(
                            {
                                "id": ids["column"],
                                "table_id": ids["table"],
                                "heading": side,
                                "position": col,
                            }
                        )
                        for position in range(4):
                            name = person(rng)
                            parts_text.append(name)
                            rows[Attendee].append(
                                {"column_id": ids["column"], "name": name, "position": position}
                            )
                if pk > 10:
                    for position, target in enumerate(rng.sample(range(1, pk), 3)):
                        rows[RelatedEntry].append(
                            {
                                "article_id": pk,
                                "target_id": target,
                                "status": RelatedEntry.Status.APPROVED,
                                "origin": RelatedEntry.Origin.AUTOMATIC,
                                "position": position,
                                "score": round(rng.random(), 3),
                                "created_at": published,
                            }
                        )
                fake = Article(**{k: v for k, v in story.items() if k != "id"})
                rows[ArticleSearchIndex].append(
                    {
                        "article_id": pk,
                        "headline_terms": term_column(title),
                        "deck_terms": term_column(deck),
                        "body_terms": term_column(body_text(fake, [*parts_text, *story_tags])),
                        **ArticleSearchIndex.story_columns(fake),
                    }
                )
            with transaction.atomic():
                for model, model_rows in rows.items():
                    if model_rows:
                        copiers[model].copy(model_rows)
            out(f"  {min(n, start + batch - 1):>7,} stories ({time.monotonic() - started:.0f} s)")
        out("  search vectors, sequences, VACUUM ANALYZE ...")
        cursor.execute(
            "UPDATE articles_articlesearchindex SET document ="
            " setweight(to_tsvector('simple', headline_terms), 'A')"
            " || setweight(to_tsvector('simple', deck_terms), 'B')"
            " || setweight(to_tsvector('simple', body_terms), 'C')"
        )
        for model in copiers:
            table = model._meta.db_table
            pk = model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{pk}'),"  # noqa: S608
                f" COALESCE((SELECT MAX({pk}) FROM {table}), 1))"
            )
        connection.commit() if not connection.get_autocommit() else None
        # As autovacuum leaves a live archive: without the dead rows the vector UPDATE made, and
        # with the visibility map set for index-only scans.
        cursor.execute("VACUUM (ANALYZE)")
    return time.monotonic() - started
