"""Paragraph splitting and furniture removal on the real seed files."""

from pathlib import Path

import pytest

from newsdiff.articles.text import Kind, classify, split_paragraphs


def classified(path: Path) -> tuple[str, dict[str, str]]:
    title, lines = classify(split_paragraphs(path.read_text(encoding="utf-8")))
    rank = {Kind.BODY: 0, Kind.HEADING: 1, Kind.FURNITURE: 2}
    kinds: dict[str, str] = {}
    for line in lines:
        # A text that occurs twice keeps its "most body" kind, so asserting furniture below
        # means every copy was furniture.
        if line.text not in kinds or rank[line.kind] < rank[kinds[line.text]]:
            kinds[line.text] = line.kind
    return title, kinds


FURNITURE_LINES = {
    "000": [
        "Russia & FSU",
        "Russian Foreign Minister Sergey Lavrov. © Sputnik",
        "UK working to prevent peace – Moscow",
        "Read more UK working to prevent peace – Moscow",
        "Source",
        "Leave a Reply",
        "Back to top button",
    ],
    "001": [
        "News / Russia / Editor's Choice",
        "Russian Foreign Minister Sergei Lavrov",
        "Press TV’s website can also be accessed at the following alternate addresses:",
        "www.presstv.ir",
        "SHARE THIS ARTICLE",
        "Press TV News Roku",
    ],
    "002": [],
    "003": [
        "Government Bodies",
        "Flag Wednesday, 24 April 2024",
        "All news",
        "18 January 2024, 14:32",
        "Sergey Lavrov. Image credit: the Russian Ministry of Foreign Affairs",
        "Subscribe to us",
        "Recent news from Belarus",
    ],
    "004": ["Yuras Karmanau contributed to this report from Kiev, Ukraine."],
}
BODY_STARTS = {
    "000": [
        "Moscow has never closed the door",
        "At a 2008 summit in Bucharest",
        "In December 2021, weeks before",
        "Officials from Moscow and Kiev said",
    ],
    "001": [
        "Russia has suggested that it is ready",
        "Back in December last year",
        "The West, however, has flatly rejected",
        "Ukrainian President Volodymyr Zelenskiy",
    ],
    "002": [
        "Russian Foreign Minister Sergey Lavrov has said",
        "During a meeting of the Organization",
        "A key political ally of Zelensky",
        "Western leaders have so far said little",
    ],
    "003": [
        "MINSK, 18 January (BelTA)",
        "Sergey Lavrov also said that Russian leader",
        "The Russian top diplomat said",
    ],
    "004": [
        "MOSCOW – Russian and US negotiators",
        "Last week, Moscow filed draft security",
        "The Ukrainian Foreign Ministry strongly rejected",
    ],
}
BODY_COUNTS = {"000": 8, "001": 14, "002": 9, "003": 7, "004": 21}
TITLES = {
    "000": "Lavrov debunks US claim on Ukraine talks",
    "001": "Russia keeps door open for more dialog over Ukraine, Moscow suggests",
    "003": "Lavrov: U.S. policy of unrestrained NATO expansion provoked conflict in Ukraine",
    "004": "Russian FM: Security talks with US and NATO will begin next month",
}


def seed_file(seeds: Path, prefix: str) -> Path:
    return next((seeds / "articles").glob(f"{prefix}_*.txt"))


@pytest.mark.parametrize("prefix", sorted(FURNITURE_LINES))
def test_seed_furniture_is_never_body(seeds: Path, prefix: str) -> None:
    _, kinds = classified(seed_file(seeds, prefix))
    for text in FURNITURE_LINES[prefix]:
        assert kinds[text] == Kind.FURNITURE, text


@pytest.mark.parametrize("prefix", sorted(BODY_STARTS))
def test_seed_real_paragraphs_are_body(seeds: Path, prefix: str) -> None:
    title, kinds = classified(seed_file(seeds, prefix))
    body = [text for text, kind in kinds.items() if kind == Kind.BODY]
    for start in BODY_STARTS[prefix]:
        assert any(text.startswith(start) for text in body), start
    assert len(body) == BODY_COUNTS[prefix]
    if prefix in TITLES:
        assert title == TITLES[prefix]
        assert kinds[title] == Kind.HEADING


