"""Only public stories are ever named on public pages, feeds and JSON-LD.

A published story's "관련" link or "발견" entry may point at a draft, a story in review, a
scheduled or an unpublished one: its headline must not reach readers until it is public.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from related.models import RelatedEntry
from tests.factories import ArticleFactory, RelatedEntryFactory

pytestmark = pytest.mark.django_db

HIDDEN_STATES = {
    "draft": {"status": Article.Status.DRAFT, "published_at": None},
    "review": {"status": Article.Status.REVIEW, "published_at": None},
    "scheduled": {
        "status": Article.Status.SCHEDULED,
        "published_at": timezone.now() + timedelta(days=2),
    },
    "unpublished": {
        "status": Article.Status.UNPUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
    },
}


@pytest.fixture(params=sorted(HIDDEN_STATES))
def secret(request):
    """A story readers may not see, with a headline that must not leak."""
    return ArticleFactory(
        headline=f"엠바고 걸린 가상 단독 {request.param}", **HIDDEN_STATES[request.param]
    )


def public_outputs(client, story) -> dict[str, str]:
    return {
        "page": client.get(story.get_absolute_url()).content.decode(),
        "rss": client.get(reverse("articles:feed-rss")).content.decode(),
        "atom": client.get(reverse("articles:feed-atom")).content.decode(),
        "home": client.get(reverse("articles:home")).content.decode(),
    }


def test_it_names_no_unpublished_story_in_the_related_link(client, secret):
    story = ArticleFactory(headline="공개된 가상 기사", related_link_article=secret)

    outputs = public_outputs(client, story)

    assert "공개된 가상 기사" in outputs["page"]
    for name, text in outputs.items():
        assert secret.headline not in text, name
    assert secret.get_absolute_url() not in outputs["page"]
    assert 'class="story-related-link"' not in outputs["page"]


def test_it_hides_a_typed_title_of_a_link_to_an_unpublished_story(client, secret):
    """An imported link carries the target's headline as its title: that names it as well."""
    story = ArticleFactory(related_link_article=secret, related_link_title=secret.headline)

    assert secret.headline not in client.get(story.get_absolute_url()).content.decode()


def test_it_names_no_unpublished_story_in_the_related_list(client, secret):
    story = ArticleFactory()
    RelatedEntryFactory(article=story, target=secret, pinned=True)
    RelatedEntry.objects.create(
        article=story, target=ArticleFactory(headline="공개된 관련 기사"), position=1
    )

    page = client.get(story.get_absolute_url()).content.decode()

    assert "공개된 관련 기사" in page
    assert secret.headline not in page


def test_the_link_appears_once_the_story_is_public(client, secret):
    story = ArticleFactory(related_link_article=secret)
    secret.status, secret.published_at = Article.Status.PUBLISHED, timezone.now()
    secret.save()

    page = client.get(story.get_absolute_url()).content.decode()

    assert f'<a href="{secret.get_absolute_url()}">{secret.headline}</a>' in page


def test_the_model_gives_no_label_or_address_for_a_hidden_story(secret):
    story = ArticleFactory(related_link_article=secret, related_link_title="직접 쓴 제목")

    assert story.public_related_link_article is None
    assert story.related_link_label == ""
    assert story.related_link_href == ""
