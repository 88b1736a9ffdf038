"""Turn pasted article text into classified paragraphs.

Pasted news text carries the site around the article: navigation and section labels, photo
captions and credits, "Read more" links, share and subscribe prompts, repeated titles, bylines.
Each line is classified as body, heading or furniture so that only the reporting is matched, and
nothing is thrown away (furniture is kept, marked, with the reason).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdiff.articles.models import Paragraph
from newsdiff.text.dates import ANY_DATE
from newsdiff.text.words import normalise_space

Kind = Paragraph.Kind  # what a line is: body, heading or furniture

# Whole-line prompts and labels that sites put around articles.
_PROMPTS = re.compile(
    r"^(share( this( article| story)?)?|share on \w+|subscribe( to us| now| to our newsletter)?"
    r"|leave a (reply|comment)|\d* ?comments?|add a comment|post a comment|back to top( button)?"
    r"|source|sources|print|email|e-mail|tweet|advertisement|related( articles| news| stories)?"
    r"|recent news( from [\w ]+)?|latest news|all news|more news|top stories|most read"
    r"|follow us( on [\w ]+)?|sign up( for [\w ]+)?|newsletter|skip to (main )?content|menu"
    r"|home|news|search|close|loading\.*|cookies?( policy)?|privacy policy|terms of use)[.!:]?$",
    re.IGNORECASE,
)
_READ_MORE = re.compile(
    r"^(read more|read also|also read|see also|more:|related:)\s*[:\-–—]?\s*", re.IGNORECASE
)
_CREDIT = re.compile(
    r"(©|\(c\) ?\w|\bimage credit\b|\bphoto credit\b|\bphoto:|\bphotograph:|\bpicture:"
    r"|\bgetty images\b|\bap photo\b|\bfile photo\b|\bpool photo\b|/ ?reuters\b|\bvia reuters\b"
    r"|\bshutterstock\b|\bafp photo\b)",
    re.IGNORECASE,
)
_ALTERNATE = re.compile(
    r"(can also be accessed at|alternate address|alternative address|mirror site)", re.IGNORECASE
)
_URL_ONLY = re.compile(r"^(https?://|www\.)\S+$|^[\w-]+(\.[\w-]+)+/?$", re.IGNORECASE)
_BYLINE = re.compile(
    r"(^by [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}( and [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3})?"
    # "By Jane Smith, Moscow correspondent", "By Harbor Wire, 2024-03-02"
    rf"(,[\w ]+|,? ({ANY_DATE}))?$|contributed to this report|\(reporting by|^reporting by"
    r"|^editing by|^additional reporting|^written by)",
    re.IGNORECASE,
)
_NAV_SEPARATORS = re.compile(r"\s(/|\||›|»|>)\s")
_DATE_ONLY = re.compile(
    rf"^[\w ]{{0,12}}?\b(mon|tues|wednes|thurs|fri|satur|sun)?(day)?,?\s*"
    rf"({ANY_DATE})"
    rf"(,? \d{{1,2}}:\d{{2}}( ?[ap]\.?m\.?)?)?( \w{{2,5}})?$",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…:;]['\"”’)\]]*$")


@dataclass(frozen=True)
class Line:
    text: str
    kind: str
    reason: str = ""


def _key(text: str) -> str:
    return re.sub(r"[^\w]+", " ", normalise_space(text).casefold()).strip()


def split_paragraphs(text: str) -> list[str]:
    """Split pasted text into paragraphs: blank lines or one paragraph per line.

    A line is joined to the next only when it is hard-wrapped mid-sentence (no closing
    punctuation, and the next line starts in lower case), so both pasting styles work.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current = ""
        for raw in block.split("\n"):
            line = normalise_space(raw)
            if not line:
                continue
            if current and not _TERMINAL.search(current) and line[:1].islower():
                current = f"{current} {line}"
            else:
                if current:
                    paragraphs.append(current)
                current = line
        if current:
            paragraphs.append(current)
    return paragraphs


def _words(text: str) -> int:
    return len(text.split())


def _is_prose(text: str) -> bool:
    """A sentence of reporting rather than a label: long enough, or closed like a sentence."""
    return _words(text) >= 9 or (_words(text) >= 5 and bool(_TERMINAL.search(text)))


