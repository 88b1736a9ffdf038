"""The highlight as the reading pages render it (``{{ hl|marked }}``)."""

from django.template import Context, Template

from newsdiff.text.diff import Highlight, Profile, highlight
from newsdiff.text.passages import Difference
from newsdiff.web.marks import Marked, marked_words
from newsdiff.web.templatetags.marks import marked


def compare(a: str, b: str) -> tuple[Highlight, Highlight]:
    """Both sides of a pair, each marked against the other."""
    return highlight(a, [Profile.of(b)]), highlight(b, [Profile.of(a)])


def test_highlight_html_marks_both_levels_apart() -> None:
    a, _ = compare("Though the decree came.", "The order came.")
    html = str(marked(a))
    assert '<mark class="word">Though</mark>' in html
    assert '<mark class="only">decree</mark>' in html


def test_the_passage_is_escaped_and_marked_in_a_template() -> None:
    a, _ = compare("Ankara <b>hosted</b> the decree.", "Moscow <b>hosted</b> the order.")
    html = Template("{% load marks %}{{ hl|marked }}").render(Context({"hl": a}))
    assert "&lt;b&gt;hosted&lt;/b&gt;" in html and "<b>" not in html
    assert '<mark class="only">Ankara</mark>' in html


def test_overlapping_differences_cut_the_text_and_join_their_titles() -> None:
    text = "Moscow filed <legally> binding drafts."
    hl = Marked(text)
    legally = Difference("omission", 0.55, (13, 30), None, "only one has “legally binding”")
    drafts = Difference("naming", 0.7, (23, 37), (0, 5), "“binding drafts” and “texts”")
    hl.add(legally, legally.span_a, "AP, ¶4")
    hl.add(drafts, drafts.span_a, "AP, ¶4")
    html = str(marked(hl))
    assert html.startswith(
        'Moscow filed <mark class="only k-omission" tabindex="0" title="Left out: only'
    )
    assert "&lt;legally&gt; </mark>" in html  # escaped, cut where the naming starts
    both = '<mark class="only k-omission k-naming" tabindex="0" title="Left out: only one has “legally binding” (against AP, ¶4)\nNaming: “binding drafts” and “texts” (against AP, ¶4)">binding</mark>'
    assert both in html
    assert html.endswith('(against AP, ¶4)"> drafts</mark>.')
    assert marked_words(hl) == (3, 5)  # "legally", "binding" and "drafts" of five words
