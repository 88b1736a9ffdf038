"""Reading what is to be ingested: files, folders and manifests, with clear errors.

A ``Source`` is one article's original bytes plus whatever the manifest knows about it. Parsing
it (``parse``) turns it into a ``ParsedArticle``: classified paragraphs and metadata, not yet
saved. Every problem raises ``IngestError`` naming the file and what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.conf import settings

from newsdiff.articles import text as textlib
from newsdiff.articles.models import Article, Outlet, Paragraph, is_matched
from newsdiff.lib.fields import fit
from newsdiff.text.dateline import Dated, Dateline, dated, read_dateline, staff_byline
from newsdiff.text.dates import find_published, full_dates
from newsdiff.text.words import normalise_space

FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".json": "json"}
MANIFEST_KEYS = {
    "outlet",
    "title",
    "published",
    "published_precision",
    "url",
    "language",
    "how_known",
    "republished_by",
}
# How an article's outlet and date were established (``Article.outlet_how``/``published_how``).
# A manifest row or form says so in its metadata's "via" ({"outlet": "manifest", ...}).
How = Article.How
UNKNOWN_OUTLET = "Unknown outlet"


class IngestError(Exception):
    """A problem with one input; the message names the input and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


@dataclass
class Source:
    name: str  # file name as uploaded or as given on the command line
    data: bytes
    meta: dict[str, Any] = field(default_factory=dict)  # from a manifest row or upload form

    @property
    def format(self) -> str:
        suffix = Path(self.name).suffix.lower()
        if suffix not in FORMATS:
            shown = f"'{suffix}'" if suffix else "no extension"
            raise IngestError(
                self.name, f"unsupported file type ({shown}); expected .txt, .html, .htm or .json"
            )
        return FORMATS[suffix]


@dataclass
class ParsedArticle:
    source: Source
    title: str
    outlet: str
    url: str
    published: dt.date | None
    published_precision: str
    language: str
    lines: list[textlib.Line]
    content_hash: str
    outlet_how: str = How.UNKNOWN.value
    published_how: str = How.UNKNOWN.value
    how_known: str = ""  # the manifest's note, or the dateline or date line the text gave
    dateline: str = ""  # as written; taken out of the paragraph it opened

    @property
    def body(self) -> list[str]:
        return [line.text for line in self.lines if line.kind == Paragraph.Kind.BODY]

    @property
    def matched(self) -> list[str]:
        """The lines that get a vector and take part in matching: the body and the headline."""
        return [line.text for line in self.lines if is_matched(line.kind, line.reason)]

    @property
    def headline_index(self) -> int | None:
        """Where the headline is in ``matched`` (it leads it), or None if there is none."""
        lines = [line for line in self.lines if is_matched(line.kind, line.reason)]
        return 0 if lines and lines[0].kind == Paragraph.Kind.HEADING else None


def parse_date(value: Any, source: str) -> dt.date | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        # A timestamp ("2024-01-18T14:32:00Z") counts by its date.
        return dt.date.fromisoformat(text[:10] if re.match(r"\d{4}-\d\d-\d\dT", text) else text)
    except ValueError:
        raise IngestError(
            source, f"invalid date {value!r}: expected an ISO date such as 2024-01-18"
        ) from None


def check_size(name: str, size: int) -> None:
    limit = settings.NEWSDIFF_MAX_FILE_BYTES
    if size > limit:
        raise IngestError(name, f"file is too large ({size:,} bytes; the limit is {limit:,})")


HEAD_BYTES = 8192  # what the text/binary check reads
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_text(head: bytes, name: str, size: int | None = None) -> None:
    """Refuse empty and binary input from its first bytes (``head``, at least HEAD_BYTES of it
    when there are more; ``size``: the whole file's, when only the head was read)."""
    if not head.strip() and (size is None or size <= len(head)):
        raise IngestError(name, "file is empty")
    if head.startswith(UTF16_BOMS):
        return
    head = head[:HEAD_BYTES]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in head or controls > len(head) * 0.05:
        raise IngestError(name, "looks like a binary file, not text")


def decode(data: bytes, name: str) -> str:
    """Bytes to text; binary and undecodable input is refused rather than guessed at."""
    check_text(data, name)
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError(name, "cannot decode the file as UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            name,
            f"cannot decode as UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); save the file as UTF-8",
        ) from None


