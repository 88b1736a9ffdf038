"""Studies: the design (items, overlap, coders), each coder's queue, progress, and blind coding
in every output a coder can reach until they have coded the item (or finished the study)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from newsdiff.accounts.roles import add_user
from newsdiff.framing.models import Annotation, Assignment, Codebook, Study, StudyCoder, StudyItem
from newsdiff.framing.studies import progress
from tests.factories import get_tag, make_article, make_event, make_user
from tests.pages import istanbul_corpus

pytestmark = pytest.mark.django_db


def lead_client(client: Client) -> Client:
    add_user("lead", "researcher", password="pw", lead=True)
    client.force_login(User.objects.get(username="lead"))
    return client


def create(client: Client, events: list, coders: list, overlap: int = 100, **extra) -> Study:
    data = {
        "name": "Istanbul framing",
        "events": ", ".join(str(e.pk) for e in events),
        "coders": [str(c.pk) for c in coders],
        "overlap": overlap,
        "seed": 7,
        "reveal": "item",
    } | extra
    data["codebooks"] = [
        str(b.pk) for b in Codebook.objects.filter(slug__in=["frames", "differences"])
    ]
    response = client.post("/framing/studies/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Study.objects.get()


def test_a_study_of_two_events_with_20_percent_overlap(client: Client) -> None:
    corpus = istanbul_corpus()
    more = [
        make_article(paragraphs=[f"Second event, report {i}."]).paragraphs.get() for i in range(4)
    ]
    second = make_event(more)
    a, b = make_user("researcher", username="ana"), make_user("researcher", username="ben")
    study = create(lead_client(client), [corpus.event, second], [a, b], overlap=20)
    # Items: 3 + 4 passages and 3 + 6 aligned pairs = 16; 20% overlap: 3 items for both.
    items = StudyItem.objects.filter(study=study)
    assert items.count() == 16 and items.filter(overlap=True).count() == 3
    assert items.filter(other_paragraph__isnull=True).count() == 7
    counts = {c: Assignment.objects.filter(item__study=study, coder=c).count() for c in (a, b)}
    assert counts == {a: 3 + 7, b: 3 + 6}  # the 13 others dealt in turn
    shared = Assignment.objects.filter(item__overlap=True)
    assert {x.item_id for x in shared.filter(coder=a)} == {
        x.item_id for x in shared.filter(coder=b)
    }
    assert study.codebooks.get(codebook__slug="frames").version == 1
    # A random sample, drawn with the seed: the same items every time.
    Study.objects.all().delete()
    sampled = create(client, [corpus.event, second], [a, b], overlap=50, sample=5)
    assert sampled.items.count() == 5 and sampled.design["available"] == 16


def test_bad_designs_are_refused_with_their_reason(client: Client) -> None:
    corpus = istanbul_corpus()
    journalist = make_user("journalist")
    lead_client(client)
    base = {"name": "x", "events": str(corpus.event.pk), "overlap": 20, "seed": 1, "reveal": "item"}
    html = client.post("/framing/studies/new/", base | {"coders": [journalist.pk]}).content.decode()
    assert "Select a valid choice" in html  # not a researcher
    response = client.post("/framing/studies/new/", base | {"events": "99999, x"})
    assert response.status_code == 400 and "Event ids are numbers" in response.content.decode()
    assert not Study.objects.exists()
    client.force_login(make_user("researcher"))  # not a lead: cannot create
    assert client.post("/framing/studies/new/", base).status_code == 403


def test_the_queue_by_post_progress_and_finishing(client: Client) -> None:
    corpus = istanbul_corpus()
    a = make_user("researcher", username="ana")
    study = create(lead_client(client), [corpus.event], [a])
    client.force_login(a)
    html = client.get(f"/framing/studies/{study.pk}/queue/").content.decode()
    assert "0 of 6 done" in html and 'id="code-form"' in html and "<kbd>1</kbd>" in html
    first = Assignment.objects.filter(coder=a).order_by("item__position").first()
    url = f"/framing/studies/{study.pk}/queue/{first.pk}/"
    # Moving on before tagging is refused, in place, with the reason.
    response = client.post(url, {"action": "next"})
    assert (
        response.status_code == 400
        and "Tag this item before moving on." in response.content.decode()
    )
    for assignment in Assignment.objects.filter(coder=a).select_related("item__codebook"):
        slug = "economic" if assignment.item.other_paragraph_id is None else "omission"
        tag = get_tag(slug).pk
        url = f"/framing/studies/{study.pk}/queue/{assignment.pk}/"
        assert client.post(url, {"tag": tag, "action": "add"}).status_code == 302
        if assignment.item.other_paragraph_id is None:  # a secondary frame, then move on
            political = get_tag("political").pk
            assert client.post(url, {"tag": political, "action": "next"}).status_code == 302
        else:
            assert client.post(url, {"action": "next"}).status_code == 302
    (mine,) = progress(study)
    assert (mine.coder, mine.done, mine.assigned, mine.finished) == ("ana", 6, 6, True)
    assert "All done" in client.get(f"/framing/studies/{study.pk}/queue/").content.decode()
    assert Annotation.objects.filter(annotator=a).count() == 3 * 2 + 3


def outputs(client: Client, corpus, pair: tuple[int, int]) -> dict[str, str]:
    """Every output a coder can reach that could show another coder's tag."""
    rt = corpus.paragraphs[0]
    event = corpus.event.pk
    got = {
        "event page": client.get(f"/events/{event}/", {"others": "1"}),
        "passage panel": client.get(f"/framing/passages/{rt.pk}/", {"others": "1"}),
        "pair panel": client.get(f"/framing/pairs/{pair[0]}/{pair[1]}/", {"others": "1"}),
        "table": client.get(f"/framing/events/{event}/frames/", {"format": "csv"}),
        "chart": client.get("/framing/chart/", {"format": "csv"}),
        "export csv": client.get("/framing/export/", {"format": "csv"}),
        "export json": client.get("/framing/export/", {"format": "json"}),
        "api": client.get("/api/annotations/"),
        "curation": client.get("/framing/disagreements/", {"codebook": "frames", "every": "1"}),
        "pair curation": client.get(
            "/framing/disagreements/", {"codebook": "differences", "every": "1"}
        ),
    }
    for name, response in got.items():
        assert response.status_code == 200, name
    return {name: response.content.decode() for name, response in got.items()}


