"""Board forms. The rules (a name, at most 30 characters, unique per member) live in
engagement.services; a service error is shown next to the field it names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import RedleafError


class BoardForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    is_private = forms.BooleanField(label=_("Only I can see this board"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status = 400

    def add_service_error(self, error: RedleafError) -> None:
        self.status = error.status
        field = error.field if error.field in self.fields else None
        if error.code == "board_exists":
            field = "name"
        self.add_error(field, str(error.message))

    def first_error(self) -> str:
        for errors in self.errors.values():
            if errors:
                return str(errors[0])
        return ""
