"""newsdiff/web/evidence.py: the matcher's evidence JSON as rows a reader understands."""

from newsdiff.web.evidence import describe


def test_evidence_of_the_matcher_reads_as_text() -> None:
    rows = describe(
        {
            "parts": {"cosine": 0.7307, "terms": 0.25},
            "dates": ["week of 13 December 2021", "December 2021"],
            "date_conflict": False,
            "similarity": 0.7307,
            "shared_terms": [],
        }
    )
    assert rows == [
        ("Embedding similarity", "0.73"),
        ("Shared terms", "none"),
        ("Resolved dates", "week of 13 December 2021; December 2021"),
        ("Dates conflict", "no"),
        ("Score parts", "cosine: 0.73, terms: 0.25"),
    ]
