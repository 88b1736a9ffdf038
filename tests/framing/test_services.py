"""newsdiff/framing/services.py: tags on passages and pairs, edits, soft delete, the audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from newsdiff.framing import services
from newsdiff.framing.models import Annotation, AuditEntry, Codebook, Tag
from tests.factories import get_tag, make_annotation, make_article, make_event, make_user
from tests.pages import istanbul_corpus

pytestmark = pytest.mark.django_db


def test_the_two_codebooks_ship_with_descriptions() -> None:
    frames = Codebook.objects.get(slug="frames")
    differences = Codebook.objects.get(slug="differences")
    assert frames.kind == "passage" and frames.has_tone
    assert differences.kind == "pair" and not differences.has_tone
    assert frames.tags.count() == 15 and differences.tags.count() == 7
    names = set(frames.tags.values_list("name", flat=True))
    assert {"Economic", "Legality, constitutionality and jurisprudence", "Other"} <= names
    assert "Kyiv" in Tag.objects.get(slug="word-choice").description
    assert not Tag.objects.filter(description="").exists()


def test_tag_a_passage_with_tone_and_span_is_audited() -> None:
    corpus = istanbul_corpus()
    belta = corpus.paragraphs[2]
    user = make_user("researcher")
    span = services.locate(belta.text, "bailed out")
    annotation = services.tag_passage(user, belta, get_tag("political"), "negative", span)
    assert annotation.span_text() == "bailed out"
    start = belta.text.index("bailed out")
    assert (annotation.start, annotation.end) == (start, start + len("bailed out"))
    entry = AuditEntry.objects.get(model="annotation", object_id=annotation.pk)
    assert entry.actor == user and entry.action == "create" and entry.before is None
    assert entry.after["tag"] == "political" and entry.after["tone"] == "negative"


def test_a_pair_is_stored_once_in_paragraph_order_with_spans_following() -> None:
    corpus = istanbul_corpus()
    rt, _, belta = corpus.paragraphs
    first, second = sorted([rt, belta], key=lambda p: p.pk)
    annotation = make_annotation(
        second,
        "word-choice",
        other=first,
        span=services.locate(second.text, "Kiev"),
        other_span=services.locate(first.text, "Kiev"),
        note="both say Kiev",
    )
    assert (annotation.paragraph_id, annotation.other_paragraph_id) == (first.pk, second.pk)
    assert annotation.span_text() == "Kiev" and annotation.other_span_text() == "Kiev"


def test_bad_input_is_named_and_writes_nothing() -> None:
    corpus = istanbul_corpus()
    rt, _, belta = corpus.paragraphs
    user = make_user("researcher")
    with pytest.raises(ValidationError, match="are not in the passage"):
        services.locate(rt.text, "Kyiv")
    with pytest.raises(ValidationError, match="outside paragraph"):
        services.tag_passage(user, rt, get_tag("political"), span=(5, 5000))
    with pytest.raises(ValidationError, match="tags a pair of aligned passages"):
        services.tag_passage(user, rt, get_tag("omission"))
    with pytest.raises(ValidationError, match="tags a passage"):
        services.tag_pair(user, services.PairInput(rt, belta), get_tag("economic"))
    lone = make_article(paragraphs=["Unrelated."]).paragraphs.get()
    with pytest.raises(ValidationError, match="are not aligned"):
        services.tag_pair(user, services.PairInput(rt, lone), get_tag("omission"))
    retired = get_tag("economic")
    retired.active = False
    retired.save()
    with pytest.raises(ValidationError, match="retired"):
        services.tag_passage(user, rt, retired)
    assert not Annotation.objects.exists() and not AuditEntry.objects.exists()


def test_update_and_soft_delete_keep_before_and_after() -> None:
    paragraph = make_event().members.first().paragraph
    annotation = make_annotation(paragraph, "political", tone="neutral")
    user = annotation.annotator
    services.update(annotation, user, get_tag("security-and-defense"), "negative", "on reflection")
    services.delete(annotation, user)
    annotation.refresh_from_db()
    assert annotation.deleted_at is not None and annotation.deleted_by == user
    assert not Annotation.objects.live().exists() and Annotation.objects.count() == 1
    entries = list(AuditEntry.objects.filter(object_id=annotation.pk).order_by("id"))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert (
        entries[1].before["tag"] == "political"
        and entries[1].after["tag"] == "security-and-defense"
    )
    assert entries[1].after["note"] == "on reflection"
    assert entries[2].before["deleted"] is False and entries[2].after["deleted"] is True


def test_only_the_author_changes_a_tag() -> None:
    annotation = make_annotation(make_event().members.first().paragraph)
    other = make_user("researcher")
    with pytest.raises(ValidationError, match="Only the researcher who made a tag"):
        services.delete(annotation, other)
    services.delete(annotation, annotation.annotator)
    with pytest.raises(ValidationError, match="was deleted"):
        services.delete(annotation, annotation.annotator)


def test_admins_edit_codebooks_in_the_django_admin_and_it_is_audited(client) -> None:
    admin = make_user("admin", is_staff=True)
    client.force_login(admin)
    tag = get_tag("word-choice")
    assert client.get("/admin/framing/codebook/").status_code == 200
    data = {
        "codebook": tag.codebook_id,
        "slug": tag.slug,
        "name": "Word choice",
        "description": "Naming: “Kiev” / “Kyiv”.",
        "active": "on",
        "order": tag.order,
    }
    assert client.post(f"/admin/framing/tag/{tag.pk}/change/", data).status_code == 302
    entry = AuditEntry.objects.get(model="tag", object_id=tag.pk)
    assert entry.actor == admin and entry.action == "update"
    assert (
        entry.before["name"] == "Word choice and labelling" and entry.after["name"] == "Word choice"
    )
    # Researchers see the codebooks in the workbench, but cannot edit them.
    client.force_login(make_user("researcher", is_staff=True))
    assert client.post(f"/admin/framing/tag/{tag.pk}/change/", data).status_code == 403
