"""Upload throughput: 200 articles through the upload view, processed by 1 and by 2 workers.

    .venv/bin/python bench/upload.py [--articles N]

Builds N distinct articles from the seed corpus (as bench/ingest.py does), posts them to
/upload/files/ with the Django test client on a scratch SQLite database, and times real
`manage.py db_worker --batch` processes working off the queue: one worker, then two (the
database is emptied in between). The same files then go through `manage.py ingest`.

Torch threads: one process uses every core for its matrix work; two processes doing the same
on this 2-core machine would fight over the cores. So a lone worker keeps torch's default
(all cores) and each of two workers gets OMP_NUM_THREADS = cores / workers, the setting to use
for workers sharing a machine.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import ROOT, django_on_scratch_db
from ingest import variant
from wordfreq import top_n_list

WORDS = [w for w in top_n_list("en", 30000) if w.isalpha() and len(w) > 3]


def make_files(count: int, folder: Path, corpus: str) -> list[Path]:
    """``distinct``: articles of made-up words, each with its own vocabulary, so a new article
    links to no other and matching costs what it costs for news on an unrelated topic.
    ``variants``: reworded copies of the five seeds (as bench/ingest.py), where every article
    reports the same events as dozens of others: the matcher's hardest case."""
    seeds = sorted((ROOT / "seeds" / "articles").glob("*.txt"))
    texts = [seed.read_text(encoding="utf-8") for seed in seeds]
    rng = random.Random(11)
    paths = []
    for n in range(count):
        if corpus == "variants":
            text = variant(texts[n % len(texts)], rng, n)
        else:
            # Each article its own slice of real English words: few shared terms, unrelated
            # vectors. Not made-up letter strings: the model embeds all such gibberish close
            # together, so every article would "match" every other.
            own = rng.sample(WORDS, 300)
            paragraphs = [
                " ".join(
                    " ".join(rng.choices(own, k=rng.randint(12, 24))).capitalize() + "."
                    for _ in range(rng.randint(2, 3))
                )
                for _ in range(rng.randint(8, 14))
            ]
            text = "\n\n".join([f"Report {n}: {' '.join(rng.sample(own, 5))}", *paragraphs])
        path = folder / f"{n:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def reset() -> None:
    from django_tasks_db.models import DBTaskResult

    from newsdiff.articles.models import Article, Outlet
    from newsdiff.matching.models import Event
    from newsdiff.uploads.models import Batch

    for model in (Batch, DBTaskResult, Event, Article, Outlet):
        model.objects.all().delete()


def upload(paths: list[Path]) -> float:
    from django.contrib.auth.models import Group, User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    admin, _ = User.objects.get_or_create(username="bench-admin")
    admin.groups.add(Group.objects.get(name="admin"))
    client = Client()
    client.force_login(admin)
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in paths]
    t0 = time.perf_counter()
    response = client.post("/upload/files/", {"articles": files})
    assert response.status_code == 302, response.status_code
    return time.perf_counter() - t0


def run(commands: list[list[str]], threads: int | None) -> float:
    env = dict(os.environ)
    if threads:
        env |= {"OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)}
    t0 = time.perf_counter()
    procs = [subprocess.Popen(c, cwd=ROOT, env=env, stdout=subprocess.DEVNULL) for c in commands]
    codes = [p.wait() for p in procs]
    elapsed = time.perf_counter() - t0
    assert codes == [0] * len(codes), codes
    return elapsed


def workers(count: int, threads: int | None) -> tuple[float, float]:
    """Wall time of ``count`` workers (start-up included) and their steady-state time."""
    from django.db.models import Max, Min

    from newsdiff.uploads.models import BatchItem

    worker = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"]
    worker += ["--no-startup-delay", "--interval", "0", "--verbosity", "0"]
    wall = run([worker] * count, threads)
    states = set(BatchItem.objects.values_list("state", flat=True))
    assert states == {"done"}, BatchItem.objects.exclude(state="done").values("name", "error")[:3]
    # From the first file finished to the last: throughput once models are loaded.
    span = BatchItem.objects.aggregate(first=Min("heartbeat"), last=Max("heartbeat"))
    return wall, (span["last"] - span["first"]).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--corpus", choices=["distinct", "variants"], default="distinct")
    args = parser.parse_args()
    db = django_on_scratch_db("upload")
    folder = Path(tempfile.mkdtemp(prefix="newsdiff-upload-files-"))
    paths = make_files(args.articles, folder, args.corpus)
    cores = os.cpu_count() or 1
    n = args.articles
    print(f"articles {n} ({args.corpus}), cores {cores}, database {db}")

    # One worker with torch's default threads (all cores), one worker on one thread, and two
    # workers on cores/2 threads each: the second isolates what the second process adds.
    rates: list[tuple[float, float]] = []
    for count, threads in ((1, None), (1, 1), (2, max(1, cores // 2))):
        reset()
        posted = upload(paths)
        wall, steady = workers(count, threads)
        rates.append((n / wall * 60, (n - 1) / steady * 60))
        label = f"{count} worker{'s' if count > 1 else ''}"
        shown = f"{threads} torch thread(s) each" if threads else "default torch threads"
        print(f"{label:9} ({shown:22}): upload request {posted:4.1f} s, workers {wall:6.1f} s,")
        print(f"{'':35}{rates[-1][0]:7.1f} articles/min wall, {rates[-1][1]:7.1f} steady")

    reset()
    ingest = [sys.executable, "manage.py", "ingest", str(folder), "--outlet", "Bench"]
    wall = run([ingest], None)
    ingest_rate = n / wall * 60
    print(f"manage.py ingest (default threads): {wall:6.1f} s, {ingest_rate:7.1f} articles/min")
    (one, _), (one_thread, _), (two, _) = rates
    steady_one, steady_one_thread, steady_two = (r[1] for r in rates)
    print(
        f"speed-up, 2 workers / 1 worker (default threads): {two / one:.2f} wall, "
        f"{steady_two / steady_one:.2f} steady"
    )
    print(
        f"speed-up, 2 workers / 1 worker (1 thread):        {two / one_thread:.2f} wall, "
        f"{steady_two / steady_one_thread:.2f} steady"
    )
    print(f"2 workers / manage.py ingest: {two / ingest_rate:.2f}")
    print(f"1 worker  / manage.py ingest: {one / ingest_rate:.2f}")


if __name__ == "__main__":
    main()
