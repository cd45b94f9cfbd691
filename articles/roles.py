"""The newsroom's roles as Django groups, kept in step with the code after every migrate."""

from django.contrib.auth.models import Group, Permission

EDITOR = "데스크"

ROLE_PERMISSIONS = {
    # The desk edits and publishes everything on the site.
    EDITOR: {"articles": "__all__", "taggit": "__all__"},
}


def sync_role_groups(**kwargs):
    for group_name, apps in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = Permission.objects.none()
        for app_label, codenames in apps.items():
            app_permissions = Permission.objects.filter(content_type__app_label=app_label)
            if codenames != "__all__":
                app_permissions = app_permissions.filter(codename__in=codenames)
            permissions = permissions | app_permissions
        group.permissions.set(permissions)
