"""The outlet's settings and palette, moved from articles with their tables (articles_*):
this creates them in the migration state only; articles.0016 drops them from articles' state.
"""

import django.core.validators
import photos.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0015_date_range'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table is there already, made by articles' migrations.
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='HighlightStyle',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.SlugField(help_text='CSS 클래스 이름이 됩니다: hl-<키>. 영문 소문자, 숫자, 하이픈.', max_length=40, unique=True, verbose_name='키')),
                    ('name', models.CharField(max_length=60, verbose_name='이름')),
                    ('text_color', models.CharField(blank=True, max_length=9, validators=[django.core.validators.RegexValidator('^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$', '색상은 #rgb, #rrggbb 또는 #rrggbbaa 형식이어야 합니다 (예: #ee2323).')], verbose_name='글자색')),
                    ('background_color', models.CharField(blank=True, max_length=9, validators=[django.core.validators.RegexValidator('^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$', '색상은 #rgb, #rrggbb 또는 #rrggbbaa 형식이어야 합니다 (예: #ee2323).')], verbose_name='배경색')),
                    ('bold', models.BooleanField(default=True, verbose_name='굵게')),
                    ('position', models.PositiveIntegerField(default=0, verbose_name='순서')),
                    ('import_colors', models.CharField(blank=True, help_text='가져오는 글의 인라인 색 가운데 이 스타일로 바꿀 색을 쉼표로 적습니다 (예: #ee2323). 글자색이 있으면 글자색으로, 없으면 배경색으로 비교합니다. 팔레트 색을 바꿔도 예전 글의 강조가 이 스타일로 들어옵니다.', max_length=200, verbose_name='가져오기 색')),
                ],
                options={
                    'verbose_name': '강조 스타일',
                    'verbose_name_plural': '강조 스타일 (팔레트)',
                    'db_table': 'articles_highlightstyle',
                    'ordering': ('position', 'key'),
                },
            ),
            migrations.CreateModel(
                name='OutletSettings',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(default='뉴스룸', max_length=100, verbose_name='매체 이름')),
                    ('home_url', models.URLField(blank=True, help_text='비워 두면 이 사이트의 첫 화면으로 연결합니다.', verbose_name='매체 홈 주소')),
                    ('footer_text', models.CharField(default='실시간 뉴스 속보', max_length=100, verbose_name='바닥글 문구')),
                    ('footer_url', models.URLField(blank=True, help_text='비워 두면 매체 홈 주소로 연결합니다.', verbose_name='바닥글 링크')),
                    ('breaking_image', photos.fields.ValidatedImageField(blank=True, upload_to='outlet/', verbose_name='속보 배너 이미지')),
                    ('breaking_image_alt', models.CharField(blank=True, max_length=200, verbose_name='속보 배너 대체 텍스트')),
                    ('related_limit', models.PositiveSmallIntegerField(default=6, help_text="기사 아래 '발견' 목록에 보이는 최대 항목 수.", verbose_name='관련 기사 표시 개수')),
                    ('related_backfill', models.BooleanField(default=False, help_text='승인된 항목이 표시 개수보다 적으면 검토 전 자동 추천 중 점수가 높은 것으로 나머지를 채웁니다. 거절된 추천은 쓰지 않습니다.', verbose_name='자동 추천으로 채우기')),
                ],
                options={
                    'verbose_name': '매체 설정',
                    'verbose_name_plural': '매체 설정',
                    'db_table': 'articles_outletsettings',
                },
            ),
            ],
        ),
    ]
