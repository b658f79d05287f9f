"""What search does when something changes elsewhere (core/events.py): it queues the index update for
the worker. The events arrive after the write committed; enqueueing is one row in the task table.
Results never wait for the worker to be right: selectors.py checks every hit against the live rows."""

from __future__ import annotations

from redleaf.search import tasks

# A note that leaves public view or loses a hashtag may leave a topic with no public note: offered no more.
TOPIC_MAY_GO = {"unpublished", "removed", "reach", "edited", "deleted"}


def note_changed(sender, note_id: int, reason: str, **kwargs) -> None:
    tasks.index_note.enqueue(note_id=note_id)
    if reason in TOPIC_MAY_GO:
        from redleaf.search.services import suggestions_changed

        suggestions_changed()


def engaged(sender, note_id: int, action: str, **kwargs) -> None:
    tasks.rerank_note.enqueue(note_id=note_id)


def account_changed(sender, user_id: int, reason: str, **kwargs) -> None:
    tasks.index_user.enqueue(user_id=user_id)
    if reason in ("suspended", "profile"):  # their name, and topics only their notes kept public, go
        from redleaf.search.services import suggestions_changed

        suggestions_changed()
