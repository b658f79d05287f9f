"""Review: topic names from notes only their author (or their followers) may read stay private."""

from __future__ import annotations

import pytest
from django.test import Client

from redleaf.notes import selectors
from tests import factories


@pytest.mark.django_db
def test_trending_topics_name_no_topic_only_private_notes_use(mei, alex):
    factories.make_note(mei, title="Plans #surprisepartyforalex", audience="only_me")
    factories.make_note(mei, title="Close friends #myfriendsonly", audience="followers")
    factories.make_note(mei, title="Dinner #food")

    names = [t.name for t in selectors.trending_topics(limit=16)]
    assert names == ["food"]

    page = Client().get("/").content.decode()
    assert "#food" in page
    assert "surprisepartyforalex" not in page
    assert "myfriendsonly" not in page


@pytest.mark.django_db
def test_a_topic_trends_again_once_a_public_note_uses_it(mei):
    factories.make_note(mei, title="#weekend", audience="only_me")
    assert selectors.trending_topics() == []
    factories.make_note(mei, title="#weekend out")
    assert [t.name for t in selectors.trending_topics()] == ["weekend"]
