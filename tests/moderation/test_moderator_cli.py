"""`redleaf moderator add|remove|list`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from redleaf.moderation.models import Moderator

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("moderator", *args, stdout=out)
    return out.getvalue()


def test_add_list_and_remove_a_moderator(mei):
    run("add", "MEI", "--languages", "zh,en")
    mod = Moderator.objects.get(user=mei)
    assert mod.is_active and mod.languages == ["en", "zh"]
    assert run("list").strip() == "mei\ten,zh"
    run("add", "mei", "--languages", "zh")
    assert Moderator.objects.get(user=mei).languages == ["zh"]
    run("remove", "mei")
    assert not Moderator.objects.get(user=mei).is_active
    assert run("list").strip() == ""


def test_bad_input_is_a_clear_error(mei):
    with pytest.raises(CommandError, match="nobody"):
        run("add", "nobody", "--languages", "zh")
    with pytest.raises(CommandError):
        run("add", "mei", "--languages", "fr")
    with pytest.raises(CommandError):
        run("add", "mei", "--languages", "")
    assert not Moderator.objects.exists()
