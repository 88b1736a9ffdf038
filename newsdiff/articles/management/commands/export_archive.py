from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from newsdiff.lib.archive import all_models, export_archive


class Command(BaseCommand):
    help = (
        "Write every row of every model (articles with their original bytes, embeddings, events, "
        "users, uploads...) to FILE, a gzipped archive for import_archive on another database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        with tqdm(total=len(all_models()), unit="table", disable=options["verbosity"] < 1) as bar:
            counts = export_archive(file, progress=lambda _: bar.update(1))
        self.stdout.write(
            f"Exported {sum(counts.values())} rows of {len(counts)} tables to {file} "
            f"({counts.get('articles.article', 0)} articles)."
        )
