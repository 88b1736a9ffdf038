import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from newsdiff.articles.embeddings import get_encoder
from newsdiff.framing.differences import export_differences, phrase_encoder


class Command(BaseCommand):
    help = (
        "Export every pair of passages of two different articles in one event, with the "
        "differences found between them (JSON)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, required=True, help="JSON file to write")
        parser.add_argument(
            "--no-encoder",
            action="store_true",
            help="compare phrases by their words only (no embedding model)",
        )

    def handle(self, *args: Any, output: Path, no_encoder: bool, **options: Any) -> None:
        encode = None if no_encoder else phrase_encoder(get_encoder().encode)
        data = export_differences(
            encode=encode,
            progress=lambda pairs: tqdm(pairs, unit="pair", file=self.stderr._out),
        )
        try:
            output.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}") from None
        found = sum(len(p["differences"]) for p in data["pairs"])
        self.stderr.write(f"{len(data['pairs'])} pairs, {found} differences written to {output}")