def morality_count(text: str) -> int:
    rows = list(csv.reader(io.StringIO(text)))
    column = rows[0].index("Morality")
    return sum(int(row[column]) for row in rows[1:])


def test_blind_holds_in_every_output_until_the_coder_has_coded_the_item(client: Client) -> None:
    corpus = istanbul_corpus()
    rt, _, belta = corpus.paragraphs
    pair = tuple(sorted([rt.pk, belta.pk]))
    a = make_user("researcher", username="ana_coder")
    b = make_user("researcher", username="ben_coder")
    study = create(lead_client(client), [corpus.event], [a, b])
    lead = client
    client = Client()
    client.force_login(a)
    for assignment in Assignment.objects.filter(coder=a).select_related("item"):
        item, url = assignment.item, f"/framing/studies/{study.pk}/queue/{assignment.pk}/"
        if item.item_key == (rt.pk, None):
            data = {"tag": get_tag("morality").pk, "note": "NOTE-OF-ANA", "tone": "negative"}
        elif item.item_key == pair:
            data = {"tag": get_tag("omission").pk, "note": "PAIR-NOTE-OF-ANA"}
        else:
            continue
        assert client.post(url, data | {"action": "next"}).status_code == 302
    client.force_login(b)
    seen = outputs(client, corpus, pair)
    for name, text in seen.items():
        assert "ANA" not in text and "ana_coder" not in text, name
    assert morality_count(seen["table"]) == 0 and morality_count(seen["chart"]) == 0
    assert (
        json.loads(seen["api"])["count"] == 0
        and json.loads(seen["export json"])["annotations"] == []
    )
    # The lead sees everything meanwhile.
    seen = outputs(lead, corpus, pair)
    for name in ("passage panel", "export csv", "export json", "api", "curation"):
        assert "NOTE-OF-ANA" in seen[name], name
    assert "PAIR-NOTE-OF-ANA" in seen["pair panel"] and "ana_coder" in seen["event page"]
    assert morality_count(seen["table"]) == 1 and morality_count(seen["chart"]) == 1
    # Once B has coded the passage (not yet the pair), A's passage tag shows; the pair's not.
    (mine,) = Assignment.objects.filter(coder=b, item__paragraph=rt, item__other_paragraph=None)
    url = f"/framing/studies/{study.pk}/queue/{mine.pk}/"
    assert client.post(url, {"tag": get_tag("political").pk, "action": "next"}).status_code == 302
    seen = outputs(client, corpus, pair)
    for name in ("passage panel", "export csv", "export json", "api", "curation"):
        assert "NOTE-OF-ANA" in seen[name], name
    assert "ana_coder" in seen["event page"] and morality_count(seen["table"]) == 1
    assert morality_count(seen["chart"]) == 1
    for name, text in seen.items():
        assert "PAIR-NOTE-OF-ANA" not in text, name