def _content_hash(lines: list[textlib.Line]) -> str:
    text = "\n".join(
        normalise_space(line.text).casefold()
        for line in lines
        if line.kind != Paragraph.Kind.FURNITURE
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _extract_html(html: str, name: str) -> tuple[str, dict[str, Any]]:
    import trafilatura  # slow to import, and needed only for HTML

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if isinstance(doc, dict):  # older trafilatura returned a dict
        doc = trafilatura.settings.Document.from_dict(doc)
    if doc is None or not (doc.text or "").strip():
        raise IngestError(name, "no article text found in the HTML")
    meta = {
        "title": doc.title,
        "published": doc.date,
        "url": doc.url,
        "outlet": doc.sitename,
        "language": doc.language,
    }
    return str(doc.text), {k: v for k, v in meta.items() if v}


def _read_json(text: str, name: str) -> tuple[str, dict[str, Any], bool]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(name, f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise IngestError(name, "JSON must be an object with 'title' and 'text' or 'html'")
    meta = {k: data[k] for k in ("title", "outlet", "published", "url", "language") if data.get(k)}
    if isinstance(data.get("text"), str) and data["text"].strip():
        return data["text"], meta, False
    if isinstance(data.get("html"), str) and data["html"].strip():
        return data["html"], meta, True
    raise IngestError(name, "JSON has no 'text' or 'html' field with the article")


def parse(
    source: Source, default_outlet: str = "", received: dt.date | None = None
) -> ParsedArticle:
    """Decode, extract and classify one source. Raises IngestError; touches no database.

    Outlet and date come, in this order, from the manifest or form (``source.meta``), from the
    file's own metadata (JSON fields, HTML meta tags), from a dateline ("ISTANBUL, March 29
    (Harbor Wire) –"; its year from the article's text, not after ``received``:
    ``text.dateline.dated``), from a dated line at the top of the text, for the outlet from a
    staff byline ("By Reuters Staff") and then ``default_outlet``; each records how it was
    known. The dateline is taken out of the text.
    """
    check_size(source.name, len(source.data))
    fmt = source.format
    raw = decode(source.data, source.name)
    meta: dict[str, Any] = {}
    if fmt == "json":
        raw, meta, is_html = _read_json(raw, source.name)
        if is_html:
            raw, html_meta = _extract_html(raw, source.name)
            meta = {**html_meta, **meta}
    elif fmt == "html":
        raw, meta = _extract_html(raw, source.name)
    how = {key: How.FILE.value for key in ("outlet", "published") if meta.get(key)}
    given = {k: v for k, v in source.meta.items() if v not in (None, "") and k != "via"}
    via = source.meta.get("via") or {}
    for key in ("outlet", "published"):
        if key in given:
            how[key] = str(via.get(key, How.GIVEN.value))
    meta.update(given)

    published = parse_date(meta.get("published"), source.name)
    title_given = normalise_space(str(meta["title"])) if meta.get("title") else None
    title, lines = textlib.classify(textlib.split_paragraphs(raw), title_given)
    if not any(line.kind == Paragraph.Kind.BODY for line in lines):
        raise IngestError(source.name, "no article text found (every line looks like furniture)")

    precision = str(meta.get("published_precision") or ("day" if published else "unknown"))
    if precision not in Article.Precision.values:
        raise IngestError(source.name, f"invalid published_precision {precision!r}")
    outlet = str(meta.get("outlet") or "")
    notes = [str(meta["how_known"])] if meta.get("how_known") else []
    if meta.get("republished_by"):  # the copy we have is not the outlet's own page
        notes.append(f"Republished by {meta['republished_by']}.")
    content_hash = _content_hash(lines)  # of the text as uploaded, dateline and all
    found = find_published(_head(lines))
    dateline, lines = _take_dateline(lines)
    if dateline is not None:
        notes.append(f"Dateline: “{dateline.text}”.")
        if not outlet and dateline.outlet:
            outlet, how["outlet"] = dateline.outlet, How.DATELINE.value
        if published is None:
            when = date_from_dateline(dateline, lines, received)
            if when.date is not None:
                published, precision, how["published"] = when.date, "day", How.DATELINE.value
            if when.date is not None or found is None:  # else the dated line below says it
                notes += [when.how] if when.how else []
    if published is None and found is not None:
        published, precision, how["published"] = found, "day", How.TEXT.value
    signed = _staff_byline(lines) if not outlet else None
    if signed is not None:
        outlet, how["outlet"] = signed[1], How.TEXT.value
        notes.append(f"Byline: “{signed[0]}”.")
    if not outlet and default_outlet:
        outlet, how["outlet"] = default_outlet, How.COMMAND.value

    return ParsedArticle(
        source=source,
        title=fit(Article, "title", title or Path(source.name).stem),
        outlet=fit(Outlet, "name", normalise_space(outlet or UNKNOWN_OUTLET)),
        url=fit(Article, "url", str(meta.get("url") or "")),
        published=published,
        published_precision=precision,
        language=fit(Article, "language", str(meta.get("language") or "en")),
        lines=lines,
        content_hash=content_hash,
        outlet_how=how.get("outlet", How.UNKNOWN.value) if outlet else How.UNKNOWN.value,
        published_how=how.get("published", How.UNKNOWN.value) if published else How.UNKNOWN.value,
        how_known=" ".join(notes),
        dateline=fit(Article, "dateline", dateline.text) if dateline else "",
    )


def find_dateline(lines: list[textlib.Line]) -> tuple[int, Dateline] | None:
    """The dateline at the top of the article and the index of the line it opens, or None."""
    body = [i for i, line in enumerate(lines) if line.kind == Paragraph.Kind.BODY][:2]
    above = [i for i, line in enumerate(lines) if line.kind != Paragraph.Kind.BODY][:12]
    for i in sorted({*above, *body}):
        dateline = read_dateline(lines[i].text)
        # A place alone ("WASHINGTON —") opens a paragraph of the story; above the story, words
        # in capitals before a dash are more likely a headline ("TALKS RESUME - DAY TWO").
        alone = dateline is not None and not dateline.outlet and dateline.month is None
        if dateline is not None and not (alone and lines[i].kind != Paragraph.Kind.BODY):
            return i, dateline
    return None


def _take_dateline(lines: list[textlib.Line]) -> tuple[Dateline | None, list[textlib.Line]]:
    """The dateline at the top of the article, and the lines without it: it is where and when
    the story was filed, not part of it, so it is neither matched nor highlighted nor tagged."""
    found = find_dateline(lines)
    if found is None:
        return None, lines
    i, dateline = found
    rest = [replace(lines[i], text=dateline.rest)] if dateline.rest else []
    return dateline, [*lines[:i], *rest, *lines[i + 1 :]]


def date_from_dateline(
    dateline: Dateline, lines: list[textlib.Line], received: dt.date | None
) -> Dated:
    """The date a dateline gives an article whose text (without it) is ``lines``."""
    text = "\n".join(line.text for line in lines)
    return dated(dateline, full_dates(text), text, received)


def _staff_byline(lines: list[textlib.Line]) -> tuple[str, str] | None:
    """(the byline, the outlet) of a staff byline above the article ("By Reuters Staff")."""
    return next(((text, o) for text in _header(lines) if (o := staff_byline(text))), None)


def _header(lines: list[textlib.Line]) -> list[str]:
    """The lines above the article (its title, byline, date: what is not its body)."""
    return [line.text for line in lines if line.kind != Paragraph.Kind.BODY][:12]


def _head(lines: list[textlib.Line]) -> list[str]:
    """The lines above the article and the start of its first two body paragraphs."""
    header = _header(lines)
    body = [line.text[:160] for line in lines if line.kind == Paragraph.Kind.BODY][:2]
    return [*header, *body]


def _read_file(path: Path, meta: dict[str, Any] | None = None) -> Source:
    check_size(str(path), path.stat().st_size)
    return Source(name=path.name, data=path.read_bytes(), meta=meta or {})


def manifest_rows(text: str, name: str) -> list[Any]:
    """The rows of a manifest's JSON text (a list, or {"articles": [...]})."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(name, f"cannot read manifest: {exc}") from None
    rows = data.get("articles") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise IngestError(name, 'manifest must be a list or {"articles": [...]}')
    return rows


def manifest_file(row: Any, where: str) -> str:
    if not isinstance(row, dict) or not isinstance(row.get("file"), str):
        raise IngestError(where, "row has no 'file'")
    return str(row["file"])


def manifest_meta(row: dict[str, Any], where: str) -> dict[str, Any]:
    """A row's metadata for its file; a row with an invalid date raises IngestError."""
    parse_date(row.get("published"), f"{where} ({row['file']})")
    meta = {k: v for k, v in row.items() if k in MANIFEST_KEYS}
    if via := {key: "manifest" for key in ("outlet", "published") if row.get(key)}:
        meta["via"] = via
    return meta


def load_manifest(manifest: Path) -> tuple[list[tuple[Path, dict[str, Any]]], list[IngestError]]:
    """Rows of a manifest (a list, or {"articles": [...]}) as (file path, metadata)."""
    try:
        text = manifest.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError(str(manifest), f"cannot read manifest: {exc}") from None
    rows = manifest_rows(text, str(manifest))
    entries, errors = [], []
    for number, row in enumerate(rows, start=1):
        where = f"{manifest.name} row {number}"
        try:
            path = (manifest.parent / manifest_file(row, where)).resolve()
            if not path.is_file():
                raise IngestError(where, f"file {row['file']!r} does not exist")
            entries.append((path, manifest_meta(row, where)))
        except IngestError as exc:
            errors.append(exc)
    return entries, errors


def collect(
    paths: list[Path], manifest: Path | None = None
) -> tuple[list[Source], list[IngestError]]:
    """Expand files and folders (with manifest metadata) into sources and read errors."""
    rows: dict[Path, dict[str, Any]] = {}
    errors: list[IngestError] = []
    if manifest is not None:
        manifest = manifest.resolve()
        entries, errors = load_manifest(manifest)
        rows = dict(entries)
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Inside a folder only the supported types are taken; other files are not articles.
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in FORMATS
                and p.resolve() != manifest
                and not any(part.startswith(".") for part in p.parts)
            )
        elif path.is_file():
            files.append(path)
        else:
            errors.append(IngestError(str(path), "no such file or folder"))
    if not paths:
        files = list(rows)
    sources = []
    for path in files:
        try:
            sources.append(_read_file(path, rows.get(path.resolve())))
        except IngestError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(IngestError(str(path), f"cannot read file ({exc.strerror})"))
    return sources, errors
