"""Tags survive an upload that regroups their event (they are keyed on paragraphs, not events).

The seeds go through the real pipeline (parse, embed with the real model, align); a researcher
tags the Istanbul-talks event; an admin uploads a new report of the talks, which the worker
ingests and matches, rewriting the event's memberships and the alignments around it.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from newsdiff.articles.models import Article
from newsdiff.framing import services
from newsdiff.framing.models import Annotation
from newsdiff.matching.models import Alignment, Event, EventParagraph, RetiredAlignment
from tests.support.factories import get_tag, make_user
from tests.support.pages import istanbul_event
from tests.support.workers import work_off_queue

pytestmark = [pytest.mark.model, pytest.mark.django_db(transaction=True)]

NEW_REPORT = {
    "title": "How the Istanbul peace talks collapsed",
    "outlet": "Kyiv Weekly",
    "published": "2024-01-25",
    "url": "https://example.org/istanbul-talks",
    "text": (
        "How the Istanbul peace talks collapsed\n\n"
        "Negotiators from Moscow and Kyiv were close to a peace deal at the talks in Istanbul "
        "in March 2022, officials on both sides have said.\n\n"
        "Russia claims the process was derailed by then-UK Prime Minister Boris Johnson, who "
        "urged Ukraine to keep fighting; David Arakhamia, who led Ukraine's delegation, "
        "confirmed the outline of the deal.\n\n"
        "Lavrov has repeatedly said that Moscow does not walk away from negotiations."
    ),
}


def upload_new_report() -> None:
    """An admin uploads NEW_REPORT and the worker ingests and matches it."""
    admin = Client()
    admin.force_login(make_user("admin"))
    upload = SimpleUploadedFile("kyiv-weekly.json", json.dumps(NEW_REPORT).encode())
    assert admin.post("/upload/files/", {"articles": [upload]}).status_code == 302
    work_off_queue()


def test_an_upload_that_regroups_the_event_keeps_every_tag_in_place(client: Client, seeds) -> None:
    call_command("ingest", "--manifest", str(seeds / "manifest.json"), verbosity=0)
    event = istanbul_event()
    members = list(event.members.select_related("paragraph"))
    researcher = make_user("researcher")
    for member in members:  # a frame on every passage, on its first five words
        words = " ".join(member.paragraph.text.split()[:5])
        span = services.locate(member.paragraph.text, words)
        services.tag_passage(researcher, member.paragraph, get_tag("political"), "negative", span)
    pairs = list(event.alignments.select_related("paragraph_a", "paragraph_b")[:2])
    for pair in pairs:  # a difference on two of its aligned pairs
        a, b = pair.paragraph_a, pair.paragraph_b
        span_a = services.locate(a.text, a.text.split()[0])
        span_b = services.locate(b.text, b.text.split()[-1])
        services.tag_pair(researcher, services.PairInput(a, b, span_a, span_b), get_tag("emphasis"))
    before = {
        t.pk: (t.paragraph_id, t.other_paragraph_id, t.span_text(), t.other_span_text(), t.tag_id)
        for t in Annotation.objects.select_related("paragraph", "other_paragraph")
    }
    old_alignments = set(event.alignments.values_list("id", flat=True))
    assert len(before) == len(members) + len(pairs) >= 5

    upload_new_report()

    # The event was regrouped: the new report joined it, under the same event id, and the
    # alignments around it were rewritten in place (upserted on their pair: their ids live on,
    # as an alignment or, for a pair no longer aligned, a retired one).
    new = Article.objects.get(outlet__name="Kyiv Weekly")
    regrouped = istanbul_event()
    assert regrouped.pk == event.pk
    assert EventParagraph.objects.filter(event=regrouped, article=new).exists()
    kept = set(Alignment.objects.filter(pk__in=old_alignments).values_list("pk", flat=True))
    retired = set(
        RetiredAlignment.objects.filter(pk__in=old_alignments).values_list("pk", flat=True)
    )
    assert kept | retired == old_alignments and kept
    # Every tag is where it was: same paragraphs, same words, same label, still live.
    after = {
        t.pk: (t.paragraph_id, t.other_paragraph_id, t.span_text(), t.other_span_text(), t.tag_id)
        for t in Annotation.objects.live().select_related("paragraph", "other_paragraph")
    }
    assert after == before
    # And the regrouped event's page shows them all to the researcher.
    client.force_login(researcher)
    html = client.get(f"/events/{regrouped.pk}/").content.decode()
    assert html.count('class="chip mine"') == len(members)
    for pair in pairs:
        a, b = pair.paragraph_a_id, pair.paragraph_b_id
        assert (
            f'href="/framing/pairs/{a}/{b}/" hx-get="/framing/pairs/{a}/{b}/">Differences (1)'
            in html
        )


def test_people_s_links_survive_an_upload_that_regroups_the_event_and_a_rebuild(seeds) -> None:
    call_command("ingest", "--manifest", str(seeds / "manifest.json"), verbosity=0)
    event = istanbul_event()
    cut = event.alignments.order_by("-score").first()  # the matcher's strongest pair, unlinked
    articles = set(event.members.values_list("article_id", flat=True))
    member = event.members.select_related("paragraph").first().paragraph
    missed = (  # a passage of another event and article, linked to one of this event's
        EventParagraph.objects.exclude(event=event)
        .exclude(article_id__in=articles)
        .select_related("paragraph")
        .first()
        .paragraph
    )
    lead = make_user("researcher")
    services.link(lead, cut.paragraph_a, cut.paragraph_b, "different")
    services.link(lead, member, missed, "same")

    def holds() -> None:
        a, b = cut.paragraph_a_id, cut.paragraph_b_id
        assert not Alignment.objects.filter(paragraph_a_id=a, paragraph_b_id=b).exists()
        assert (
            not Event.objects.filter(members__paragraph_id=a)
            .filter(members__paragraph_id=b)
            .exists()
        )
        lo, hi = sorted([member.pk, missed.pk])
        assert Alignment.objects.filter(paragraph_a_id=lo, paragraph_b_id=hi).exists()
        assert (
            Event.objects.filter(members__paragraph=member)
            .filter(members__paragraph=missed)
            .exists()
        )

    holds()
    upload_new_report()
    new = Article.objects.get(outlet__name="Kyiv Weekly")
    assert EventParagraph.objects.filter(article=new).exists()  # the upload regrouped
    holds()
    call_command("align", "--rebuild", verbosity=0)
    holds()
