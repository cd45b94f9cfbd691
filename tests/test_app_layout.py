"""Models moved out of articles (articles migration 0016) keep their rows and permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from newsroom.roles import MODERATOR
from tests.factories import user_with_role
from tests.migration_steps import migrate, migrate_to_latest

BEFORE = [("articles", "0015_date_range")]


@pytest.mark.django_db(transaction=True)
def test_moved_models_keep_their_rows_content_types_and_granted_permissions():
    moderate = Permission.objects.get(codename="moderate_relatedentry")
    moderators = Group.objects.get(name=MODERATOR)
    assert moderate in moderators.permissions.all()
    try:
        apps = migrate(BEFORE)
        # As the database stood before the move: the models and their content types in articles.
        assert ContentType.objects.filter(app_label="articles", model="relatedentry").exists()
        Article = apps.get_model("articles", "Article")
        story = Article.objects.create(headline="옮기기 전 기사", slug="before-the-move")
        apps.get_model("articles", "RelatedEntry").objects.create(
            article=story, url="https://example.com/", title="바깥 글"
        )
        apps.get_model("articles", "OutletSettings").objects.create(pk=1, name="옮기기 전 매체")

        apps = migrate([("articles", "0016_models_moved_to_their_apps")])

        assert apps.get_model("related", "RelatedEntry").objects.get().title == "바깥 글"
        assert apps.get_model("outlet", "OutletSettings").objects.get().name == "옮기기 전 매체"
        assert not ContentType.objects.filter(
            app_label="articles", model__in=["relatedentry", "outletsettings", "highlightstyle"]
        ).exists()
        moved = Permission.objects.get(codename="moderate_relatedentry")
        # The same row, now under related: the group's grant never lapsed.
        assert (moved.pk, moved.content_type.app_label) == (moderate.pk, "related")
        assert moved in moderators.permissions.all()
    finally:
        migrate_to_latest()


@pytest.mark.django_db
def test_moderators_hold_the_related_apps_permissions():
    moderator = user_with_role(MODERATOR, "moderator")
    assert moderator.has_perm("related.moderate_relatedentry")
    assert moderator.has_perm("related.change_relatedentry")
    assert not moderator.has_perm("articles.change_article")
