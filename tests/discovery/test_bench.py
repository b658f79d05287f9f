"""`redleaf bench recommend` on a small corpus written the way the demo seed writes notes: it prints
{method: {metric: value}} for ours and the three baselines, our ranking is the real pipeline (it
learns and serves through discovery's services), and the database is left as it was."""

from __future__ import annotations

import io
import json
import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from redleaf.accounts.models import User
from redleaf.core.demo import content
from redleaf.discovery.models import FeedSession, InterestProfile
from redleaf.engagement.models import Like
from redleaf.notes.models import Note
from tests import factories
from tests.discovery.conftest import established

pytestmark = pytest.mark.django_db
METRICS = {"recall@20", "ndcg@20", "coverage", "ild", "cold_ndcg@0", "cold_ndcg@5", "cold_ndcg@20"}


@pytest.fixture
def corpus(mei, alex, chen, mod_lin):
    established(mei, alex, chen, mod_lin)
    rng = random.Random(7)
    authors = {"zh": [mei, chen], "en": [alex, mod_lin]}
    for i in range(72):
        subject = list(content.BANKS)[i % 4]
        language = "zh" if i % 2 else "en"
        text = content.compose(subject, language, rng)
        made = factories.make_note(authors[language][i % 4 // 2], title=text.title, body=text.body, images=0)
        # spread over the last month, as the demo seed does
        Note.objects.filter(pk=made.pk).update(published_at=timezone.now() - timedelta(days=30 - i * 0.4))


def test_bench_recommend_prints_every_metric_for_every_method(corpus):
    members_before = User.objects.count()
    out = io.StringIO()
    call_command("bench", "recommend", "--members", "16", "--cold", "4", "--seed", "3", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert set(report) == {"ours", "chronological", "mostpopular", "itemknn"}
    for method, metrics in report.items():
        assert set(metrics) == METRICS, method
        assert all(0 <= value <= 1 for value in metrics.values()), (method, metrics)
    assert report["ours"]["ndcg@20"] > report["chronological"]["ndcg@20"]
    assert report["ours"]["ndcg@20"] > report["mostpopular"]["ndcg@20"]
    # Everything it wrote is rolled back.
    assert User.objects.count() == members_before
    assert not Like.objects.exists() and not InterestProfile.objects.exists() and not FeedSession.objects.exists()


def test_bench_recommend_table_and_bad_arguments(corpus):
    out = io.StringIO()
    call_command("bench", "recommend", "--members", "8", "--cold", "2", stdout=out)
    assert "NDCG@20 ours / MostPopular" in out.getvalue() and "itemknn" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("bench", "recommend", "--members", "0")


def test_bench_recommend_on_an_empty_site(db):
    with pytest.raises(CommandError, match="too few notes"):
        call_command("bench", "recommend", "--members", "4")