def test_standfirst_with_glued_title_is_split_off(seeds: Path) -> None:
    _, kinds = classified(seed_file(seeds, "000"))
    standfirst = (
        "Any peace settlement will have to accommodate Russia’s core security "
        "interests, the foreign minister has said"
    )
    assert kinds[standfirst] == Kind.HEADING


def test_split_blank_line_and_line_per_paragraph() -> None:
    assert split_paragraphs("One.\n\nTwo.\n\n\nThree.") == ["One.", "Two.", "Three."]
    assert split_paragraphs("One.\nTwo.\r\nThree.") == ["One.", "Two.", "Three."]


def test_split_joins_hard_wrapped_lines() -> None:
    text = "Negotiators met in Istanbul\non Tuesday, officials said.\n\nNext paragraph."
    assert split_paragraphs(text) == [
        "Negotiators met in Istanbul on Tuesday, officials said.",
        "Next paragraph.",
    ]


def test_mid_article_subheading_is_a_heading_not_body() -> None:
    paragraphs = [
        "Talks resume in Istanbul",
        "Negotiators from both sides met in Istanbul on Tuesday for a new round of talks.",
        "What comes next",
        "Officials said a further meeting could take place within weeks if progress is made.",
        "Share on Facebook",
        "By Jane Smith",
    ]
    title, lines = classify(paragraphs)
    assert title == "Talks resume in Istanbul"
    assert [line.kind for line in lines] == [
        Kind.HEADING,
        Kind.BODY,
        Kind.HEADING,
        Kind.BODY,
        Kind.FURNITURE,
        Kind.FURNITURE,
    ]
    assert lines[4].reason == "prompt" and lines[5].reason == "byline"


REPORT = [
    "Lindsay Lohan checks into Betty Ford Center",
    "May 03, 2013",
    "After skipping out on entering a Newport Beach rehabilitation facility, Lindsay Lohan has "
    "checked into the Betty Ford Center to begin a 90-day court-mandated stay.",
    "Her lawyer confirmed the move on Friday.",
]


def test_a_text_s_own_headline_above_a_title_given_apart_is_its_headline() -> None:
    title, lines = classify(REPORT, "Report 042")
    assert title == "Report 042"
    assert [(line.kind, line.reason) for line in lines[:2]] == [
        (Kind.HEADING, "headline"),
        (Kind.FURNITURE, "date line"),
    ]
    assert [line.kind for line in lines[2:]] == [Kind.BODY, Kind.BODY]


def test_the_headline_is_the_title_when_none_is_given_or_the_same_is() -> None:
    for given in (None, REPORT[0]):
        title, lines = classify(REPORT, given)
        assert title == REPORT[0]
        assert (lines[0].kind, lines[0].reason) == (Kind.HEADING, "title")
        assert not any(line.reason == "headline" for line in lines)


def test_a_short_first_line_is_the_title_and_a_dated_byline_is_furniture() -> None:
    """A new user's upload: a three-word title, and a byline that carries a date."""
    paragraphs = [
        "Istanbul talks revisited",
        "By Harbor Wire, 2024-03-02",
        "Two years ago, Russian and Ukrainian delegations met at Dolmabahce Palace in Istanbul.",
        "The Ukrainian side proposed permanent neutrality in exchange for security guarantees.",
    ]
    title, lines = classify(paragraphs)
    assert title == "Istanbul talks revisited"
    assert [(line.kind, line.reason) for line in lines] == [
        (Kind.HEADING, "title"),
        (Kind.FURNITURE, "byline"),
        (Kind.BODY, ""),
        (Kind.BODY, ""),
    ]


def test_an_untitled_text_s_first_sentence_stays_its_title() -> None:
    paragraphs = [
        "Negotiators from both sides met in Istanbul on Tuesday for a new round of talks.",
        "Officials said a further meeting could take place within weeks if progress is made.",
    ]
    title, lines = classify(paragraphs)
    assert title == paragraphs[0] and lines[1].kind == Kind.BODY


def test_a_sentence_opening_with_by_is_not_a_byline() -> None:
    _, lines = classify(["Talks resume in Istanbul", "By Monday, the delegations had left."])
    assert lines[1].kind == Kind.BODY
