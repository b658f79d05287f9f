"""One page of a member's personalised explore: the stages in order, then the notes as cards, each
with its reason. The cursor names the session (["s", session id, pages served]); the session row
holds every note served in it, so none comes twice, and where the popular backfill has got to.
A first page (no cursor) continues the member's session if they were here in the last
SESSION_IDLE_MINUTES — a reload brings new notes, as pulling down to refresh does in the app."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from redleaf.core.pagination import Page, bad_cursor, decode_cursor, encode_cursor
from redleaf.discovery import weights as W
from redleaf.discovery.models import FeedSession
from redleaf.discovery.pipeline import diversity, features, filters, ranking, reasons, sources
from redleaf.discovery.pipeline.context import Context

SESSION_TAG = "s"
EXTRA_ROUNDS = 2  # more popular windows when the filters left a page short


def parse_cursor(cursor: str) -> tuple[int, int]:
    values = decode_cursor(cursor, 3)
    tag, session_id, pages = values
    if tag != SESSION_TAG or not isinstance(session_id, str) or not session_id.isdigit() or not isinstance(pages, int):
        raise bad_cursor()
    session_id_int = int(session_id)
    if not 0 < session_id_int < 2**63 or pages < 0:
        raise bad_cursor()
    return session_id_int, pages


def is_session_cursor(cursor: str | None) -> bool:
    if not cursor:
        return False
    try:
        parse_cursor(cursor)
    except Exception:  # noqa: BLE001 - anything that is not ours is not a session cursor
        return False
    return True


def session_for(viewer, cursor: str | None, now) -> FeedSession:
    if cursor:
        session_id, _pages = parse_cursor(cursor)
        session = FeedSession.objects.filter(pk=session_id, user=viewer).first()
        if session is None:  # pruned, or someone else's
            raise bad_cursor()
        return session
    session = (FeedSession.objects.filter(user=viewer, last_at__gte=now - timedelta(minutes=W.SESSION_IDLE_MINUTES))
               .order_by("-last_at").first())
    if session is None or session.served.count(",") + 1 >= W.SESSION_MAX_SERVED:
        session = FeedSession(user=viewer, last_at=now)
    return session


def context_for(viewer, profile, session, now, size: int) -> Context:
    from redleaf.accounts.models import Follow
    from redleaf.accounts.selectors import hidden_author_ids
    from redleaf.notes.selectors import visible_notes

    read = list(profile.read_languages or viewer.languages or [])
    learning = [lang for lang in (profile.learning_languages or []) if lang not in read]
    return Context(viewer=viewer, profile=profile, session=session, now=now, size=size,
                   followees=set(Follow.objects.filter(follower=viewer).values_list("followee_id", flat=True)),
                   hidden_authors=set(hidden_author_ids(viewer)),  # live: an unblock is felt at once
                   served=set(session.served_ids()), read_languages=read, learning_languages=learning,
                   visible=visible_notes(viewer))


def page(*, viewer, profile, cursor: str | None, size: int, all_images: bool = False, now=None) -> Page:
    now = now or timezone.now()
    session = session_for(viewer, cursor, now)
    served = _page(viewer=viewer, profile=profile, session=session, cursor=cursor, size=size,
                   all_images=all_images, now=now)
    if not served.items and not cursor and not session._state.adding:
        # A reload after the member has scrolled through everything: a new pass, not an empty page.
        # The spent session is closed (idle), so the next reload continues the new one.
        FeedSession.objects.filter(pk=session.pk).update(
            last_at=now - timedelta(minutes=W.SESSION_IDLE_MINUTES + 1))
        served = _page(viewer=viewer, profile=profile, session=FeedSession(user=viewer, last_at=now), cursor=None,
                       size=size, all_images=all_images, now=now)
    if not served.items and not cursor:
        # Still nothing (they have seen, marked or written every note): the feed everyone gets, one page.
        from redleaf.discovery.selectors import popular_page

        fallback = popular_page(viewer=viewer, profile=profile, size=size, all_images=all_images)
        served = Page(items=fallback.items, next_cursor=None, extra=served.extra)
    return served


def _page(*, viewer, profile, session, cursor, size, all_images, now) -> Page:
    ctx = context_for(viewer, profile, session, now, size)
    if not cursor and not session._state.adding:
        # A reload: the popular backfill goes on from where it had got to, and also looks at the top.
        ctx.reload, session.popular_done = True, False
    skip = filters.never(ctx)
    picked: list = []
    ranked: list = []  # candidates not picked yet, best first
    for round_ in range(1 + EXTRA_ROUNDS):
        waiting = {c.note_id for c in ranked}  # what an earlier round has in hand already
        found = sources.gather(ctx, skip=skip) if round_ == 0 else _more_popular(ctx, skip | waiting)
        loaded = features.load(ctx, found)
        kept, dropped = filters.apply(ctx, loaded)
        merged = {c.note_id: c for c in ranked}
        merged.update((c.note_id, c) for c in ranking.score_all(ctx, kept))
        ranked = sorted(merged.values(), key=lambda c: -c.score)
        # The caps hold across rounds (the page so far counts). The first round leaves a page the caps
        # made short for a popular window to fill; a later one fills it regardless (better a full page
        # than an early end).
        picked += diversity.pick(ranked, size, already=picked, fill=round_ > 0)
        taken = {c.note_id for c in picked}
        ranked = [c for c in ranked if c.note_id not in taken]
        ctx.served |= taken
        sources.advance_popular(ctx, ctx.served | dropped | (set(found) - set(loaded)) | skip)
        if len(picked) >= size or (session.popular_done and round_ > 0):
            break
    notes, tried = _cards(ctx, picked, ranked, all_images)
    more = bool(notes) and (bool(ranked) or not session.popular_done)
    # Shown, in order, then any tried and found no longer visible (so they are not tried again).
    shown = [n.pk for n in notes]
    _save_session(session, shown + sorted(tried - set(shown)), now)
    _request_refreshes(ctx)
    cursor_out = encode_cursor([SESSION_TAG, str(session.pk), session.pages]) if more else None
    return Page(items=notes, next_cursor=cursor_out, extra={"session": session.pk})


def _cards(ctx: Context, picked: list, ranked: list, all_images: bool) -> tuple[list, set[int]]:
    """The page's notes as cards, read through visibility (notes.selectors.visible_notes) — the
    authority, live: a note removed, limited or hidden since its features were cached is replaced by
    the next best candidate."""
    from redleaf.notes.selectors import with_card_data

    wanted = len(picked)
    notes: list = []
    tried: set[int] = set()
    queue = list(picked)
    for _round in range(3):
        ids = [c.note_id for c in queue]
        tried.update(ids)
        by_id = {n.pk: n for n in with_card_data(ctx.visible.filter(pk__in=ids, limited=False), ctx.viewer,
                                                  all_images=all_images)}
        for candidate in queue:
            note = by_id.get(candidate.note_id)
            if note is not None:
                note.reason = reasons.explain(ctx, candidate, note.author.name)
                notes.append(note)
        short = wanted - len(notes)
        if short <= 0 or not ranked:
            break
        queue, ranked[:] = ranked[:short], ranked[short:]
    return notes, tried


def _more_popular(ctx: Context, skip: set[int]) -> dict:
    found: dict = {}
    sources.popular(ctx, found, skip=skip)
    return found


def _save_session(session: FeedSession, ids: list[int], now) -> None:
    """Append this page's notes. An UPDATE that only lands if no other page was saved meanwhile
    (the same session in two tabs at once); if one was, the ids are appended to whatever is there."""
    added = ",".join(map(str, ids))
    if session._state.adding:
        session.served, session.pages, session.last_at = added, 1, now
        session.save()
        return
    served = f"{session.served},{added}" if session.served and added else (session.served or added)
    updated = FeedSession.objects.filter(pk=session.pk, pages=session.pages).update(
        served=served, pages=F("pages") + 1, last_at=now, popular_cursor=session.popular_cursor,
        popular_done=session.popular_done)
    if not updated:  # another page of this session was saved between our read and now
        fresh = FeedSession.objects.get(pk=session.pk)
        FeedSession.objects.filter(pk=session.pk).update(
            served=f"{fresh.served},{added}" if fresh.served and added else (fresh.served or added),
            pages=F("pages") + 1, last_at=now)
        session.pages = fresh.pages
    session.pages += 1


def _request_refreshes(ctx: Context) -> None:
    from redleaf.discovery.precompute import refreshes_request

    refreshes_request(ctx.stale, now=ctx.now)
