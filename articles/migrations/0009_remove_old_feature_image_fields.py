from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_feature_images_to_photos")]

    operations = [
        migrations.RemoveField(model_name="article", name="feature_image"),
        migrations.RemoveField(model_name="article", name="feature_image_credit"),
        migrations.RemoveField(model_name="article", name="feature_image_height"),
        migrations.RemoveField(model_name="article", name="feature_image_width"),
        migrations.AlterField(
            model_name="article",
            name="feature_image_alt",
            field=models.CharField(
                blank=True,
                help_text="비워 두면 사진 라이브러리의 대체 텍스트를 씁니다.",
                max_length=300,
                verbose_name="대체 텍스트 (이 기사에서만)",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="feature_image_caption",
            field=models.TextField(
                blank=True,
                help_text="비워 두면 사진의 기본 설명을 씁니다.",
                verbose_name="사진 설명",
            ),
        ),
    ]
