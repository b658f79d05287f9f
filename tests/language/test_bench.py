"""`redleaf bench language` runs and reports each figure (the figures themselves are for the report, not
asserted: the machine is shared)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from redleaf.engagement.models import Comment
from redleaf.language.models import Translation


@pytest.mark.django_db(transaction=True)
def test_bench_language_json():
    out = StringIO()
    call_command("bench", "language", "--json", "--seconds", "0.05", "--calls", "30", stdout=out)
    result = json.loads(out.getvalue())
    assert result["detect_per_second"] > 0 and result["gloss_words_per_second"] > 0
    cached = result["cached_translation"]
    assert cached["calls"] == 30 and 0 < cached["p50_ms"] <= cached["p99_ms"] <= cached["max_ms"]
    assert 0 < result["load"]["dictionary_mb"] and result["load"]["total_mb"] > 0
    assert not Comment.objects.exists() and not Translation.objects.exists()  # the bench leaves nothing behind
