"""Admins edit the codebooks here; tags, decisions and the audit trail are read-only records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.forms import ModelForm
from django.http import HttpRequest

from newsdiff.framing.models import (
    Adjudication,
    Annotation,
    AuditEntry,
    Codebook,
    Decision,
    Study,
    Tag,
)
from newsdiff.framing.services import record


def _fields(obj: Codebook | Tag) -> dict[str, Any]:
    names = [f.attname for f in obj._meta.concrete_fields if f.attname != "id"]
    return {name: getattr(obj, name) for name in names}


class TagInline(admin.TabularInline[Tag, Codebook]):
    model = Tag
    extra = 0
    fields = ["order", "slug", "name", "description", "examples", "active"]


# What a coder reads: changing one of these makes a new version of the codebook.
CODEBOOK_TEXT = {"description", "guidelines", "kind", "has_tone"}
TAG_TEXT = {"slug", "name", "description", "examples", "active"}


def new_version(codebook_id: int) -> None:
    Codebook.objects.filter(pk=codebook_id).update(version=F("version") + 1)


class AuditedAdmin(admin.ModelAdmin[Any]):
    """Codebook edits go into the audit trail beside the tags made with them."""

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        before = _fields(type(obj).objects.get(pk=obj.pk)) if change else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            actor = request.user if isinstance(request.user, User) else None
            record(actor, "update" if change else "create", obj, before, _fields(obj))


@admin.register(Codebook)
class CodebookAdmin(AuditedAdmin):
    list_display = ["name", "slug", "kind", "has_tone", "blind", "active", "order"]
    list_editable = ["blind", "active", "order"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["version"]
    inlines = [TagInline]

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        if change and (
            CODEBOOK_TEXT & set(form.changed_data) or any(f.has_changed() for f in formsets)
        ):
            new_version(form.instance.pk)


@admin.register(Tag)
class TagAdmin(AuditedAdmin):
    list_display = ["name", "codebook", "slug", "active", "order"]
    list_filter = ["codebook", "active"]
    search_fields = ["name", "description"]

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change and TAG_TEXT & set(form.changed_data):
            new_version(obj.codebook_id)


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin[Any]):
    list_display = ["name", "lead", "overlap", "reveal", "active", "created"]
    list_editable = ["active"]
    readonly_fields = ["lead", "overlap", "reveal", "design", "created"]


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Annotation)
class AnnotationAdmin(ReadOnlyAdmin):
    list_display = ["id", "codebook", "tag", "tone", "paragraph", "other_paragraph", "annotator"]
    list_filter = ["codebook", "tag", "annotator", "deleted_at"]
    list_select_related = ["codebook", "tag", "annotator", "paragraph", "other_paragraph"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["suggestion", "user", "verdict", "created"]
    list_filter = ["verdict", "suggestion__suggester"]


@admin.register(Adjudication)
class AdjudicationAdmin(ReadOnlyAdmin):
    list_display = ["codebook", "paragraph", "other_paragraph", "tag", "decided_by", "updated"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "model", "object_id"]
    list_filter = ["action", "model"]
    search_fields = ["object_id"]
