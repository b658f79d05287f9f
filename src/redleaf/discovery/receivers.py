"""Discovery follows what members do (core/events.py), after each write commits:

- engaged (like, unlike, collect, uncollect, comment): the member's interest profile learns at once
  (services.interest_learn, a few milliseconds); the note's conversation signals are recounted soon
  (debounced); a like or collect asks for the note's co-engagement neighbours to be remade (at most
  once per POOL_MAX_AGE_MINUTES per note);
- comment_changed (removed by review, deleted): the note's conversation is recounted soon (debounced);
- note_changed: the note's cached features are dropped (a newly published note is a candidate at
  once). Removed or limited by review: every page reads its notes through visibility, so such a note
  can never be served, but the pools are refreshed soon so it stops taking a place in them. (A note
  its author deleted or took back under review simply drops out at the next refresh.)"""

from __future__ import annotations

import logging

from django.dispatch import receiver

from redleaf.core import events

log = logging.getLogger("redleaf.discovery")


@receiver(events.engaged, dispatch_uid="discovery_engaged")
def on_engaged(sender, user_id: int, note_id: int, action: str, **kwargs) -> None:
    from redleaf.discovery import precompute, services

    try:
        services.interest_learn(user_id=user_id, note_id=note_id, action=action)
        precompute.signals_touch(note_id)
        if action in ("like", "collect"):
            precompute.refreshes_request([f"nb:{note_id}"])
    except Exception:  # the member's write has committed: a discovery failure must not turn it into a 500
        log.exception("discovery could not learn from %s on %s by %s", action, note_id, user_id)


@receiver(events.comment_changed, dispatch_uid="discovery_comment_changed")
def on_comment_changed(sender, comment_id: int, note_id: int, reason: str, **kwargs) -> None:
    """A comment removed by review (a hostile thread) or deleted: its note's conversation is recounted."""
    from redleaf.discovery import precompute

    try:
        precompute.signals_touch(note_id)
    except Exception:
        log.exception("discovery could not recount note %s after comment %s was %s", note_id, comment_id, reason)


@receiver(events.note_changed, dispatch_uid="discovery_note_changed")
def on_note_changed(sender, note_id: int, reason: str, **kwargs) -> None:
    from django.core.cache import cache

    from redleaf.discovery import tasks
    from redleaf.discovery import weights as W
    from redleaf.discovery.pipeline.features import KEY
    from redleaf.discovery.precompute import request_refresh
    from redleaf.notes import cards

    cache.delete(KEY.format(note_id))  # its cached features (with Redis, for every process)
    cards.forget(note_id)  # and its cached card (an edit also changes the card's key)
    if reason in ("removed", "reach"):
        try:
            request_refresh("pools", tasks.pools_refresh.enqueue, every_minutes=W.POOL_MAX_AGE_MINUTES / 5)
        except Exception:
            log.exception("discovery could not ask for a pools refresh after note %s was %s", note_id, reason)
