"""The ingest path, end to end on the database, with the real model for the seed corpus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsdiff.articles import ingest
from newsdiff.articles.ingest import ingest_sources
from newsdiff.articles.models import Article, Outlet, Paragraph, ParagraphEmbedding
from newsdiff.articles.sources import IngestError, Source, collect, parse

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        Outlet.objects.count(),
        Article.objects.count(),
        Paragraph.objects.count(),
        ParagraphEmbedding.objects.count(),
    )


@pytest.mark.model
def test_seed_corpus_with_manifest(seeds: Path, encoder) -> None:
    sources, errors = collect([], seeds / "manifest.json")
    assert errors == []
    report = ingest_sources(sources, encoder=encoder)
    assert len(report.created) == 5 and report.failures == []
    rows = {a.source_file[:3]: a for a in Article.objects.select_related("outlet")}
    assert {k: (a.outlet.name, a.published) for k, a in rows.items()} == {
        "000": ("RT", dt.date(2024, 1, 23)),
        "001": ("Press TV", dt.date(2022, 2, 14)),
        "002": ("RT", dt.date(2023, 12, 15)),
        "003": ("BelTA", dt.date(2024, 1, 18)),
        "004": ("Associated Press", dt.date(2021, 12, 22)),
    }
    assert rows["000"].published_precision == "approximate"
    # Original bytes are kept exactly.
    original = (seeds / "articles" / rows["003"].source_file).read_bytes()
    assert bytes(rows["003"].original) == original
    # Every body paragraph and each headline has a unit-length 384-d vector from the real
    # model; nothing else does.
    assert Paragraph.objects.body().count() == report.paragraphs == 59
    matched = set(Paragraph.objects.matched().values_list("id", flat=True))
    assert set(ParagraphEmbedding.objects.values_list("paragraph_id", flat=True)) == matched
    headlines = Paragraph.objects.filter(kind="heading", reason__in=("title", "headline"))
    assert len(matched) == 59 + headlines.count() and headlines.count() == 5  # one per article
    vector = ParagraphEmbedding.objects.first().vector
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-4
    furniture = set(Paragraph.objects.filter(kind="furniture").values_list("text", flat=True))
    assert {
        "Leave a Reply",
        "Back to top button",
        "SHARE THIS ARTICLE",
        "Subscribe to us",
        "Russian Foreign Minister Sergey Lavrov. © Sputnik",
        "Read more UK working to prevent peace – Moscow",
    } <= furniture
    assert not Paragraph.objects.body().filter(text__in=furniture).exists()


def test_reingest_adds_nothing(seeds: Path, fake_encoder) -> None:
    sources, _ = collect([seeds / "articles"], seeds / "manifest.json")
    first = ingest_sources(sources, encoder=fake_encoder)
    before = counts()
    second = ingest_sources(collect([seeds / "articles"])[0], encoder=fake_encoder)
    assert len(first.created) == 5
    assert second.created == [] and len(second.duplicates) == 5
    assert counts() == before


def test_same_text_twice_in_one_run_is_one_article(fake_encoder) -> None:
    text = b"Title of the piece here\n\nNegotiators met in Istanbul on Tuesday for talks, officials said."
    report = ingest_sources(
        [Source("a.txt", text), Source("b.txt", text + b"\n\n")], encoder=fake_encoder
    )
    assert len(report.created) == 1 and [n for n, _ in report.duplicates] == ["b.txt"]


def test_big_sources_are_encoded_in_smaller_chunks(
    fake_encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    encode = fake_encoder.encode
    monkeypatch.setattr(
        fake_encoder, "encode", lambda texts: calls.append(len(texts)) or encode(texts)
    )
    monkeypatch.setattr(ingest, "CHUNK_BYTES", 100)  # each source below is ~75 bytes
    sources = [
        Source(
            f"{n}.txt",
            f"Piece number {n} here\n\nTalks number {n} went on in Istanbul, officials said.".encode(),
        )
        for n in range(5)
    ]
    report = ingest_sources(sources, encoder=fake_encoder)
    assert len(report.created) == 5 and report.paragraphs == 5
    assert calls == [4, 4, 2]  # two articles (headline and body each) a call, then the last


def test_title_and_date_from_text_without_manifest(seeds: Path, fake_encoder) -> None:
    path = next((seeds / "articles").glob("003_*.txt"))
    report = ingest_sources(
        [Source(path.name, path.read_bytes())], encoder=fake_encoder, default_outlet="BelTA"
    )
    article = report.created[0]
    assert article.title.startswith("Lavrov: U.S. policy of unrestrained NATO expansion")
    # The stamped date, not the site header's "Wednesday, 24 April 2024".
    assert article.published == dt.date(2024, 1, 18) and article.published_precision == "day"


HTML = b"""<!doctype html><html><head><title>Talks in Istanbul | Example News</title>
<meta property="og:title" content="Negotiators meet in Istanbul">
<meta property="article:published_time" content="2022-03-29T10:00:00Z"></head>
<body><nav><a href="/">Home</a> / <a href="/world">World</a></nav>
<article><h1>Negotiators meet in Istanbul</h1>
<p>Russian and Ukrainian negotiators met in Istanbul on Tuesday for the first face-to-face talks in weeks.</p>
<p>The Ukrainian delegation was led by David Arakhamia, who said the sides discussed security guarantees.</p>
<script>alert("x")</script></article>
<footer><p>Share this article</p></footer></body></html>"""


def test_html_input(fake_encoder) -> None:
    report = ingest_sources(
        [Source("talks.html", HTML, {"outlet": "Example News"})], encoder=fake_encoder
    )
    article = report.created[0]
    assert article.title == "Negotiators meet in Istanbul"
    assert article.published == dt.date(2022, 3, 29)
    assert article.source_format == "html" and bytes(article.original) == HTML
    body = list(article.paragraphs.body().values_list("text", flat=True))
    assert body[0].startswith("Russian and Ukrainian negotiators met in Istanbul")
    assert body[1].startswith("The Ukrainian delegation was led by David Arakhamia")
    assert not any("alert" in t or "Share this" in t for t in body)


@pytest.mark.parametrize(
    "payload",
    [
        {
            "text": "Russian and Ukrainian negotiators met in Istanbul on Tuesday for talks.\n"
            "The delegation was led by David Arakhamia, officials said."
        },
        {
            "html": "<html><body><article><p>Russian and Ukrainian negotiators met in Istanbul on "
            "Tuesday for talks.</p><p>The delegation was led by David Arakhamia, officials "
            "said.</p></article></body></html>"
        },
    ],
)
def test_json_input(payload: dict[str, str], fake_encoder) -> None:
    data = {
        "title": "Istanbul talks",
        "outlet": "Wire",
        "published": "2022-03-29",
        "url": "https://example.org/istanbul",
        **payload,
    }
    report = ingest_sources([Source("a.json", json.dumps(data).encode())], encoder=fake_encoder)
    assert report.failures == []
    article = report.created[0]
    assert (article.title, article.outlet.name, article.published, article.url) == (
        "Istanbul talks",
        "Wire",
        dt.date(2022, 3, 29),
        "https://example.org/istanbul",
    )
    assert article.paragraphs.body().count() == 2


BAD = [
    ("empty.txt", b"  \n\n ", "file is empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "looks like a binary file"),
    (
        "latin1.txt",
        "Caf\xe9 talks in Istanbul were held.".encode("latin-1"),
        "cannot decode as UTF-8 text (invalid byte 0xe9 at offset 3)",
    ),
    ("report.pdf", b"%PDF-1.4 ...", "unsupported file type ('.pdf')"),
    ("bad.json", b"{not json", "invalid JSON"),
    ("nobody.json", b'{"title": "x"}', "JSON has no 'text' or 'html' field"),
    ("furniture.txt", b"Share this article\nLeave a Reply\nBack to top", "no article text found"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD)
def test_bad_input_is_named_and_writes_nothing(
    name: str, data: bytes, message: str, fake_encoder
) -> None:
    before = counts()
    report = ingest_sources([Source(name, data)], encoder=fake_encoder)
    assert report.created == []
    [failure] = report.failures
    assert failure.source == name and message in failure.problem
    assert counts() == before


def test_too_large_file(settings, tmp_path: Path) -> None:
    settings.NEWSDIFF_MAX_FILE_BYTES = 100
    path = tmp_path / "big.txt"
    path.write_text("Negotiators met in Istanbul on Tuesday, officials said. " * 10)
    sources, errors = collect([path])
    assert sources == []
    assert "file is too large (560 bytes; the limit is 100)" in str(errors[0])
    with pytest.raises(IngestError, match="too large"):
        parse(Source("big.txt", path.read_bytes()))


def test_invalid_date() -> None:
    with pytest.raises(IngestError, match=r"invalid date '2024-13-45'"):
        parse(
            Source(
                "a.txt",
                b"Talks resumed in Istanbul on Tuesday, officials said today.",
                {"published": "2024-13-45"},
            )
        )


def write_manifest(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    (tmp_path / "ok.txt").write_text(
        "Talks resume in Istanbul\n\nNegotiators met in Istanbul on Tuesday for talks, officials said."
    )
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"articles": rows}))
    return manifest


@pytest.mark.model  # the command embeds the good file with the real model
def test_command_reports_each_failure_and_exits_nonzero(tmp_path: Path, capsys) -> None:
    manifest = write_manifest(
        tmp_path,
        [
            {"file": "ok.txt", "outlet": "Wire", "published": "2022-03-29"},
            {"file": "missing.txt", "outlet": "Wire"},
            {"file": "ok.txt", "published": "29/03/2022"},
        ],
    )
    with pytest.raises(CommandError) as info:
        call_command("ingest", "--manifest", str(manifest))
    assert info.value.returncode == 1
    err = capsys.readouterr().err
    assert "manifest.json row 2: file 'missing.txt' does not exist" in err
    assert "manifest.json row 3 (ok.txt): invalid date '29/03/2022'" in err
    # The good row went in, with its manifest metadata.
    article = Article.objects.get()
    assert (article.outlet.name, article.published) == ("Wire", dt.date(2022, 3, 29))


def test_command_needs_input() -> None:
    with pytest.raises(CommandError, match="give files or folders"):
        call_command("ingest")
