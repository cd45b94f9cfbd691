"""Attendee tables edited name by name in the admin, reordered, with the story's rules."""

import pytest
from django.urls import reverse

from articles.models import Article, AttendeeTable
from newsroom.roles import REPORTER
from tests.factories import ArticleFactory, desk_editor, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def table():
    story = ArticleFactory(headline="두 도시 회담")
    table = AttendeeTable.objects.create(article=story, title="회담 참석자")
    table.replace_columns(
        [("한빛시 측", ["김시장", "이국장", "최과장"]), ("해람시 측", ["박시장"])]
    )
    return table


def formset(prefix, rows, initial):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def test_the_story_page_links_to_the_table_and_the_table_to_each_side(client, table):
    client.force_login(desk_editor())
    story_page = client.get(reverse("admin:articles_article_change", args=[table.article_id]))
    table_url = reverse("admin:articles_attendeetable_change", args=[table.pk])
    table_page = client.get(table_url)

    assert table_url in story_page.content.decode()
    html = table_page.content.decode()
    column = table.columns.first()
    assert reverse("admin:articles_attendeecolumn_change", args=[column.pk]) in html
    assert "js/admin-reorder" in html and "<script>" not in html.split("</head>")[1]


def test_names_are_renamed_and_reordered_and_the_story_counts_it_as_an_edit(client, table):
    editor = desk_editor()
    client.force_login(editor)
    column = table.columns.first()
    kim, lee, choi = column.attendees.all()
    version = table.article.version
    data = {"heading": "한빛시 측 참석자"} | formset(
        "attendees",
        [
            {"id": choi.pk, "column": column.pk, "name": "최과장", "position": "0"},
            {"id": kim.pk, "column": column.pk, "name": "김시장", "position": "1"},
            {"id": lee.pk, "column": column.pk, "name": "이해솔 국장", "position": "2"},
            {"column": column.pk, "name": "", "position": "0"},  # a spare row, left empty
        ],
        initial=3,
    )

    response = client.post(reverse("admin:articles_attendeecolumn_change", args=[column.pk]), data)

    assert response.status_code == 302
    assert [a.name for a in column.attendees.all()] == ["최과장", "김시장", "이해솔 국장"]
    story = Article.objects.get(pk=table.article_id)
    assert story.version == version + 1 and story.updated_by == editor
    page = client.get(story.get_absolute_url()).content.decode()
    assert page.index("최과장") < page.index("김시장") < page.index("이해솔 국장")
    assert "한빛시 측 참석자" in page


def test_a_reporter_sees_someone_elses_table_read_only_and_cannot_change_it(client, table):
    client.force_login(user_with_role(REPORTER))
    column = table.columns.first()
    column_url = reverse("admin:articles_attendeecolumn_change", args=[column.pk])

    page = client.get(column_url).content.decode()
    response = client.post(column_url, {"heading": "바뀐 제목"} | formset("attendees", [], 0))

    assert 'name="_save"' not in page  # view only
    assert response.status_code == 403
    assert table.columns.first().heading == "한빛시 측"
