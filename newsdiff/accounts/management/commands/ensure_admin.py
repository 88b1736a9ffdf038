import os
import secrets
from typing import Any

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser


def generate_password(user: User) -> str:
    """A random password that Django's validators accept (retried in the unlikely case not)."""
    while True:
        secret = secrets.token_urlsafe(12)
        try:
            validate_password(secret, user)
        except ValidationError:
            continue
        return secret


class Command(BaseCommand):
    help = (
        "Create the local admin account (admin role, staff) if missing and print its password "
        "once; NEWSDIFF_ADMIN_USER / NEWSDIFF_ADMIN_PASSWORD choose them instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default=os.environ.get("NEWSDIFF_ADMIN_USER", "admin"))

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        password = os.environ.get("NEWSDIFF_ADMIN_PASSWORD", "")
        if password:  # checked before anything is written
            try:
                validate_password(password, User(username=username))
            except ValidationError as exc:
                raise CommandError(
                    f"NEWSDIFF_ADMIN_PASSWORD is refused: {' '.join(exc.messages)}"
                ) from None
        user, created = User.objects.get_or_create(username=username)
        if not created and not password:
            self.stdout.write(f"Admin account {username!r} exists (password unchanged).")
            return
        secret = password or generate_password(user)
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
