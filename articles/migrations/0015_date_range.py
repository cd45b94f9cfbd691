"""Dates from 1900 to 2100 (Korea time) only: validators, check constraints, and the rows
already out of range cleared first, since PostgreSQL cannot add a constraint they break and
Python cannot read a timestamp past the year 9999 back (every page listing it would fail).

Cleared without reading a row (one UPDATE per column): an out-of-range publish time becomes
empty and its story a draft, so the desk sets a real date before it is public again; an
out-of-range breaking end takes the story off the banner.
"""

import articles.dates
import datetime
from django.db import migrations, models

EARLIEST = datetime.datetime(1899, 12, 31, 15, 0, tzinfo=datetime.timezone.utc)
END = datetime.datetime(2100, 12, 31, 15, 0, tzinfo=datetime.timezone.utc)


def out_of_range(field):
    inside = models.Q(**{f"{field}__gte": EARLIEST, f"{field}__lt": END})
    return models.Q(**{f"{field}__isnull": False}) & ~inside


def clear_dates_out_of_range(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(out_of_range("published_at")).update(
        published_at=None, status="draft"
    )
    Article.objects.filter(out_of_range("first_published_at")).update(first_published_at=None)
    Article.objects.filter(out_of_range("breaking_until")).update(
        breaking_until=None, is_breaking=False
    )
    if schema_editor.connection.vendor == "postgresql":
        # The updates queue deferred foreign-key checks, and PostgreSQL alters no table with
        # checks pending: run them now, inside this migration's transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0014_accessible_palette'),
    ]

    operations = [
        migrations.RunPython(clear_dates_out_of_range, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='article',
            name='breaking_until',
            field=models.DateTimeField(blank=True, help_text='이 시각이 지나면 속보 배너에서 저절로 빠집니다.', null=True, validators=[articles.dates.DateRangeValidator('속보 종료 시각')], verbose_name='속보 종료 시각'),
        ),
        migrations.AlterField(
            model_name='article',
            name='first_published_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, validators=[articles.dates.DateRangeValidator('최초 게시 시각')], verbose_name='최초 게시 시각'),
        ),
        migrations.AlterField(
            model_name='article',
            name='published_at',
            field=models.DateTimeField(blank=True, db_index=True, null=True, validators=[articles.dates.DateRangeValidator('게시 시각')], verbose_name='게시 시각'),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("published_at__isnull", True))
                | models.Q(("published_at__gte", EARLIEST), ("published_at__lt", END)),
                name="article_published_at_range",
                violation_error_message="게시 시각: 1900년 1월 1일부터 2100년 12월 31일(한국 시간)까지의 날짜만 쓸 수 있습니다.",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("first_published_at__isnull", True))
                | models.Q(("first_published_at__gte", EARLIEST), ("first_published_at__lt", END)),
                name="article_first_published_at_range",
                violation_error_message="최초 게시 시각: 1900년 1월 1일부터 2100년 12월 31일(한국 시간)까지의 날짜만 쓸 수 있습니다.",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("breaking_until__isnull", True))
                | models.Q(("breaking_until__gte", EARLIEST), ("breaking_until__lt", END)),
                name="article_breaking_until_range",
                violation_error_message="속보 종료 시각: 1900년 1월 1일부터 2100년 12월 31일(한국 시간)까지의 날짜만 쓸 수 있습니다.",
            ),
        ),
    ]
