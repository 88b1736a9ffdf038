from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from newsdiff.framing.differences import write_differences
from newsdiff.framing.engine import differences_encoder


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
            help="compare phrases by their words only (no embedding model; the pages use it "
            "unless NEWSDIFF_DIFFERENCES_ENCODER is off)",
        )
        parser.add_argument(
            "--passages-only",
            action="store_true",
            help="compare each pair's two passages alone, without reading what their mentions "
            "refer to from the whole articles (the pages read them)",
        )

    def handle(
        self, *args: Any, output: Path, no_encoder: bool, passages_only: bool, **options: Any
    ) -> None:
        encode = None if no_encoder else differences_encoder()
        try:
            with output.open("w", encoding="utf-8") as out:
                pairs, found = write_differences(
                    out,
                    encode=encode,
                    progress=lambda pairs: tqdm(pairs, unit="pair", file=self.stderr._out),
                    referents=not passages_only,
                )
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}") from None
        self.stderr.write(f"{pairs} pairs, {found} differences written to {output}")
