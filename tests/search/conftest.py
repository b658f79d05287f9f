from __future__ import annotations

import pytest

from redleaf.search import services
from tests import factories


@pytest.fixture
def index():
    """Index what the tests made (the worker does it in life: see test_worker.py)."""
    def run():
        return services.search_reindex()
    return run


def note(author, title, body="", images=0, **kwargs):
    made = factories.make_note(author, title=title, body=body, images=images, **kwargs)
    services.note_index(note_id=made.pk)
    return made
