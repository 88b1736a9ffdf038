from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from newsdiff.matching.service import store_analyses


class Command(BaseCommand):
    help = (
        "Analyse and store the articles whose stored analysis is missing or was made by other "
        "analysis code (matching then reads them instead of analysing them)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(unit="article", file=self.stderr._out) as bar:
            count = store_analyses(progress=bar.update)
        self.stdout.write(f"{count} article analyses stored")
