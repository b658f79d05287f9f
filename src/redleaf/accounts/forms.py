"""Forms only parse what the browser sent; the rules live in accounts.services, whose errors are
put back next to the field they name."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import RedleafError

SPOKEN_LANGUAGES = [("zh", _("Chinese")), ("en", _("English"))]
# Services name some fields differently from these forms.
FIELD_ALIASES = {"images": "avatar", "language": "ui_language"}


def ui_language_choices(blank_label=None) -> list[tuple[str, str]]:
    choices = [(code, name) for code, name in settings.LANGUAGES]
    return ([("", blank_label)] if blank_label else []) + choices


class ServiceErrorsMixin:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_service_error(self, error: RedleafError) -> None:
        field = FIELD_ALIASES.get(error.field or "", error.field)
        self.add_error(field if field in self.fields else None, str(error.message))


class LoginForm(ServiceErrorsMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=30,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True,
                                                             "autocapitalize": "none"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class SignupForm(ServiceErrorsMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=30,
                               help_text=_("3–30 letters, digits or underscores. People find you by it."),
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True,
                                                             "autocapitalize": "none"}))
    password = forms.CharField(label=_("Password"), strip=False, help_text=_("At least 8 characters."),
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    display_name = forms.CharField(label=_("Display name"), max_length=40, required=False,
                                   help_text=_("How your name shows on notes and comments."))
    ui_language = forms.ChoiceField(label=_("Interface language"), required=False)
    languages = forms.MultipleChoiceField(label=_("Languages you speak"), choices=SPOKEN_LANGUAGES,
                                          required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ui_language"].choices = ui_language_choices()


class SettingsForm(ServiceErrorsMixin, forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=40, required=False)
    bio = forms.CharField(label=_("Bio"), max_length=300, required=False,
                          widget=forms.Textarea(attrs={"rows": 3}),
                          help_text=_("A line or two about you, up to 300 characters."))
    avatar = forms.FileField(label=_("Avatar"), required=False,
                             widget=forms.FileInput(attrs={"accept": "image/*"}))
    languages = forms.MultipleChoiceField(label=_("Languages you speak"), choices=SPOKEN_LANGUAGES,
                                          required=False, widget=forms.CheckboxSelectMultiple)
    ui_language = forms.ChoiceField(label=_("Interface language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ui_language"].choices = ui_language_choices(_("Same as my browser"))

    @classmethod
    def for_member(cls, user) -> SettingsForm:
        return cls(initial={"display_name": user.display_name, "bio": user.bio, "languages": user.languages,
                            "ui_language": user.ui_language})
