"""Make sure a desk editor account exists for local use, and say how to log in."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from newsroom.roles import EDITOR

CREDENTIALS_FILE = Path(settings.BASE_DIR) / "var" / "editor-password.txt"


def stored_password(username: str) -> str:
    """The password in CREDENTIALS_FILE: the file holds it alone.

    Files written before held two lines, the username then the password; those still count.
    """
    if not CREDENTIALS_FILE.exists():
        return ""
    lines = CREDENTIALS_FILE.read_text(encoding="utf-8").split()
    if len(lines) == 2 and lines[0] == username:
        return lines[1]
    return lines[0] if len(lines) == 1 else ""


def store_password(password: str) -> None:
    CREDENTIALS_FILE.parent.mkdir(parents=True, exist_ok=True)
    CREDENTIALS_FILE.write_text(f"{password}\n", encoding="utf-8")
    CREDENTIALS_FILE.chmod(0o600)


class Command(BaseCommand):
    help = (
        "Create the local 'editor' account (desk role) if missing and print its login; "
        "the password alone is kept in var/editor-password.txt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--port", default="8000", help="where the admin is served")

    def handle(self, *args, username, port, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username=username, password=password, is_staff=True)
            user.groups.add(Group.objects.get(name=EDITOR))
            store_password(password)
            self.stdout.write(self.style.SUCCESS(f"Created the editor account '{username}'."))
        password = stored_password(username)
        admin_url = f"http://127.0.0.1:{port}/admin/"
        if password and user.check_password(password):
            if CREDENTIALS_FILE.read_text(encoding="utf-8").strip() != password:
                store_password(password)  # an old two-line file: keep the password alone
            self.stdout.write(f"Log in at {admin_url} as {username} / {password}")
        else:
            self.stdout.write(
                f"Log in at {admin_url} as {username} with the password you set "
                f"(reset it with: python manage.py changepassword {username})"
            )
