"""Make sure a desk editor account exists for local use, and say how to log in."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from articles.roles import EDITOR

CREDENTIALS_FILE = Path(settings.BASE_DIR) / "var" / "editor-password.txt"


class Command(BaseCommand):
    help = "Create the local 'editor' account (desk role) if missing and print its login."

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
            CREDENTIALS_FILE.parent.mkdir(parents=True, exist_ok=True)
            CREDENTIALS_FILE.write_text(f"{username}\n{password}\n", encoding="utf-8")
            CREDENTIALS_FILE.chmod(0o600)
            self.stdout.write(self.style.SUCCESS(f"Created the editor account '{username}'."))
        known = (
            CREDENTIALS_FILE.read_text(encoding="utf-8").split()
            if CREDENTIALS_FILE.exists()
            else []
        )
        admin_url = f"http://127.0.0.1:{port}/admin/"
        if len(known) == 2 and known[0] == username and user.check_password(known[1]):
            self.stdout.write(f"Log in at {admin_url} as {username} / {known[1]}")
        else:
            self.stdout.write(
                f"Log in at {admin_url} as {username} with the password you set "
                f"(reset it with: python manage.py changepassword {username})"
            )
