"""The newsroom's roles as Django groups, kept in step with the code after every migrate.

The groups carry model permissions of every app, so they live in the project package, above
all of them (newsroom.apps connects the sync). Rules that depend on the story (a reporter edits
only their own drafts) are enforced by the admin and the views on the server, see
articles.workflow.can_edit.
"""

from django.contrib.auth.models import Group, Permission

REPORTER = "기자"
EDITOR = "데스크"
MODERATOR = "모더레이터"
ADMINISTRATOR = "관리자"

ALL = "__all__"

STORY_PARTS = [
    f"{action}_{model}"
    for model in ("summaryitem", "attendeetable", "attendeecolumn", "attendee", "highlight")
    for action in ("add", "change", "delete", "view")
]
READ_REFERENCE = ["view_category", "view_source"]
# Live coverage and the corrections log (app live): the desk's, not reporters' or moderators'.
LIVE_DESK = [
    f"{action}_{model}"
    for model in ("livecoverage", "liveupdate", "storynote")
    for action in ("add", "change", "delete", "view")
]

# Related lists (app related): editors edit them, moderators also judge suggestions.
RELATED_LIST = [f"{action}_relatedentry" for action in ("add", "change", "delete", "view")]

ROLE_PERMISSIONS = {
    REPORTER: {
        "articles": [
            "add_article",
            "change_article",
            "view_article",
            "submit_article",
            *STORY_PARTS,
            *READ_REFERENCE,
        ],
        "outlet": ["view_highlightstyle"],
        "taggit": ["add_tag", "view_tag"],
        "photos": ["add_photo", "view_photo", "view_rendition"],
    },
    EDITOR: {
        "articles": [
            "add_article",
            "change_article",
            "delete_article",
            "view_article",
            "submit_article",
            "publish_article",
            "mark_breaking",
            "send_flash",
            "take_over_editing",
            "edit_others_articles",
            "add_previewlink",
            "change_previewlink",
            "view_previewlink",
            "view_articleevent",
            "add_category",
            "change_category",
            "add_source",
            "change_source",
            *STORY_PARTS,
            *READ_REFERENCE,
        ],
        "related": [
            "add_relatedentry",
            "change_relatedentry",
            "delete_relatedentry",
            "view_relatedentry",
        ],
        "outlet": ["view_highlightstyle"],
        "taggit": ALL,
        # Deleting library photos is the administrators': a photo may be in the archive's stories.
        "photos": ["add_photo", "change_photo", "view_photo", "view_rendition"],
        "live": LIVE_DESK,
        "distribution": ["view_ping"],
    },
    MODERATOR: {
        "articles": ["view_article", *READ_REFERENCE],
        "related": [*RELATED_LIST, "moderate_relatedentry"],
        "outlet": ["view_highlightstyle"],
    },
    ADMINISTRATOR: {
        "articles": ALL,
        "related": ALL,
        "search": ALL,
        "outlet": ALL,
        "taggit": ALL,
        "auth": ALL,
        "photos": ALL,
        "live": ALL,
        "distribution": ALL,
    },
}


def sync_role_groups(**kwargs):
    for group_name, apps in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = Permission.objects.none()
        for app_label, codenames in apps.items():
            app_permissions = Permission.objects.filter(content_type__app_label=app_label)
            if codenames != ALL:
                app_permissions = app_permissions.filter(codename__in=codenames)
            permissions = permissions | app_permissions
        group.permissions.set(permissions)
