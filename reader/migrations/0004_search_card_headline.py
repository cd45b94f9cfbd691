"""A search result's card keeps its story's headline, which a search marks per query: a search
page then reads its stories' cards alone, without loading the stories. The search cards stored
before have none and are dropped; the next search renders them again."""

from django.db import migrations, models


def drop_search_cards(apps, schema_editor):
    StoredCard = apps.get_model("reader", "StoredCard")
    StoredCard.objects.filter(variant="search").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reader", "0003_stored_list_pages"),
    ]

    operations = [
        migrations.AddField(
            model_name="storedcard",
            name="headline",
            field=models.TextField(blank=True, verbose_name="검색 결과 제목"),
        ),
        migrations.RunPython(drop_search_cards, migrations.RunPython.noop),
    ]
