import os
import secrets
from pathlib import Path
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
        parser.add_argument(
            "--password-file",
            type=Path,
            help="keep a generated password here (readable by its owner only), so that later "
            "runs can show it again (`make run` ends with it)",
        )

    def handle(
        self, *args: Any, username: str, password_file: Path | None = None, **options: Any
    ) -> None:
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
            kept = _read(password_file)
            if kept and user.check_password(kept):
                self.stdout.write(f"Admin account {username!r}, password {kept!r}.")
            else:
                self.stdout.write(f"Admin account {username!r} exists (password unchanged).")
            return
        secret = password or generate_password(user)
        if password_file is not None and not password:
            password_file.touch(mode=0o600)
            password_file.chmod(0o600)
            password_file.write_text(secret + "\n")
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
                    + (
                        f"(kept in {password_file}; change it in the admin)."
                        if password_file is not None
                        else "(shown once; change it in the admin)."
                    )
                )
            )


def _read(path: Path | None) -> str:
    try:
        return path.read_text().strip() if path is not None else ""
    except OSError:
        return ""
