"""What explore never shows a member, beyond what visibility already removed (features.py): their
own notes, notes they already opened or engaged with ("seen"), notes served earlier in this session,
notes they marked "not interested" or hid, and everything by an author or on a topic they asked to
see less of."""

from __future__ import annotations

from redleaf.discovery.pipeline.context import Candidate, Context


def never(ctx: Context) -> set[int]:
    """Notes this member is never shown, whatever the session: seen and marked ones."""
    profile = ctx.profile
    return {int(i) for i in profile.seen} | {int(i) for i in profile.hidden_notes}


def apply(ctx: Context, candidates: dict[int, Candidate]) -> tuple[list[Candidate], set[int]]:
    """The candidates that may be shown, and the ids of those dropped."""
    blocked_notes = never(ctx)
    less_authors = {int(i) for i in ctx.profile.less_authors}
    less_topics = {int(i) for i in ctx.profile.less_topics}
    kept, dropped = [], set()
    for note_id, candidate in candidates.items():
        if (note_id in ctx.served or note_id in blocked_notes or candidate.author_id == ctx.viewer.pk
                or candidate.author_id in less_authors or less_topics.intersection(candidate.topics)):
            dropped.add(note_id)
        else:
            kept.append(candidate)
    return kept, dropped
