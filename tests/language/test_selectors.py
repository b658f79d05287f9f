"""What a member reads and what their translations are into."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from redleaf.language import selectors
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("ui", "languages", "target"), [
    ("en", ["en"], "en"),
    ("zh-hans", ["zh"], "zh"),
    ("en", ["zh"], "zh"),  # an English interface, but they read only Chinese
    ("zh-hans", ["en"], "en"),
    ("zh-hans", ["en", "zh"], "zh"),  # they read their interface language: that first
    ("en", ["fr", "zh"], "zh"),  # the first language they read that the site serves
    ("en", ["fr"], "en"),  # none they read is served: the interface language
    ("zh-hans", [], "zh"),  # no languages listed: the interface language
])
def test_translations_are_into_a_language_the_member_reads(ui, languages, target):
    member = factories.make_user(language=ui, languages=[code for code in languages if code in ("zh", "en")])
    member.languages = languages  # as stored: a language the site stopped serving may stay listed
    member.save(update_fields=["languages"])
    assert selectors.target_for(member) == target


def test_guests_get_the_interface_language():
    with translation.override("zh-hans"):
        assert selectors.target_for(AnonymousUser()) == "zh"
    with translation.override("en"):
        assert selectors.target_for(None) == "en"
