"""The README stays short, and no document narrates how the software was written.

The repository describes the software as it is; its history is git's. These checks catch the
usual slips: a README that grows back into a notebook, a "fifth session", an issue number or a
commit hash cited as history, a link to a document that does not exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["matching", "framing", "uploading", "deploying", "scale", "benchmarks"]
DOCUMENTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").glob("*.md")]

# Each pattern names a way prose slips into history.
HISTORY = {
    "a work session": re.compile(
        r"\b(?:first|second|third|fourth|fifth|sixth|seventh|this|that|previous|last|next|"
        r"earlier|later|each|every|one|a)\s+session\b",
        re.IGNORECASE,
    ),
    "an issue number": re.compile(r"\bissues?\s*#?\d+", re.IGNORECASE),
    "a bare #number": re.compile(r"(?<![\w/.-])#\d+\b"),
    "a commit hash": re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\b"),
    "narration": re.compile(
        r"\b(?:used to|tried and dropped|we tried|was tried|previously|"
        r"(?:this|that|the last|in) commit)\b",
        re.IGNORECASE,
    ),
}


def test_readme_is_at_most_200_lines() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; move detail into docs/"


def test_readme_opens_with_the_two_commands() -> None:
    head = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:6])
    assert "make run" in head and "make test" in head


@pytest.mark.parametrize("name", DOCS)
def test_each_document_exists_and_the_readme_links_it(name: str) -> None:
    assert (ROOT / "docs" / f"{name}.md").is_file()
    assert f"(docs/{name}.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_screenshot_exists_and_is_small() -> None:
    png = ROOT / "docs" / "screenshot.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size < 400_000


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_history_narration(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    found = [
        f"{what}: {match.group(0)!r}"
        for what, pattern in HISTORY.items()
        for match in pattern.finditer(text)
    ]
    assert not found, f"{document.name} narrates history: {found}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_resolve(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
        assert (document.parent / target).exists(), f"{document.name} links to missing {target}"


@pytest.mark.parametrize(
    "sample",
    [
        "measured in the fifth session",
        "the stored edges (issue 9) made it faster",
        "fixed in #12",
        "the code at that point (`6c6122e`)",
        "the matcher used to score every pair",
    ],
)
def test_the_history_patterns_catch_narration(sample: str) -> None:
    assert any(pattern.search(sample) for pattern in HISTORY.values())


@pytest.mark.parametrize(
    "sample",
    [
        "a worker starts in a process session of its own",
        "the archive holds users, sessions and login attempts",
        "see RealOrangeOne/django-tasks-db#61",
        "HSTS max-age 31536000",
        "a pair that is no longer aligned still answers",
    ],
)
def test_the_history_patterns_allow_description(sample: str) -> None:
    assert not any(pattern.search(sample) for pattern in HISTORY.values())
