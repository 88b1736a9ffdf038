"""Admins edit the codebooks here; tags, decisions and the audit trail are read-only records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import User
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest

from newsdiff.framing.models import Adjudication, Annotation, AuditEntry, Codebook, Decision, Tag
from newsdiff.framing.services import record


def _fields(obj: Codebook | Tag) -> dict[str, Any]:
    names = [f.attname for f in obj._meta.concrete_fields if f.attname != "id"]
    return {name: getattr(obj, name) for name in names}


class TagInline(admin.TabularInline[Tag, Codebook]):
    model = Tag
    extra = 0
    fields = ["order", "slug", "name", "description", "active"]


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
    inlines = [TagInline]


@admin.register(Tag)
class TagAdmin(AuditedAdmin):
    list_display = ["name", "codebook", "slug", "active", "order"]
    list_filter = ["codebook", "active"]
    search_fields = ["name", "description"]


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
