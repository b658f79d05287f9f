"""The composer's form. It only reads what the browser sent; the limits (title and body length,
number and kind of pictures, audience) are checked by notes.services, whose errors the view shows
next to the field they name."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import RedleafError
from redleaf.notes.models import Audience

ACTIONS = ("draft", "publish", "save")
TOKEN_RE = re.compile(r"^(k|n)(\d{1,19})$")
# Where a service error lands in the form; anything else is shown above it.
FIELDS = {"title": "title", "body": "body", "audience": "audience", "images": "images", "image_ids": "images"}


class ComposeForm(forms.Form):
    title = forms.CharField(required=False, strip=False)
    body = forms.CharField(required=False, strip=False)
    audience = forms.ChoiceField(choices=Audience.choices, required=False)
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], required=False)
    # The pictures' order as the member arranged them: "k<image id>" for a picture the note already
    # has, "n<i>" for the i-th uploaded file, e.g. "k42,n1,n0". Empty: kept ones first, then uploads.
    order = forms.CharField(required=False)
    images = forms.Field(required=False)  # the files themselves are read from request.FILES; errors land here

    def __init__(self, data=None, files=None, *, kept_ids: list[int] | None = None, **kwargs):
        super().__init__(data, files, **kwargs)
        self.kept_ids = list(kept_ids or [])
        self.uploads = files.getlist("images") if files is not None else []
        # alt_new[i] describes the i-th uploaded file; alt_k<id> a picture the note already has.
        self.new_alts = data.getlist("alt_new") if data is not None else []
        self.service_error: RedleafError | None = None

    def clean_audience(self) -> str:
        return self.cleaned_data.get("audience") or Audience.PUBLIC

    def clean_action(self) -> str:
        return self.cleaned_data.get("action") or "publish"

    def clean_order(self) -> list[tuple[str, int]]:
        raw = (self.cleaned_data.get("order") or "").strip()
        if not raw:
            return [("kept", i) for i in self.kept_ids] + [("new", i) for i in range(len(self.uploads))]
        arrangement: list[tuple[str, int]] = []
        for token in raw.split(","):
            match = TOKEN_RE.match(token.strip())
            if match is None:
                raise forms.ValidationError(_("The order of the pictures could not be read. Please try again."))
            arrangement.append(("kept" if match.group(1) == "k" else "new", int(match.group(2))))
        return arrangement

    def kept_alts(self) -> dict[int, str]:
        alts: dict[int, str] = {}
        for key, value in (self.data or {}).items():
            if key.startswith("alt_k") and key[5:].isdigit():
                alts[int(key[5:])] = value
        return alts

    def ordered_uploads(self) -> tuple[list, list[str]]:
        """For a new note: the uploads and their alt texts in the chosen order."""
        order = [value for kind, value in self.cleaned_data["order"] if kind == "new"]
        if sorted(order) != list(range(len(self.uploads))):
            raise RedleafError("bad_image_order",
                               _("The order of the pictures could not be read. Please try again."), field="images")
        alts = [self.new_alts[i] if i < len(self.new_alts) else "" for i in order]
        return [self.uploads[i] for i in order], alts

    def add_service_error(self, error: RedleafError) -> None:
        self.service_error = error
        self.add_error(FIELDS.get(error.field or "", None), str(error.message))

    @property
    def lost_files(self) -> bool:
        """After an error the browser must be asked for the files again: say so."""
        return bool(self.uploads) and bool(self.errors)