def _pattern_reason(text: str) -> str:
    """Furniture recognisable from the line alone; empty string when it is not."""
    if _PROMPTS.match(text):
        return "prompt"
    if _READ_MORE.match(text):
        return "read-more link"
    if _ALTERNATE.search(text) or _URL_ONLY.match(text):
        return "alternate address"
    if _CREDIT.search(text) and _words(text) <= 20:
        return "caption or credit"
    if _BYLINE.search(text) and _words(text) <= 16:
        return "byline"
    if _DATE_ONLY.match(text):
        return "date line"
    if _NAV_SEPARATORS.search(text) and not _TERMINAL.search(text) and _words(text) <= 12:
        return "navigation"
    return ""


def classify(paragraphs: list[str], title: str | None = None) -> tuple[str, list[Line]]:
    """Classify each paragraph; return the title (given, or found) and the classified lines."""
    reasons = [_pattern_reason(p) for p in paragraphs]
    read_more_targets = {
        _key(_READ_MORE.sub("", p))
        for p, r in zip(paragraphs, reasons, strict=True)
        if r == "read-more link"
    }
    keys = [_key(p) for p in paragraphs]
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1

    title_index = None
    given = title is not None
    if title is None:
        # The title is the first line that is neither furniture nor a short section label.
        for i, p in enumerate(paragraphs):
            if not reasons[i] and _words(p) >= 4:
                title_index, title = i, p
                break
        # Not a sentence of reporting (closed by a full stop; titles are not) when the text
        # opens with a short line of its own: that line is the title ("Istanbul talks
        # revisited" above a byline and the report).
        top = paragraphs[0] if paragraphs else ""
        sentence = _is_prose(title or "") and _TERMINAL.search(title or "")
        if title_index and sentence and not reasons[0] and _words(top) >= 2:
            title_index, title = 0, top
    title = normalise_space(title or "")
    title_key = _key(title)

    prose = [
        i
        for i, p in enumerate(paragraphs)
        if not reasons[i] and _is_prose(p) and i != title_index and keys[i] != title_key
    ]
    first_prose = prose[0] if prose else len(paragraphs)
    last_prose = prose[-1] if prose else -1

    # A title given apart (a manifest, the upload form) is often not the one the text opens
    # with: then the first label-like line above the body is the outlet's own headline, not a
    # caption ("Lindsay Lohan checks into Betty Ford Center" above the report).
    headline_index = next(
        (
            i
            for i, p in enumerate(paragraphs[:first_prose])
            if given and not reasons[i] and _words(p) >= 4 and keys[i] != title_key
        ),
        None,
    )
    lines: list[Line] = []
    seen_title = False
    for i, p in enumerate(paragraphs):
        key = keys[i]
        text, kind, reason = p, Kind.BODY, reasons[i]
        if title_key and key == title_key:
            kind, reason = (
                (Kind.HEADING, "title") if not seen_title else (Kind.FURNITURE, "repeated title")
            )
            seen_title = True
        elif title_key and key.endswith(title_key) and key != title_key and i < first_prose + 2:
            # Some sites glue the headline onto the standfirst: "…has saidLavrov debunks …".
            text = normalise_space(p[: len(p) - len(title)]) if p.endswith(title) else p
            kind, reason = Kind.HEADING, "standfirst"
        elif reason:
            kind = Kind.FURNITURE
        elif key in read_more_targets:
            kind, reason = Kind.FURNITURE, "read-more link"
        elif i == headline_index and not any(line.reason == "title" for line in lines):
            kind, reason = Kind.HEADING, "headline"
        elif not _is_prose(p):
            if i == title_index:
                kind, reason = Kind.HEADING, "title"
            elif i < first_prose or i > last_prose:
                kind, reason = Kind.FURNITURE, "label or caption"
            elif counts[key] > 1:
                kind, reason = Kind.FURNITURE, "repeated label"
            else:
                kind, reason = Kind.HEADING, "subheading"
        elif i == title_index:
            kind, reason = Kind.HEADING, "title"
        lines.append(Line(text=text, kind=kind, reason=reason))
    if title_index is not None and not prose and _is_prose(paragraphs[title_index]):
        # A single sentence of reporting is the article itself, not only its headline.
        lines[title_index] = Line(text=paragraphs[title_index], kind=Kind.BODY)
    return title, lines
