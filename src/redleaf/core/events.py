"""What happened, for the apps that follow along (search keeps its index, discovery its interest
profiles and pools). Services send these through `send_on_commit`, so a rolled-back write tells no one.
Receivers must be quick: anything slow is a task they enqueue.

- `note_changed(note_id, reason)`: a note's text, audience, state or reach changed, or it was deleted.
  reason is one of "created" (a draft or a note sent to review), "published", "unpublished", "removed", "restored", "reach", "edited", "deleted".
- `engaged(user_id, note_id, action)`: a member acted on a note: "like", "unlike", "collect",
  "uncollect", "comment".
- `comment_changed(comment_id, note_id, reason)`: a comment left: "removed" (by a moderator), "deleted".
- `account_changed(user_id, reason)`: a member's public profile or standing changed: "signup",
  "profile", "suspended", "reinstated"."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

note_changed = Signal()
engaged = Signal()
comment_changed = Signal()
account_changed = Signal()


def send_on_commit(signal: Signal, **kwargs) -> None:
    transaction.on_commit(lambda: signal.send(sender=None, **kwargs))
