"""One date cannot take the site down: stories carry dates from 1900 to 2100 (Korea time).

"9999-12-31 23:59:59 -10:00" is the year 10000 in UTC: PostgreSQL stores it, Python cannot read
it back, and every page listing the story fails. Imports, the admin's forms and the database
itself refuse such a date, with a Korean error naming the field (articles/dates.py). Run on
PostgreSQL too: DATABASE_URL=postgres://postgres@127.0.0.1:5432/h2 pytest this file.
"""

import importlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from articles.models import Article
from importing.importers import Importer, Outcome
from live.models import LiveUpdate
from tests.desk_helpers import change_form_data, change_url
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

HAWAII = timezone(timedelta(hours=-10))
KST = timezone(timedelta(hours=9))
YEAR_10000_IN_UTC = datetime(9999, 12, 31, 23, 59, 59, tzinfo=HAWAII)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL stores what SQLite cannot"
)


def write_post(folder, name, date_line):
    path = folder / name
    path.write_text(
        f"---\ntitle: 가상 항구 축제 개막\n{date_line}\n---\n\n<p>가상 항구의 축제.</p>\n",
        encoding="utf-8",
    )
    return path


def write_wire(folder, date_line):
    path = folder / "wire-1.txt"
    path.write_text(
        f"지역\n가상 항구 축제 개막\n축제가 열렸다\n{date_line}\n\n가상 항구의 축제.\n",
        encoding="utf-8",
    )
    return path


def public_pages_answer(client):
    """Every page that lists stories, and the desk's list, still answers."""
    admin = UserFactory(username="date-admin", is_superuser=True)
    client.force_login(admin)
    for url in (
        reverse("articles:home"),
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("sitemap-news"),
        reverse("admin:articles_article_changelist"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("date_line", "shown"),
    [
        ("date: 9999-12-31 23:59:59 -10:00", "9999-12-31 23:59-10:00"),
        ("date: 2101-01-01", "2101-01-01 00:00+09:00"),
        ("date: 1899-12-31 23:00:00 +09:00", "1899-12-31 23:00+09:00"),
    ],
)
def test_it_refuses_a_front_matter_date_out_of_range(client, tmp_path, date_line, shown):
    result = Importer().import_file(write_post(tmp_path, "festival.md", date_line))

    assert result.outcome == Outcome.FAILED
    assert result.error == (
        "front matter 'date': 1900년 1월 1일부터 2100년 12월 31일(한국 시간)까지의 날짜만 "
        f"쓸 수 있습니다. 입력한 값: {shown}"
    )
    assert not Article.objects.exists()
    public_pages_answer(client)


def test_it_refuses_a_file_name_or_wire_date_out_of_range(tmp_path):
    from_name = Importer().import_file(write_post(tmp_path, "3000-01-02-festival.md", ""))
    from_wire = Importer().import_file(write_wire(tmp_path, "1899년 5월 1일"))

    assert from_name.outcome == from_wire.outcome == Outcome.FAILED
    assert from_name.error.startswith("the file name's date: 1900년 1월 1일부터")
    assert from_wire.error.startswith("the date line: 1900년 1월 1일부터")
    assert not Article.objects.exists()


def test_it_imports_the_first_and_last_moments_of_the_range(tmp_path):
    first = write_post(tmp_path, "first.md", "date: 1900-01-01 00:00:00 +09:00\nslug: first")
    last = write_post(tmp_path, "last.md", "date: 2100-12-31 23:59:59 +09:00\nslug: last")

    results = [Importer().import_file(path) for path in (first, last)]

    assert [result.outcome for result in results] == [Outcome.CREATED, Outcome.CREATED]
    assert sorted(Article.objects.values_list("published_at", flat=True)) == [
        datetime(1900, 1, 1, tzinfo=KST),
        datetime(2100, 12, 31, 23, 59, 59, tzinfo=KST),
    ]


@pytest.mark.parametrize(
    ("field", "label"), [("published_at", "게시 시각"), ("breaking_until", "속보 종료 시각")]
)
def test_the_story_form_names_the_field_and_keeps_what_was_typed(editor_client, field, label):
    story = ArticleFactory(
        headline="가상 축제 기사", status=Article.Status.DRAFT, published_at=None
    )
    data = change_form_data(
        story,
        headline="고쳐 쓴 가상 축제 기사",
        **{f"{field}_0": "9999-12-31", f"{field}_1": "23:59:59"},
    )

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors[field] == [
        f"{label}: 1900년 1월 1일부터 2100년 12월 31일(한국 시간)까지의 날짜만 쓸 수 있습니다. "
        "입력한 값: 9999-12-31 23:59+09:00"
    ]
    assert "고쳐 쓴 가상 축제 기사" in response.content.decode()
    story.refresh_from_db()
    assert story.headline == "가상 축제 기사"


def test_a_live_update_time_out_of_range_is_an_error_on_its_field():
    update = LiveUpdate(
        article=ArticleFactory(),
        body="가상의 현장에서 새 소식이 들어왔습니다.",
        created_at=datetime(9999, 12, 31, 23, 0, tzinfo=KST),
    )

    with pytest.raises(Exception) as refused:
        update.full_clean()

    assert refused.value.message_dict == {
        "created_at": [
            "표시 시각: 1900년 1월 1일부터 2100년 12월 31일(한국 시간)까지의 날짜만 쓸 수 "
            "있습니다. 입력한 값: 9999-12-31 23:00+09:00"
        ]
    }


@pytest.mark.parametrize("field", ["published_at", "first_published_at", "breaking_until"])
def test_the_database_refuses_a_date_out_of_range_from_any_writer(field):
    story = ArticleFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=story.pk).update(**{field: datetime(2500, 1, 1, tzinfo=UTC)})