def test_reveal_at_the_end_keeps_coded_items_blind_until_the_coder_finishes(
    client: Client,
) -> None:
    corpus = istanbul_corpus()
    rt = corpus.paragraphs[0]
    a, b = make_user("researcher"), make_user("researcher")
    study = create(lead_client(client), [corpus.event], [a, b], reveal="study")
    Annotation.objects.create(
        codebook_id=get_tag("morality").codebook_id, tag=get_tag("morality"), paragraph=rt,
        annotator=a, note="NOTE-OF-ANA",
    )  # fmt: skip
    client.force_login(b)
    assignments = list(Assignment.objects.filter(coder=b).select_related("item"))
    for assignment in assignments:
        slug = "political" if assignment.item.other_paragraph_id is None else "omission"
        url = f"/framing/studies/{study.pk}/queue/{assignment.pk}/"
        panel = client.get(f"/framing/passages/{rt.pk}/", {"others": "1"}).content.decode()
        assert "NOTE-OF-ANA" not in panel  # coded or not, until the study is finished
        client.post(url, {"tag": get_tag(slug).pk, "action": "next"})
    assert StudyCoder.objects.get(user=b).finished_at is not None
    panel = client.get(f"/framing/passages/{rt.pk}/", {"others": "1"}).content.decode()
    assert "NOTE-OF-ANA" in panel


def test_the_lead_sees_progress_and_agreement_as_it_accrues(client: Client) -> None:
    corpus = istanbul_corpus()
    a, b = make_user("researcher", username="ana"), make_user("researcher", username="ben")
    study = create(lead_client(client), [corpus.event], [a, b])
    for coder, slug in ((a, "economic"), (b, "economic")):
        for assignment in Assignment.objects.filter(coder=coder, item__other_paragraph=None):
            Annotation.objects.create(
                codebook_id=get_tag(slug).codebook_id, tag=get_tag(slug),
                paragraph_id=assignment.item.paragraph_id, annotator=coder,
            )  # fmt: skip
            break
    html = client.get(f"/framing/studies/{study.pk}/").content.decode()
    assert '<th scope="row">ana</th><td>0</td><td>6</td>' in html
    assert "Agreement so far: Frames" in html and "Curation view" in html
    client.force_login(a)  # a coder sees only their own progress, and no agreement
    html = client.get(f"/framing/studies/{study.pk}/").content.decode()
    assert "ben" not in html and "Agreement so far" not in html
    client.force_login(make_user("researcher"))  # neither coder nor lead
    assert client.get(f"/framing/studies/{study.pk}/").status_code == 403


def test_the_export_of_one_study(client: Client) -> None:
    corpus = istanbul_corpus()
    rt, _, belta = corpus.paragraphs
    a = make_user("researcher", username="ana")
    study = create(lead_client(client), [corpus.event], [a])
    outside = make_article(paragraphs=["Not in the study."]).paragraphs.get()
    for paragraph in (rt, outside):
        Annotation.objects.create(
            codebook_id=get_tag("economic").codebook_id, tag=get_tag("economic"),
            paragraph=paragraph, annotator=a,
        )  # fmt: skip
    pair = sorted([rt, belta], key=lambda p: p.pk)
    Annotation.objects.create(
        codebook_id=get_tag("omission").codebook_id, tag=get_tag("omission"),
        paragraph=pair[0], other_paragraph=pair[1], annotator=a,
    )  # fmt: skip
    rows = json.loads(client.get("/framing/export/", {"study": study.pk}).content)["annotations"]
    assert {(r["paragraph_id"], r["other_paragraph_id"]) for r in rows} == {
        (rt.pk, None),
        (pair[0].pk, pair[1].pk),
    }
    html = client.get(f"/framing/studies/{study.pk}/").content.decode()
    assert f"?study={study.pk}&amp;format=long" in html
