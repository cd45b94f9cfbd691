"""Rewrite every story's search terms with today's rules (after an upgrade that changes them)."""

from django.core.management.base import BaseCommand

from articles.models import Article
from search.engine import index_article


class Command(BaseCommand):
    help = "모든 기사의 검색 색인을 지금의 규칙으로 다시 씁니다."

    def handle(self, *args, **options):
        stories = Article.objects.select_related("source").order_by("pk")
        count = 0
        for story in stories.iterator(chunk_size=500):
            index_article(story)
            count += 1
        self.stdout.write(f"{count}개 기사의 검색 색인을 다시 썼습니다.")
