from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from newsdiff.articles.embeddings import embed_paragraphs, get_encoder


class Command(BaseCommand):
    help = "Compute paragraph embeddings that are missing (or all of them with --force)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--model", default=None, help="sentence-transformers name or path")
        parser.add_argument("--force", action="store_true", help="recompute existing vectors")

    def handle(self, *args: Any, model: str | None, force: bool, **options: Any) -> None:
        encoder = get_encoder(model)
        with tqdm(unit="paragraph", file=self.stderr._out) as bar:
            count = embed_paragraphs(encoder, force=force, progress=bar.update)
        self.stdout.write(f"{count} paragraph embeddings written with {encoder.name}")
