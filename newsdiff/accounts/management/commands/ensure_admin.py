import os
import secrets
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Create the local admin account (admin role, staff) if missing and print its password "
        "once; NEWSDIFF_ADMIN_USER / NEWSDIFF_ADMIN_PASSWORD choose them instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default=os.environ.get("NEWSDIFF_ADMIN_USER", "admin"))

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        password = os.environ.get("NEWSDIFF_ADMIN_PASSWORD", "")
        user, created = User.objects.get_or_create(username=username)
        if not created and not password:
            self.stdout.write(f"Admin account {username!r} exists (password unchanged).")
            return
        secret = password or secrets.token_urlsafe(12)
        user.set_password(secret)
        # Staff so the Django admin opens; what it may do there comes from the admin group.
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name="admin"))
        if password:
            self.stdout.write(f"Admin account {username!r} ready (password from environment).")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Created admin account {username!r} with password {secret!r} "
                    "(shown once; change it in the admin)."
                )
            )
