from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdiff.matching.store.export import export_data, to_csv, to_json


class Command(BaseCommand):
    help = "Export events with their passages and the articles they come from (JSON or CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args: Any, format: str, output: Path | None, **options: Any) -> None:
        data = export_data()
        text = to_json(data) if format == "json" else to_csv(data)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}") from None
        passages = sum(len(e["passages"]) for e in data["events"])
        self.stderr.write(
            f"{len(data['events'])} events ({passages} passages) from "
            f"{len(data['articles'])} articles written to {output}"
        )
