from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from newsdiff.lib.archive import ArchiveError, import_archive


class Command(BaseCommand):
    help = (
        "Load an export_archive FILE into this database, which must be freshly migrated to the "
        "same version and hold no data. One transaction: on any error nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        with tqdm(unit="row", disable=options["verbosity"] < 1) as bar:
            try:
                counts = import_archive(file, progress=bar.update)
            except ArchiveError as exc:
                raise CommandError(f"{file}: {exc}; nothing was imported") from None
        self.stdout.write(
            f"Imported {sum(counts.values())} rows of {len(counts)} tables from {file} "
            f"({counts.get('articles.article', 0)} articles)."
        )
