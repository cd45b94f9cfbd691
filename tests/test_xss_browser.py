"""In a real browser, a story holding every injection vector runs none of them.

Each vector that could run sets window.__xss or opens a dialog; the pages that show the story
(its own page, the home page, its tag page, search results) must leave window.__xss undefined,
open no dialog and log no error.
"""

import pytest
from django.urls import reverse

from articles.models import AttendeeTable
from tests.factories import ArticleFactory, CategoryFactory
from tests.xss_vectors import TEXT_VECTORS, VECTORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hostile_story():
    section = CategoryFactory(name="보안 점검")
    plain = " ".join(TEXT_VECTORS)
    article = ArticleFactory(
        headline=f"가상 보안 점검 기사 {TEXT_VECTORS[0]}",
        section=section,
        deck=plain,
        excerpt=plain,
        feature_text=plain,
        byline=TEXT_VECTORS[1],
        feature_image_caption=" ".join(VECTORS),
        body="".join(f"<p>벡터 {index}</p>{vector}" for index, vector in enumerate(VECTORS)),
        tags=["보안점검", TEXT_VECTORS[3][:100]],
    )
    article.categories.add(section)
    table = AttendeeTable.objects.create(article=article, title=TEXT_VECTORS[2])
    table.replace_columns([("가 측", TEXT_VECTORS[:4]), ("나 측", TEXT_VECTORS[4:])])
    return article


def test_a_page_holding_every_vector_runs_none_of_them(live_server, page, artifacts_dir):
    article = hostile_story()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    urls = [
        article.get_absolute_url(),
        reverse("articles:home"),
        reverse("articles:tag", kwargs={"slug": article.tags.get(name="보안점검").slug}),
        reverse("articles:search") + "?q=보안 점검",
        reverse("articles:search") + "?q=" + TEXT_VECTORS[0],
    ]
    for url in urls:
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        # Give handlers that fire on load or focus (onload, onerror, autofocus) their chance.
        page.wait_for_timeout(150)
        page.mouse.move(10, 10)
        assert page.evaluate("typeof window.__xss") == "undefined", url
    page.goto(live_server.url + article.get_absolute_url())
    page.screenshot(path=str(artifacts_dir / "xss-story.png"), full_page=True)

    assert dialogs == []
    assert page.console_errors == []
    # The story really is on the page: its text was escaped, not dropped.
    assert TEXT_VECTORS[0] in page.locator("h1").inner_text()
    assert page.locator(".story-body p", has_text="벡터 0").count() == 1
