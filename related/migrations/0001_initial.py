"""The related-list entries, moved from articles with their table (articles_relatedentry):
this creates the model in the migration state only; articles.0016 drops it from articles' state.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0015_date_range'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table is there already, made by articles' migrations.
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='RelatedEntry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('url', models.URLField(blank=True, max_length=500, verbose_name='외부 주소')),
                    ('title', models.CharField(blank=True, max_length=300, verbose_name='제목')),
                    ('status', models.CharField(choices=[('suggested', '제안'), ('approved', '승인'), ('rejected', '거절')], default='approved', max_length=20, verbose_name='상태')),
                    ('origin', models.CharField(choices=[('automatic', '자동'), ('manual', '수동'), ('imported', '가져오기')], default='manual', max_length=20, verbose_name='출처')),
                    ('pinned', models.BooleanField(default=False, verbose_name='고정')),
                    ('position', models.PositiveIntegerField(default=0, verbose_name='순서')),
                    ('moderated_at', models.DateTimeField(blank=True, null=True, verbose_name='검토 시각')),
                    ('score', models.FloatField(blank=True, editable=False, help_text='자동 추천의 관련도 (0-1). 채우기에서 높은 순으로 씁니다.', null=True, verbose_name='추천 점수')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='만든 시각')),
                    ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='related_entries', to='articles.article')),
                    ('moderated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='검토자')),
                    ('target', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='related_from', to='articles.article', verbose_name='대상 기사')),
                ],
                options={
                    'verbose_name': '관련 기사 항목',
                    'verbose_name_plural': '관련 기사 목록 (발견)',
                    'db_table': 'articles_relatedentry',
                    'ordering': ('-pinned', 'position', 'id'),
                    'permissions': [('moderate_relatedentry', '관련 기사 목록 검토 (승인, 거절, 고정)')],
                    'indexes': [models.Index(fields=['status', 'article'], name='related_entry_queue')],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('target__isnull', False)), fields=('article', 'target'), name='related_entry_one_per_target')],
                },
            ),
            ],
        ),
    ]
