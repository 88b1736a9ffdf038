from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdiff.accounts.roles import ADMIN, JOURNALIST, RESEARCHER, add_user


class Command(BaseCommand):
    help = (
        "Create a user with a role (journalist, researcher or admin) and print a generated "
        "password once; --password sets it, --lead lets a researcher adjudicate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[JOURNALIST, RESEARCHER, ADMIN])
        parser.add_argument("--password", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--lead", action="store_true", help="may record adjudicated labels")

    def handle(self, *args: Any, username: str, role: str, **options: Any) -> None:
        try:
            password = add_user(
                username, role, options["password"], options["email"], options["lead"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        shown = "from --password" if options["password"] else f"password {password!r} (shown once)"
        self.stdout.write(self.style.SUCCESS(f"Created {role} {username!r}, {shown}."))
