from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import slugify

from newsdiff.articles.models import Outlet
from newsdiff.uploads.intake import Incoming, expand

ACCEPT = ".txt,.html,.htm,.json,.zip"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's documented pattern for <input type=file multiple>."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        # An empty file is refused with the others the form can judge (``refused`` below),
        # each named with its reason.
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class UploadForm(forms.Form):
    articles = MultipleFileField(
        help_text=".txt, .html, .json, or a .zip of them; add a manifest.json for metadata."
    )
    outlet = forms.CharField(
        required=False,
        max_length=200,
        label="Outlet",
        help_text="For every file whose manifest row does not name one (beats a dateline).",
        widget=forms.TextInput(attrs={"list": "outlets", "autocomplete": "off"}),
    )
    published = forms.DateField(
        required=False,
        label="Date",
        help_text="For every file whose manifest row does not date it.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_articles(self) -> list[Incoming]:
        files = self.cleaned_data["articles"]
        limit = settings.NEWSDIFF_MAX_FILES
        if len(files) > limit:
            raise forms.ValidationError(f"Too many files ({len(files)}); the limit is {limit}.")
        incoming = expand(files)
        if len(incoming) > limit:
            raise forms.ValidationError(
                f"The archives hold {len(incoming)} files; the limit is {limit} per upload."
            )
        refused = [entry for entry in incoming if entry.refused]
        if refused:  # certain now, so said now: a batch holds only files a worker can try
            raise forms.ValidationError(
                [f"{entry.name}: {entry.refused}" for entry in refused]
                + ["Nothing was uploaded: remove or fix these files and send the others again."]
            )
        return incoming

    def incoming(self) -> list[Incoming]:
        """The files with the batch's outlet and date where a manifest row left them out."""
        given = {"outlet": self.cleaned_data["outlet"].strip()}
        if self.cleaned_data["published"]:
            given["published"] = self.cleaned_data["published"].isoformat()
        files: list[Incoming] = self.cleaned_data["articles"]
        for entry in files:
            if entry.kind != "article":
                continue
            for key, value in given.items():
                if value and not entry.meta.get(key):
                    entry.meta[key] = value
                    entry.meta.setdefault("via", {})[key] = "upload form"
                    if key == "published":
                        entry.meta["published_precision"] = "day"
        return files

    def label(self) -> str:
        names = [f.name or "" for f in self.files.getlist("articles")]
        return names[0] if len(names) == 1 else f"{len(names)} files"


class PasteForm(forms.Form):
    title = forms.CharField(max_length=500)
    outlet = forms.CharField(
        max_length=200,
        help_text="Pick an outlet or type a new one.",
        widget=forms.TextInput(attrs={"list": "outlets", "autocomplete": "off"}),
    )
    published = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Date"
    )
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https", label="URL")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}))

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if len(text.encode()) > settings.NEWSDIFF_MAX_FILE_BYTES:
            raise forms.ValidationError("The text is longer than the file size limit.")
        return text

    def outlets(self) -> list[str]:
        return list(Outlet.objects.values_list("name", flat=True))

    def incoming(self) -> list[Incoming]:
        """The pasted article as one .txt file with the form's metadata."""
        data = self.cleaned_data
        name = f"{slugify(data['title'])[:80] or 'pasted'}.txt"
        meta = {"title": data["title"], "outlet": data["outlet"], "url": data["url"]}
        meta["via"] = {"outlet": "upload form"}
        if data["published"]:
            meta |= {"published": data["published"].isoformat(), "published_precision": "day"}
            meta["via"]["published"] = "upload form"
        body = data["text"].encode()
        return [Incoming(name=name, key=name, data=body, size=len(body), meta=meta)]


class FixForm(forms.Form):
    """A corrected outlet and/or date of an article (blank keeps the current one)."""

    outlet = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "outlets", "autocomplete": "off"}),
    )
    published = forms.DateField(
        required=False,
        label="Date",
        # A date input reads and shows ISO dates only, whatever the locale's format.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["outlet"] = (data.get("outlet") or "").strip()
        if not data["outlet"] and not data.get("published") and not self.errors:
            raise forms.ValidationError("Give an outlet, a date or both.")
        return data
