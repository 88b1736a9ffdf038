from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from newsdiff.articles.sources import IngestError, collect
from newsdiff.uploads.ingest import ingest


class Command(BaseCommand):
    help = (
        "Ingest .txt, .html/.htm and .json articles (files or folders), optionally with a manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--manifest", type=Path, help="JSON manifest of files and metadata")
        parser.add_argument("--outlet", default="", help="outlet for files the manifest omits")

    def handle(
        self, *args: Any, paths: list[Path], manifest: Path | None, outlet: str, **options: Any
    ) -> None:
        if not paths and manifest is None:
            raise CommandError("give files or folders to ingest, or --manifest FILE")
        try:
            sources, failures = collect(paths, manifest)
        except IngestError as exc:
            raise CommandError(str(exc)) from None
        with tqdm(
            total=len(sources), unit="article", disable=len(sources) < 20, file=self.stderr._out
        ) as bar:
            report = ingest(sources, default_outlet=outlet, progress=bar.update)
        failures += report.failures
        self.stdout.write(
            f"{len(report.created)} articles added ({report.paragraphs} body paragraphs), "
            f"{len(report.duplicates)} already present, {len(failures)} failed"
        )
        for name, article in report.duplicates:
            self.stdout.write(f"  = {name}: already ingested as article {article.pk}")
        for failure in failures:
            self.stderr.write(f"  ! {failure}")
        if failures:
            raise CommandError(f"{len(failures)} input(s) failed", returncode=1)
