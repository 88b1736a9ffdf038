"""newsdiff/framing/agreement.py and its pages: alpha and kappa against hand-computed examples,
disagreements and adjudication."""

from __future__ import annotations

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


def test_latest_tag_counts_and_deleted_tags_do_not() -> None:
    paragraph = make_article().paragraphs.get()
    x, y = make_user("researcher", username="x"), make_user("researcher", username="y")
    make_annotation(paragraph, "economic", annotator=x)
    make_annotation(paragraph, "political", annotator=x)  # x changed their mind
    make_annotation(paragraph, "political", annotator=y)
    deleted = make_annotation(paragraph, "morality", annotator=y)
    services.delete(deleted, y)
    ratings = agreement.latest(agreement.live_tags(Codebook.objects.get(slug="frames")))
    political = get_tag("political").pk
    assert ratings[(paragraph.pk, None)] == {"x": political, "y": political}
    assert agreement.disagreements(Codebook.objects.get(slug="frames")) == []


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
    assert "Krippendorff's α (nominal): <strong>0.533</strong>" in html
    assert 'over <span class="n">4</span> items and <span class="n">2</span> annotators' in html
    assert "<td>x · y</td><td>0.500</td><td>4</td>" in html
    html = client.get("/framing/agreement/", {"codebook": "differences"}).content.decode()
    assert "<strong>—</strong>" in html  # no pair tagged by two researchers
    assert client.get("/framing/agreement/", {"codebook": "nope", "event": "x"}).status_code == 200


def test_disagreements_and_adjudication(client: Client) -> None:
    paragraphs = code({"x": [1, 1, 2, 2], "y": [1, 2, 2, 2]})
    client.force_login(make_user("researcher"))
    html = client.get("/framing/disagreements/", {"codebook": "frames"}).content.decode()
    assert "1 item where annotators" in html and f'id="item-{paragraphs[1].pk}-"' in html
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
        ({"tag": "morality", "note": "second reading"}, "economic"),
    ]


def make_tag_pk(slug: str) -> int:
    return get_tag(slug).pk
