from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from newsdiff.articles.models import Article
from newsdiff.uploads import datelines


class Command(BaseCommand):
    help = (
        "Read the datelines of articles stored before datelines were read, and (with --apply) "
        "take them out of the passage text, embed and match each changed article again. "
        "Without --apply it only lists what would change."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="make the changes")

    def handle(self, *args: Any, apply: bool, **options: Any) -> None:
        # The ids first: each article is changed in a transaction of its own.
        ids = list(datelines.stale().values_list("pk", flat=True))
        found = 0
        with tqdm(total=len(ids), unit="article", file=self.stderr._out) as bar:
            for pk in ids:
                article = Article.objects.select_related("outlet").get(pk=pk)
                change = datelines.plan(article)
                if change is not None:
                    found += 1
                    if apply:
                        datelines.apply(article, change)
                    self.stdout.write(f"  article {article.pk}: {change.summary()}")
                bar.update()
        done = "changed and matched again" if apply else "would change (run with --apply)"
        self.stdout.write(f"{found} article(s) with a dateline in their text: {done}")
