"""`redleaf bench moderation` measures the real checks and prints figures (the targets live there, not
here: the machine is shared)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_bench_moderation_prints_rates_and_per_rule_quality():
    out = StringIO()
    call_command("bench", "moderation", "--no-latency", "--images", "2", "--seconds", "0.3", "--quality", "--json",
                 stdout=out, stderr=StringIO())
    result = json.loads(out.getvalue())
    assert result["text"]["items"] > 0 and result["text"]["text_items_per_second_per_core"] > 0
    assert result["images"]["images"] == 2 and result["images"]["images_per_second_per_core"] > 0
    assert "latency" not in result
    tuned, heldout = result["quality"]["testset"], result["quality"]["heldout"]
    assert tuned["items"] >= 200 and heldout["items"] >= 60
    assert set(tuned["per_rule"]) >= {"harassment", "hate", "scam_spam", "flaunting_wealth"}
    table = StringIO()
    call_command("bench", "moderation", "--no-latency", "--images", "1", "--seconds", "0.1", stdout=table,
                 stderr=StringIO())
    assert "text items/s/core" in table.getvalue() and "target ≥ 500" in table.getvalue()


def test_bench_moderation_refuses_nonsense_counts():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("bench", "moderation", "--images", "0", stdout=StringIO(), stderr=StringIO())
