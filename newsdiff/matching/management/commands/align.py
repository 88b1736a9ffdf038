from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdiff.articles.models import Article
from newsdiff.matching.service import align_articles, rebuild


class Command(BaseCommand):
    help = (
        "Match articles into events: the given article ids incrementally, or everything again "
        "(--rebuild, the default without ids), regrouping from the events that hold now, or "
        "from nothing with --fresh."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("articles", nargs="*", type=int, help="ids of articles to match")
        parser.add_argument("--rebuild", action="store_true", help="recompute every event")
        parser.add_argument(
            "--fresh", action="store_true", help="with --rebuild: group from nothing"
        )

    def handle(
        self, *args: Any, articles: list[int], rebuild: bool, fresh: bool, **options: Any
    ) -> None:
        if articles and (rebuild or fresh):
            raise CommandError("give article ids or --rebuild, not both")
        missing = set(articles) - set(
            Article.objects.filter(id__in=articles).values_list("id", flat=True)
        )
        if missing:
            raise CommandError(f"no article with id {', '.join(map(str, sorted(missing)))}")
        report = align_articles(articles) if articles else rebuild_all(fresh)
        self.stdout.write(
            f"{report.events} events and {report.alignments} alignments written "
            f"({report.paragraphs} paragraphs, {report.removed} stale events removed)"
        )


rebuild_all = rebuild  # the option name shadows the function inside handle()