@on_postgresql
def test_the_year_10000_never_reaches_postgresql(client):
    story = ArticleFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=story.pk).update(published_at=YEAR_10000_IN_UTC)

    public_pages_answer(client)
    assert client.get(story.get_absolute_url()).status_code == 200


@on_postgresql
def test_the_migration_clears_dates_already_stored_out_of_range(client):
    """Rows stored before the constraint existed are repaired without being read."""
    with connection.cursor() as cursor:  # as the table stood before 0015; rolled back after
        for name in ("published_at", "first_published_at", "breaking_until"):
            cursor.execute(f"ALTER TABLE articles_article DROP CONSTRAINT article_{name}_range")
    broken = ArticleFactory(is_breaking=True)
    fine = ArticleFactory()
    Article.objects.filter(pk=broken.pk).update(
        published_at=YEAR_10000_IN_UTC,
        first_published_at=YEAR_10000_IN_UTC,
        breaking_until=YEAR_10000_IN_UTC,
    )

    migration = importlib.import_module("articles.migrations.0015_date_range")
    with connection.schema_editor() as schema_editor:
        migration.clear_dates_out_of_range(apps, schema_editor)

    broken.refresh_from_db()
    assert (broken.published_at, broken.first_published_at, broken.breaking_until) == (None,) * 3
    assert (broken.status, broken.is_breaking) == (Article.Status.DRAFT, False)
    fine_before = fine.published_at
    fine.refresh_from_db()
    assert fine.published_at == fine_before
    public_pages_answer(client)


def test_the_rule_is_one_function_for_every_caller():
    from articles.dates import date_range_problem

    assert date_range_problem(None, "x") == ""
    assert date_range_problem(datetime(2100, 12, 31, 23, 59, tzinfo=KST), "x") == ""
    assert date_range_problem(datetime(2100, 12, 31, 15, 0, tzinfo=UTC), "x").startswith("x: ")
    assert date_range_problem(YEAR_10000_IN_UTC, "게시 시각").startswith("게시 시각: 1900년")
