"""newsdiff/framing/views/tagging.py and the event page's tags: roles, writes, visibility, blind mode."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from newsdiff.framing.models import Annotation, AuditEntry, Codebook, Decision
from tests.support.factories import (
    get_tag,
    make_annotation,
    make_article,
    make_user,
    make_wide_event,
)
from tests.support.pages import HX, istanbul_corpus, partial

pytestmark = pytest.mark.django_db


def framing_views(corpus) -> list[tuple[str, str, dict]]:
    """Every framing view: (method, url, data); the tag-id views need a tag of the researcher's."""
    rt, _, belta = corpus.paragraphs
    a, b = sorted([rt.pk, belta.pk])
    tag = make_annotation(rt, "political")
    frame = get_tag("economic").pk
    return [
        ("get", "/framing/", {}),
        ("get", f"/framing/passages/{rt.pk}/", {}),
        ("post", f"/framing/passages/{rt.pk}/tags/", {"tag": frame}),
        ("get", f"/framing/pairs/{a}/{b}/", {}),
        ("post", f"/framing/pairs/{a}/{b}/tags/", {"tag": get_tag("omission").pk}),
        ("post", f"/framing/pairs/{a}/{b}/decisions/", {"key": "x", "verdict": "rejected"}),
        ("post", f"/framing/tags/{tag.pk}/", {"tag": frame}),
        ("post", f"/framing/tags/{tag.pk}/delete/", {}),
        ("get", f"/framing/events/{corpus.event.pk}/frames/", {}),
        ("get", "/framing/chart/", {}),
        ("get", "/framing/agreement/", {}),
        ("get", "/framing/disagreements/", {}),
        ("post", "/framing/disagreements/adjudicate/", {}),
        ("get", "/framing/export/", {"format": "csv"}),
        ("get", "/framing/token/", {}),
        ("post", "/framing/token/", {}),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    for method, url, data in framing_views(istanbul_corpus()):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    assert Annotation.objects.count() == 1  # only the fixture's tag
    assert client.get("/api/annotations/").status_code == 401


def test_journalists_get_403_on_every_framing_view(client: Client) -> None:
    views = framing_views(istanbul_corpus())
    client.force_login(make_user("journalist"))
    for method, url, data in views:
        assert getattr(client, method)(url, data).status_code == 403, url
    assert client.get("/api/annotations/").status_code == 403
    assert Annotation.objects.count() == 1 and not Decision.objects.exists()


@pytest.mark.parametrize("role", ["researcher", "admin"])
def test_researchers_and_admins_use_every_framing_view(client: Client, role: str) -> None:
    views = framing_views(istanbul_corpus())
    user = make_user(role)
    # The tag-id views act on the user's own tag.
    Annotation.objects.update(annotator=user)
    client.force_login(user)
    for method, url, data in views:
        response = getattr(client, method)(url, data)
        if url.endswith("/adjudicate/"):
            # Adjudicating is the admin's (and a lead researcher's); the empty form is refused.
            assert response.status_code == (400 if role == "admin" else 403), url
        elif url.endswith("/decisions/"):
            assert response.status_code == 400, url  # no suggestion "x": named, not a 500
        else:
            assert response.status_code in (200, 302), (url, response.status_code)
    assert client.get("/api/annotations/").status_code == 200


def test_tag_a_passage_inline_with_frame_tone_and_selected_words(client: Client) -> None:
    corpus = istanbul_corpus()
    belta = corpus.paragraphs[2]
    user = make_user("researcher")
    client.force_login(user)
    html = partial(
        client, f"/framing/passages/{belta.pk}/", f'<div class="tagging" id="tags-p{belta.pk}"'
    )
    assert "No tags of yours yet." in html and "What the frames mean" in html
    assert "Costs, benefits or other financial implications" in html  # descriptions in the UI
    start = belta.text.index("bailed out")
    response = client.post(
        f"/framing/passages/{belta.pk}/tags/",
        {"tag": get_tag("political").pk, "tone": "negative", "words": "bailed out", "start": start},
        **HX,
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div class="tagging" id="tags-p{belta.pk}"')
    assert "Political" in html and "negative" in html and "“bailed out”" in html
    tag = Annotation.objects.get()
    assert (tag.paragraph, tag.start, tag.end, tag.annotator) == (belta, start, start + 10, user)
    assert AuditEntry.objects.get(object_id=tag.pk).actor == user
    # Without JavaScript: a plain POST, then back to the passage's page.
    response = client.post(f"/framing/passages/{belta.pk}/tags/", {"tag": get_tag("morality").pk})
    assert response.status_code == 302 and response["Location"] == f"/framing/passages/{belta.pk}/"
    assert Annotation.objects.count() == 2


def test_words_not_in_the_passage_are_named_and_nothing_is_written(client: Client) -> None:
    corpus = istanbul_corpus()
    client.force_login(make_user("researcher"))
    rt = corpus.paragraphs[0]
    data = {"tag": get_tag("political").pk, "words": "Kyiv"}
    html = client.post(f"/framing/passages/{rt.pk}/tags/", data, **HX).content.decode()
    assert "The words “Kyiv” are not in the passage." in html
    html = client.post(f"/framing/passages/{rt.pk}/tags/", {"tag": 99999}, **HX).content.decode()
    assert "Select a valid choice" in html
    assert not Annotation.objects.exists()


def test_tag_a_difference_on_an_aligned_pair_with_spans_and_note(client: Client) -> None:
    corpus = istanbul_corpus()
    rt, _, belta = corpus.paragraphs
    a, b = sorted([rt, belta], key=lambda p: p.pk)
    client.force_login(make_user("researcher"))
    html = partial(client, f"/framing/pairs/{a.pk}/{b.pk}/", '<section id="pair-')
    assert "Suggested differences" in html and "Word choice and labelling" in html
    data = {
        "tag": get_tag("evaluation").pk,
        "words_a": "derailed" if "derailed" in a.text else "bailed out",
        "words_b": "bailed out" if "bailed out" in b.text else "derailed",
        "note": "who is blamed",
    }
    html = client.post(f"/framing/pairs/{a.pk}/{b.pk}/tags/", data, **HX).content.decode()
    tag = Annotation.objects.get()
    assert tag.is_pair and {tag.span_text(), tag.other_span_text()} == {"derailed", "bailed out"}
    assert "who is blamed" in html and "Evaluation and tone" in html
    # A pair that the matcher did not align cannot be tagged.
    lone = make_article(paragraphs=["Unrelated."]).paragraphs.get()
    data = {"tag": get_tag("omission").pk}
    html = client.post(f"/framing/pairs/{a.pk}/{lone.pk}/tags/", data, **HX).content.decode()
    assert "are not aligned" in html and Annotation.objects.count() == 1
    assert client.get(f"/framing/pairs/{a.pk}/999999/").status_code == 404


def test_own_tags_by_default_others_on_request(client: Client) -> None:
    corpus = istanbul_corpus()
    rt = corpus.paragraphs[0]
    me, colleague = (
        make_user("researcher", username="me"),
        make_user("researcher", username="colleague"),
    )
    make_annotation(rt, "political", annotator=me)
    make_annotation(rt, "morality", annotator=colleague)
    client.force_login(me)
    page = client.get(f"/events/{corpus.event.pk}/").content.decode()
    assert "Political" in page and "Morality" not in page
    page = client.get(f"/events/{corpus.event.pk}/", {"others": "1"}).content.decode()
    assert "Political" in page and "Morality" in page and "colleague" in page
    panel = client.get(f"/framing/passages/{rt.pk}/", {"others": "1"}, **HX).content.decode()
    assert "Morality" in panel
    # Journalists and visitors see no tags at all.
    client.force_login(make_user("journalist"))
    page = client.get(f"/events/{corpus.event.pk}/", {"others": "1"}).content.decode()
    assert "Political" not in page and "Tag frame" not in page


def test_blind_mode_hides_others_tags_until_you_have_tagged_the_item(client: Client) -> None:
    corpus = istanbul_corpus()
    rt = corpus.paragraphs[0]
    Codebook.objects.filter(slug="frames").update(blind=True)
    me, colleague = make_user("researcher"), make_user("researcher", username="colleague")
    make_annotation(rt, "morality", annotator=colleague)
    client.force_login(me)
    panel = client.get(f"/framing/passages/{rt.pk}/", {"others": "1"}, **HX).content.decode()
    assert "Morality" not in panel.split("<form")[0]
    assert "1 tag by others hidden until you tag this yourself" in panel
    client.post(f"/framing/passages/{rt.pk}/tags/", {"tag": get_tag("political").pk})
    panel = client.get(f"/framing/passages/{rt.pk}/", {"others": "1"}, **HX).content.decode()
    assert "Morality" in panel.split("<form")[0] and "hidden until" not in panel
    # An adjudicator sees everything.
    client.force_login(make_user("admin"))
    panel = client.get(f"/framing/passages/{rt.pk}/", {"others": "1"}, **HX).content.decode()
    assert "Morality" in panel and "Political" in panel


def test_edit_and_delete_only_your_own_tags(client: Client) -> None:
    corpus = istanbul_corpus()
    rt = corpus.paragraphs[0]
    owner, other = make_user("researcher"), make_user("researcher")
    tag = make_annotation(rt, "political", annotator=owner)
    client.force_login(other)
    assert client.post(f"/framing/tags/{tag.pk}/delete/", **HX).status_code == 403
    data = {"tag": get_tag("morality").pk, "tone": "positive", "note": "x"}
    assert client.post(f"/framing/tags/{tag.pk}/", data, **HX).status_code == 400
    client.force_login(owner)
    html = client.post(f"/framing/tags/{tag.pk}/", data, **HX).content.decode()
    assert (
        html.lstrip().startswith(f'<div class="tagging" id="tags-p{rt.pk}"') and "Morality" in html
    )
    html = client.post(f"/framing/tags/{tag.pk}/delete/", **HX).content.decode()
    assert "Morality" not in html.split("<form")[0]
    tag.refresh_from_db()
    assert tag.deleted_at is not None and tag.tag.slug == "morality"
    actions = list(
        AuditEntry.objects.filter(object_id=tag.pk).order_by("id").values_list("action", "actor")
    )
    assert actions == [("create", owner.pk), ("update", owner.pk), ("delete", owner.pk)]
    assert client.post(f"/framing/tags/{tag.pk}/delete/").status_code == 404  # already gone


def test_event_page_links_each_passage_and_pair_to_tagging(client: Client) -> None:
    corpus = istanbul_corpus()
    rt, _, belta = corpus.paragraphs
    client.force_login(make_user("researcher"))
    html = client.get(f"/events/{corpus.event.pk}/").content.decode()
    for p in corpus.paragraphs:
        url = f"/framing/passages/{p.pk}/"
        assert f'id="tags-p{p.pk}"' in html and f'href="{url}" hx-get="{url}"' in html
    a, b = sorted([rt.pk, belta.pk])
    assert f'href="/framing/pairs/{a}/{b}/" hx-get="/framing/pairs/{a}/{b}/"' in html
    assert "framing.js" in html


def test_event_page_query_count_with_200_tags(
    client: Client, django_assert_max_num_queries
) -> None:
    event, paragraphs = make_wide_event()
    researchers = [make_user("researcher") for _ in range(4)]
    for i in range(150):
        make_annotation(paragraphs[i % 18], "political", annotator=researchers[i % 4])
    for i in range(50):
        a, b = paragraphs[i % 17], paragraphs[i % 17 + 1]
        if a.article.outlet_id != b.article.outlet_id:
            make_annotation(a, "omission", other=b, annotator=researchers[i % 4])
    assert Annotation.objects.count() == 200
    client.force_login(researchers[0])
    # The page's 8 queries, the session and user, the user's permissions (2), and the tags
    # with their labels and annotators (3), the study items among them for blind coding (1):
    # 16, with 200 tags as with 2.
    with django_assert_max_num_queries(16):
        html = client.get(f"/events/{event.pk}/", {"others": "1"}).content.decode()
    # Identical tags on a passage are one chip: 18 passages, each "Political" by several.
    assert html.count('class="chip') == 18
    assert html.count("Political <span") == 18 and "you + 1 others" not in html
    assert re.search(r"Political <span class=\"by\">(you \+ )?\d others</span>", html)


def test_form_defects_stay_fixed(client: Client) -> None:
    corpus = istanbul_corpus()
    rt, rt_older, belta = corpus.paragraphs
    me, colleague = make_user("researcher"), make_user("researcher", username="colleague")
    client.force_login(me)
    # No frame is preselected: a coder who forgets to choose is told, not recorded "Economic".
    panel = client.get(f"/framing/passages/{rt.pk}/").content.decode()
    assert '<option value="">— choose a frame —</option>' in panel
    answer = client.post(f"/framing/passages/{rt.pk}/tags/", {"tone": "negative"}, **HX)
    assert "Frame: This field is required." in answer.content.decode()
    assert not Annotation.objects.exists()
    # A tone cannot be put on a Differences tag through the edit endpoint; the refusal is
    # plain text (shown in place by site.js), without "__all__".
    a, b = sorted([rt.pk, belta.pk])
    tag = make_annotation(rt, "omission", other=belta, annotator=me)
    answer = client.post(
        f"/framing/tags/{tag.pk}/", {"tag": get_tag("omission").pk, "tone": "negative"}, **HX
    )
    text = answer.content.decode()
    assert answer.status_code == 400 and answer["Content-Type"].startswith("text/plain")
    assert "has no tone" in text and "__all__" not in text
    tag.refresh_from_db()
    assert tag.tone == ""
    # Two passages of one outlet: the word boxes still say which is which.
    pair = client.get(f"/framing/pairs/{min(rt.pk, rt_older.pk)}/{max(rt.pk, rt_older.pk)}/")
    html = pair.content.decode()
    assert "Words in the first passage (RT" in html and "Words in the second passage (RT" in html
    # Suggestions are headed by the tag's name, not its slug.
    html = client.get(f"/framing/pairs/{a}/{b}/").content.decode()
    headings = re.findall(r'<strong title="[a-z_]+">([^<]+)</strong>', html)
    assert headings and all("-" not in h and h[0].isupper() for h in headings)
    # A chip counts people: three identical tags by one colleague are "colleague", not
    # "3 others".
    for _ in range(3):
        make_annotation(belta, "political", annotator=colleague)
    html = client.get(f"/events/{corpus.event.pk}/", {"others": "1"}).content.decode()
    assert 'Political <span class="by">colleague</span>' in html and "3 others" not in html


def test_quoted_words_keep_their_own_marks() -> None:
    from newsdiff.framing.templatetags.framing_text import quoted, single_quotes

    assert quoted("peace deal") == "“peace deal”"
    assert quoted("“we will never”") == "“we will never”"
    assert single_quotes("attributed with ““said”” / “claimed”") == (
        "attributed with “said” / “claimed”"
    )
