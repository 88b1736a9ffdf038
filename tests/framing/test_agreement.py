"""newsdiff/framing/agreement.py and its pages: alpha and kappa against hand-computed examples,
disagreements and adjudication."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from newsdiff.framing import agreement, services
from newsdiff.framing.models import Adjudication, AuditEntry, Codebook
from tests.factories import get_tag, make_annotation, make_article, make_event, make_user

pytestmark = pytest.mark.django_db

FRAMES = ["economic", "morality", "political", "legality", "other"]


def code(table: dict[str, list[int | None]]) -> list:
    """Annotators × passages of frame numbers (1 = economic, ...; None = not rated): saved tags."""
    n = len(next(iter(table.values())))
    paragraphs = [make_article(paragraphs=[f"Passage {i}."]).paragraphs.get() for i in range(n)]
    for name, values in table.items():
        user = make_user("researcher", username=name)
        for paragraph, value in zip(paragraphs, values, strict=True):
            if value is not None:
                make_annotation(paragraph, FRAMES[value - 1], annotator=user)
    return paragraphs


def test_two_annotators_by_hand() -> None:
    # x: a a b b, y: a b b b. Coincidences o_aa=2, o_ab=o_ba=1, o_bb=4; n_a=3, n_b=5, n=8.
    # D_o = 2/8, D_e = 2·3·5/(8·7) = 30/56, alpha = 1 - (1/4)/(30/56) = 8/15.
    # Kappa: p_o = 3/4, p_e = ½·¼ + ½·¾ = ½, kappa = (¾ - ½)/(1 - ½) = ½.
    code({"x": [1, 1, 2, 2], "y": [1, 2, 2, 2]})
    report = agreement.report(Codebook.objects.get(slug="frames"))
    assert report.overall.alpha == pytest.approx(8 / 15)
    assert (report.overall.items, report.overall.annotators) == (4, 2)
    (kappa,) = report.kappas
    assert (kappa.a, kappa.b, kappa.items) == ("x", "y", 4) and kappa.kappa == pytest.approx(0.5)
    # Per tag, "economic" yes/no is the same table (1 1 0 0 / 1 0 0 0): 8/15 again.
    by_tag = {f.label: f for f in report.by_tag}
    assert by_tag["Economic"].alpha == pytest.approx(8 / 15)
    assert by_tag["Morality"].alpha == pytest.approx(8 / 15)
    assert by_tag["Political"].alpha is None and by_tag["Political"].items == 4  # never applied


def test_four_annotators_with_missing_ratings() -> None:
    # Krippendorff's own example (Content Analysis, 2004/2011; "Computing Krippendorff's
    # alpha-reliability"): 4 coders, 12 units, some unrated; nominal alpha = 0.743.
    code(
        {
            "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
            "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
            "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
            "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
        }
    )
    report = agreement.report(Codebook.objects.get(slug="frames"))
    assert report.overall.alpha == pytest.approx(0.743, abs=5e-4)
    # Unit 12 has one rating only: not pairable, not counted.
    assert (report.overall.items, report.overall.annotators) == (11, 4)
    kappas = {(k.a, k.b): k for k in report.kappas}
    # A and B both rated units 1-9 and agree on 8: p_o = 8/9; margins A (3,3,2,1), B (2,4,2,1)
    # over 9, so p_e = (6+12+4+1)/81 = 23/81 and kappa = (72-23)/(81-23) = 49/58.
    assert kappas["A", "B"].items == 9 and kappas["A", "B"].kappa == pytest.approx(49 / 58)
    assert len(kappas) == 6


def test_secondary_frames_tone_and_per_tag_by_hand() -> None:
    p1, p2, p3 = (make_article().paragraphs.get() for _ in range(3))
    x, y = make_user("researcher", username="x"), make_user("researcher", username="y")
    make_annotation(p1, "political", annotator=x, tone="negative")  # x's primary on p1
    make_annotation(p1, "economic", annotator=x, tone="positive")  # a secondary frame
    make_annotation(p1, "political", annotator=y, tone="negative")
    make_annotation(p2, "legality", annotator=x, tone="neutral")
    make_annotation(p2, "morality", annotator=y, tone="positive")
    make_annotation(p3, "economic", annotator=x, tone="positive")
    make_annotation(p3, "economic", annotator=y, tone="positive")
    deleted = make_annotation(p3, "morality", annotator=y)
    services.delete(deleted, y)  # deleted tags do not count
    report = agreement.report(Codebook.objects.get(slug="frames"))
    sets, primary, tone = report.variables
    # Sets (MASI): p1 {pol, eco}/{pol}: J = 1/2, M = 2/3, δ = 2/3; p2 disjoint δ = 1; p3 δ = 0.
    # D_o = (2·2/3 + 2·1)/6 = 5/9. Values A={pol,eco} B={pol} C={leg} D={mor} E={eco}×2:
    # Σ over unordered pairs n_c·n_k·δ = 2/3+1+1+4/3+1+1+2+1+2+2 = 13, D_e = 26/30,
    # alpha = 1 - (5/9)/(13/15) = 14/39.
    assert (sets.metric, sets.items, sets.annotators) == ("MASI", 3, 2)
    assert sets.alpha == pytest.approx(14 / 39)
    # Primary (nominal): pol/pol, leg/mor, eco/eco: D_o = 2/6, D_e = (36 - 10)/30: 8/13.
    # (Had x's second frame replaced the first, p1 would count as a disagreement.)
    assert primary.alpha == pytest.approx(8 / 13)
    # Tone (ordinal) of the primary: neg/neg, neu/pos, pos/pos; n = (2, 1, 3).
    # δ²(neg,neu) = (3 - 1.5)² = 2.25, δ²(neu,pos) = (4 - 2)² = 4, δ²(neg,pos) = (6 - 2.5)² =
    # 12.25; D_o = 2·4/6 = 4/3, D_e = 2(2·2.25 + 3·4 + 6·12.25)/30 = 6, alpha = 7/9.
    assert (tone.metric, tone.alpha) == ("ordinal", pytest.approx(7 / 9))
    by_tag = {f.label: f for f in report.by_tag}
    # Economic in the set: T/F, F/F, T/T: D_o = 2/6, D_e = (36 - 18)/30, alpha = 4/9.
    assert by_tag["Economic"].alpha == pytest.approx(4 / 9) and by_tag["Economic"].items == 3
    assert by_tag["Political"].alpha == pytest.approx(1.0)  # T/T, F/F, F/F
    # Every figure has its 95% bootstrap interval around it, the same on every load.
    assert sets.low is not None and sets.low <= sets.alpha <= sets.high
    assert agreement.report(Codebook.objects.get(slug="frames")).variables[0] == sets
    # p2 (frames and tone differ) and p1 (sets differ) are disagreements; p3 is not.
    split = agreement.disagreements(Codebook.objects.get(slug="frames"))
    assert [d.item for d in split] == [(p1.pk, None), (p2.pk, None)]


def test_alpha_agrees_with_nltk_on_sets_and_labels() -> None:
    from nltk.metrics.agreement import AnnotationTask
    from nltk.metrics.distance import masi_distance

    from newsdiff.framing import alpha

    units = [
        [frozenset("ab"), frozenset("a"), frozenset("ab")],
        [frozenset("c"), frozenset("cd")],
        [frozenset("b"), frozenset("b")],
        [frozenset("a"), frozenset("d"), frozenset("ad")],
    ]
    data = [
        (f"c{i}", f"u{u}", value) for u, unit in enumerate(units) for i, value in enumerate(unit)
    ]
    ours = alpha.estimate(alpha.Units(units), alpha.masi).alpha
    assert ours == pytest.approx(AnnotationTask(data=data, distance=masi_distance).alpha())
    labels = [["a", "b"], ["a", "a", "c"], ["b", "b"], ["c", "a"]]
    data = [(f"c{i}", f"u{u}", v) for u, unit in enumerate(labels) for i, v in enumerate(unit)]
    ours = alpha.estimate(alpha.Units(labels), alpha.nominal).alpha
    assert ours == pytest.approx(AnnotationTask(data=data).alpha())


def test_per_event_alpha_over_its_current_passages() -> None:
    paragraphs = code({"x": [1, 1, 2, 2], "y": [1, 2, 2, 2]})
    event = make_event(paragraphs, label="Summit")
    other = make_event([make_article().paragraphs.get(), make_article().paragraphs.get()])
    report = agreement.report(Codebook.objects.get(slug="frames"))
    (summit,) = [f for f in report.by_event if f.label == "Summit"]
    assert summit.alpha == pytest.approx(8 / 15) and summit.items == 4
    assert other.label not in [f.label for f in report.by_event]
    scoped = agreement.report(Codebook.objects.get(slug="frames"), event)
    assert scoped.overall.alpha == pytest.approx(8 / 15)


def test_agreement_page_shows_alpha_with_counts(client: Client) -> None:
    code({"x": [1, 1, 2, 2], "y": [1, 2, 2, 2]})
    client.force_login(make_user("researcher"))
    html = client.get("/framing/agreement/", {"codebook": "frames"}).content.decode()
    row = re.search(r'<tr id="alpha-1">(.*?)</tr>', html).group(1)
    assert "<td>MASI</td>" in row and '<td class="alpha">0.533</td>' in row
    assert row.endswith("<td>4</td><td>2</td>")  # items and coders
    assert re.search(r"<td>-?[01]\.\d{3} to 1\.000</td>", row)  # the interval
    assert "<td>x · y</td><td>0.500</td><td>4</td>" in html
    html = client.get("/framing/agreement/", {"codebook": "differences"}).content.decode()
    assert '<td class="alpha">—</td>' in html  # no pair tagged by two researchers
    assert client.get("/framing/agreement/", {"codebook": "nope", "event": "x"}).status_code == 200


def test_disagreements_and_adjudication(client: Client) -> None:
    paragraphs = code({"x": [1, 1, 2, 2], "y": [1, 2, 2, 2]})
    client.force_login(make_user("researcher"))
    html = client.get("/framing/disagreements/", {"codebook": "frames"}).content.decode()
    assert "1 item where coders" in html and f'id="item-{paragraphs[1].pk}-"' in html
    assert "<strong>Economic</strong>" in html and "<strong>Morality</strong>" in html
    assert "Adjudicate</button>" not in html
    data = {"codebook": "frames", "paragraph": paragraphs[1].pk, "tag": make_tag_pk("morality")}
    assert client.post("/framing/disagreements/adjudicate/", data).status_code == 403
    lead = make_user("researcher")
    from django.contrib.auth.models import Permission

    lead.user_permissions.add(Permission.objects.get(codename="adjudicate"))
    client.force_login(lead)
    response = client.post("/framing/disagreements/adjudicate/", data | {"note": "second reading"})
    assert response.status_code == 302
    adjudicated = Adjudication.objects.get()
    assert adjudicated.tag.slug == "morality" and adjudicated.decided_by == lead
    html = client.get("/framing/disagreements/", {"codebook": "frames"}).content.decode()
    assert "Adjudicated: <strong>Morality</strong>" in html and "second reading" in html
    # A second adjudication replaces the first, and both are in the audit trail.
    client.post("/framing/disagreements/adjudicate/", data | {"tag": make_tag_pk("economic")})
    assert Adjudication.objects.get().tag.slug == "economic"
    entries = AuditEntry.objects.filter(model="adjudication").order_by("id")
    assert [(e.before, e.after["tag"]) for e in entries] == [
        (None, "morality"),
        ({"tag": "morality", "tone": "", "note": "second reading"}, "economic"),
    ]


def make_tag_pk(slug: str) -> int:
    return get_tag(slug).pk


def test_adjudication_is_validated_against_the_items_codebook(client: Client) -> None:
    paragraphs = code({"x": [1, 1], "y": [1, 2]})
    untagged = make_article().paragraphs.get()
    client.force_login(make_user("admin"))
    url = "/framing/disagreements/adjudicate/"
    base = {"codebook": "frames", "paragraph": paragraphs[1].pk}
    response = client.post(url, base | {"tag": make_tag_pk("omission")})  # a differences tag
    assert response.status_code == 400
    assert "is not in the codebook" in response.content.decode()
    response = client.post(url, base | {"paragraph": untagged.pk, "tag": make_tag_pk("morality")})
    assert (
        response.status_code == 400
        and "Nobody has tagged this passage" in response.content.decode()
    )
    response = client.post(url, base | {"tag": make_tag_pk("morality"), "tone": "sideways"})
    assert response.status_code == 400 and "__all__" not in response.content.decode()
    assert not Adjudication.objects.exists()
    response = client.post(url, base | {"tag": make_tag_pk("morality"), "tone": "negative"})
    assert response.status_code == 302 and Adjudication.objects.get().tone == "negative"


def test_the_adjudicated_label_is_in_every_output(client: Client) -> None:
    import csv
    import io
    import json

    from tests.pages import istanbul_corpus

    corpus = istanbul_corpus()
    rt = corpus.paragraphs[0]
    x, y = make_user("researcher", username="x"), make_user("researcher", username="y")
    make_annotation(rt, "economic", annotator=x)
    make_annotation(rt, "political", annotator=y)
    admin = make_user("admin")
    frames = Codebook.objects.get(slug="frames")
    services.adjudicate(admin, frames, (rt, None), get_tag("morality"), "settled", "neutral")
    client.force_login(admin)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/framing/export/", {"format": "csv"}).content.decode())
        )
    )
    assert {(r["tag"], r["adjudicated_tag"], r["adjudicated_tone"]) for r in rows} == {
        ("economic", "morality", "neutral"),
        ("political", "morality", "neutral"),
    }
    results = json.loads(client.get("/api/annotations/").content)["results"]
    assert {r["adjudicated_tag"] for r in results} == {"morality"}
    # Tables and chart: every coder's tags (2, one each) or the settled label (1, Morality).
    event = corpus.event.pk
    coders = client.get(f"/framing/events/{event}/frames/", {"format": "csv"}).content.decode()
    settled = client.get(
        f"/framing/events/{event}/frames/", {"format": "csv", "count": "settled"}
    ).content.decode()
    head, row = list(csv.reader(io.StringIO(coders)))
    assert row[head.index("Economic")] == "1" and row[head.index("Political")] == "1"
    head, row = list(csv.reader(io.StringIO(settled)))
    assert row[head.index("Morality")] == "1" and row[-1] == "1"
    html = client.get("/framing/chart/", {"count": "settled"}).content.decode()
    data = json.loads(
        html.split('id="chart-data" type="application/json">')[1].split("</script>")[0]
    )
    assert data["frames"]["shares"] == [
        [1.0 if c == "Morality" else 0.0 for c in data["frames"]["columns"]]
    ]
    assert (
        "<strong>adjudicated labels</strong>"
        in client.get(f"/framing/events/{event}/frames/", {"count": "settled"}).content.decode()
    )
