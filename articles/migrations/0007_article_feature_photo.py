import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_modified_at"),
        ("photos", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="feature_photo",
            field=models.ForeignKey(
                blank=True,
                help_text="사진 라이브러리에서 고르거나, 아래에서 새 파일을 올리세요.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="feature_of",
                to="photos.photo",
                verbose_name="대표 사진",
            ),
        ),
    ]
