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


def test_evidence_against_an_event_says_which_member_left_and_why() -> None:
    rows = dict(
        describe({"similarity": 0.9, "against": {"event": 7, "member": 1, "conflicts": [2]}})
    )
    assert rows["Evidence against an event"] == (
        "passage 1 was released from event 7: the new passage matches it strongly, and its "
        "dates conflict with every other passage of that event it was compared with (1: 2)"
    )
