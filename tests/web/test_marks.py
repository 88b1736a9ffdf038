"""The highlight as the reading pages render it (``{{ hl|marked }}``)."""

from django.template import Context, Template

from newsdiff.text.diff import compare
from newsdiff.web.templatetags.marks import marked


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
