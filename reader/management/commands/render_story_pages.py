"""Render and store the pages and cards of public stories now: after a fix made outside Django
(an SQL UPDATE tells nothing to the publish path), or to warm every page after a deploy. The
stored list pages are marked stale too, as they may show the stories."""

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from reader import stored_lists, stored_pages


class Command(BaseCommand):
    help = "공개된 기사의 페이지를 지금 다시 렌더링해 저장합니다 (데이터베이스를 직접 고친 뒤 등)."

    def add_arguments(self, parser):
        parser.add_argument(
            "story_ids", nargs="*", type=int, help="기사 번호 (없으면 공개된 모든 기사)"
        )

    def handle(self, *args, story_ids, **options):
        if not stored_pages.enabled():
            raise CommandError("NEWSROOM_STORED_STORY_PAGES가 꺼져 있어 저장할 페이지가 없습니다.")
        stories = Article.objects.published().order_by("pk")
        if story_ids:
            missing = set(story_ids) - set(
                stories.filter(pk__in=story_ids).values_list("pk", flat=True)
            )
            if missing:
                numbers = ", ".join(str(pk) for pk in sorted(missing))
                raise CommandError(f"공개된 기사가 아닙니다: {numbers}")
            stories = stories.filter(pk__in=story_ids)
        count = 0
        for story_id in stories.values_list("pk", flat=True).iterator(chunk_size=500):
            stored_pages.invalidate([story_id])
            stored_pages.refresh(story_id)
            count += 1
        if count:
            stored_lists.lists_changed()
        self.stdout.write(f"{count}개 기사의 페이지를 다시 렌더링해 저장했습니다.")
