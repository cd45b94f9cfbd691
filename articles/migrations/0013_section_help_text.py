from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_outlet_home_url_optional'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='section',
            field=models.ForeignKey(blank=True, help_text='기사의 대표 섹션입니다. 제목 위 섹션 이름, 경로 표시, 첫 화면의 섹션 묶음, 피드 분류에 쓰이고, 이 섹션의 페이지와 피드에 실립니다.', null=True, on_delete=models.deletion.PROTECT, related_name='section_articles', to='articles.category', verbose_name='섹션'),
        ),
        migrations.AlterField(
            model_name='article',
            name='categories',
            field=models.ManyToManyField(blank=True, help_text='대표 섹션 말고도 이 기사를 함께 실을 섹션입니다. 고른 섹션의 페이지와 피드에도 실립니다. 대표 섹션은 여기서 고르지 않아도 실립니다.', related_name='articles', to='articles.category', verbose_name='카테고리'),
        ),
    ]
