"""Every script-injection vector, typed into the admin or imported from files, is stored inert.

HTML fields (body, caption) must hold only the story format: allowed tags, palette classes,
http/https/mailto or relative links. Plain-text fields keep what was typed (it is text, escaped
on output), and the public pages that show them must hold nothing that runs.
"""

import io

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article, Attendee, Category
from markup.plain_text import clean_text
from tests.desk_helpers import change_form_data, change_url
from tests.factories import ArticleFactory, UserFactory
from tests.xss_vectors import TEXT_VECTORS, VECTORS, fragment_problems, page_problems

pytestmark = pytest.mark.django_db

ALL_VECTORS = VECTORS + TEXT_VECTORS


def one_line(text: str, limit: int) -> str:
    """The vector as a single line without the grid's and the tag list's separators."""
    for separator in ("|", ",", '"', "\n", "\r"):
        text = text.replace(separator, " ")
    return " ".join(text.split())[:limit] or "빈 값"


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="xss-admin", is_superuser=True))
    return client


def assert_public_pages_inert(client, article):
    pages = [article.get_absolute_url()]
    pages += [reverse("articles:tag", kwargs={"slug": tag.slug}) for tag in article.tags.all()]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert page_problems(response.content.decode()) == [], url


@pytest.mark.parametrize("vector", ALL_VECTORS, ids=range(len(ALL_VECTORS)))
def test_admin_save_stores_every_vector_inert(superuser_client, vector):
    article = ArticleFactory(section=Category.objects.create(name="보안"))
    headline = f"가상 보안 기사 {vector}"[:300].strip()
    data = change_form_data(
        article,
        headline=headline,
        deck=vector,
        excerpt=vector,
        feature_text=vector,
        feature_image_alt=vector[:300],
        feature_image_caption=vector,
        byline=vector[:200],
        body=f"<p>본문 앞</p>{vector}<p>본문 뒤</p>",
        tags=f'"{one_line(vector, 90)}", 보안',
        **{
            "attendee_tables-TOTAL_FORMS": "1",
            "attendee_tables-0-title": "참석자",
            "attendee_tables-0-grid": f"가 측 | 나 측\n{one_line(vector, 190)} | 박대표",
            "attendee_tables-0-position": "0",
        },
    )
    response = superuser_client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()

    # Plain text is kept as typed but for invisible characters (markup.plain_text): it is
    # escaped where it is shown, never rewritten here.
    assert article.headline == clean_text(headline)
    assert fragment_problems(article.body) == []
    assert fragment_problems(article.feature_image_caption, inline_only=True) == []
    assert article.deck == clean_text(vector.strip(), multiline=True)
    assert article.excerpt == clean_text(vector.strip(), multiline=True)
    assert set(article.tags.names()) == {clean_text(one_line(vector, 90)).strip(), "보안"}
    assert clean_text(one_line(vector, 190)) in Attendee.objects.filter(
        column__table__article=article
    ).values_list("name", flat=True)
    assert_public_pages_inert(superuser_client, article)


def frontmatter_post(index: int, vector: str) -> str:
    fields = {
        "title": f"가져온 보안 기사 {index} {vector}"[:300],
        "tags": [one_line(vector, 90), "가져오기"],
        "excerpt": vector,
        "feature_text": vector,
        "date": "2025-07-30 15:05:00 +0900",
    }
    body = (
        f"<p>본문 앞 {index}</p>\n{vector}\n<p>본문 뒤</p>\n"
        "<table><tr><th>가 측</th><th>나 측</th></tr>"
        f"<tr><td>{one_line(vector, 60)}</td><td>박대표</td></tr></table>\n"
    )
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{body}"


def wire_story(index: int, vector: str) -> str:
    line = one_line(vector, 200)
    return (
        f"보안\n3분 읽기\n가져온 속보 {index} {line}\n{line}\n가져온 속보 {index} {line}\n"
        f"{line}\n2025년 7월 30일\n\n본문 첫 문단 {line}\n\n출처:가상통신\n"
    )


def test_import_posts_stores_every_vector_inert(tmp_path, client):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for index, vector in enumerate(ALL_VECTORS):
        (folder / f"post-{index:03}.md").write_text(frontmatter_post(index, vector), "utf-8")
        (folder / f"wire-{index:03}.txt").write_text(wire_story(index, vector), "utf-8")

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_posts", str(folder), "--publish", stdout=out, stderr=err)
    except CommandError:
        problems = [line for line in err.getvalue().splitlines() if ": warning: " not in line]
        pytest.fail("files failed to import:\n" + "\n".join(problems))

    articles = list(Article.objects.exclude(import_key=None).prefetch_related("tags"))
    assert len(articles) == 2 * len(ALL_VECTORS), err.getvalue()
    for article in articles:
        assert fragment_problems(article.body) == [], article.import_key
        assert fragment_problems(article.feature_image_caption, inline_only=True) == []
    for article in articles:
        assert_public_pages_inert(client, article)
    # The name path is exercised: most posts' tables became attendee tables, whose names are
    # text escaped on the page (the rest stayed in the body, sanitized, or were swallowed by an
    # unclosed <style> or <svg> exactly as a browser would swallow them).
    tables = Attendee.objects.filter(
        name="박대표", column__table__article__import_key__isnull=False
    )
    assert tables.count() >= len(ALL_VECTORS) // 2
