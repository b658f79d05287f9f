"""One page of a member's personalised explore: the stages in order, then the notes as cards, each
with its reason. The cursor names the session (["s", session id, pages served]); the session row
holds where the popular backfill has got to, and its pages (FeedPage rows) every note served in
it, so none comes twice.
A first page (no cursor) continues the member's session if they were here in the last
SESSION_IDLE_MINUTES — a reload brings new notes, as pulling down to refresh does in the app.

Pages ahead: one run of the stages ranks a few hundred candidates, enough for several pages. The
page asked for is served, and the next AHEAD_PAGES (each diversity-picked on its own) are kept in
the cache under the session with a stamp of everything they were made from — the interest profile
(every like, collect, comment, long view, mark and setting changes it), whom the member follows and
whom they hide, the page size. The next page (scrolling on: a reload makes a fresh one) whose stamp
still matches, within AHEAD_SECONDS, is served from them: its notes are still read through
visibility and the member's marks, live (a note removed, limited or hidden since never shows; the
next one kept takes its place), and the session records them as served. Anything that changes the
stamp drops the pages ahead, so a like is felt on the very next page, as before. The cards of the
pages ahead are cached with them, in one batch with those of the page made."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from redleaf.core.compiled import ByIds
from redleaf.core.pagination import Page, bad_cursor, decode_cursor, encode_cursor
from redleaf.discovery import weights as W
from redleaf.discovery.models import FeedPage, FeedSession
from redleaf.discovery.pipeline import diversity, features, filters, ranking, reasons, sources
from redleaf.discovery.pipeline.context import Context
from redleaf.notes import cards

SESSION_TAG = "s"
EXTRA_ROUNDS = 2  # more popular windows when the filters left a page short
AHEAD_PAGES = 10  # pages kept ready after the one served (see the module docstring)
AHEAD_SECONDS = 180  # ... for at most this long: new notes and moved counts get their turn
AHEAD_KEY = "discovery:ahead:2:{}"  # 2: entries are (note, reason code, params)
NAMED_REASONS = ("following", "author")  # reasons that name the author: named when shown


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


_SESSION_FIELDS = [f.attname for f in FeedSession._meta.concrete_fields]


def _pages_joined() -> RawSQL:
    """Every page's notes of the session, joined by commas in the order served, as one column: one
    row for the session, not a row per page repeating the session's columns (a session scrolled
    110 pages deep read 110 rows, 4 ms; this is a tenth of that)."""
    from django.db import connection

    quote = connection.ops.quote_name
    pages, sessions = quote(FeedPage._meta.db_table), quote(FeedSession._meta.db_table)
    if connection.vendor == "postgresql":
        joined = "string_agg(p.note_ids, ',' ORDER BY p.id)"
        source = f"{pages} p WHERE p.session_id = {sessions}.id"
    else:  # SQLite's group_concat keeps the order of the rows it is given
        joined = "group_concat(p.note_ids, ',')"
        source = f"(SELECT note_ids FROM {pages} WHERE session_id = {sessions}.id ORDER BY id) p"  # noqa: S608
    return RawSQL(f"SELECT {joined} FROM {source}", ())  # noqa: S608, S611 - our tables, no input


# The session and the notes of its pages in one row: by id (scrolling on), or the member's latest
# (a reload; whether it is still open is decided by its last_at, in session_for).
_SESSION = ByIds(lambda pk, user_id: FeedSession.objects.filter(pk=pk, user_id=user_id)
                 .annotate(served_joined=_pages_joined()).values_list(*_SESSION_FIELDS, "served_joined"))
_LATEST = ByIds(lambda user_id: FeedSession.objects.filter(user_id=user_id).order_by("-last_at")
                .annotate(served_joined=_pages_joined()).values_list(*_SESSION_FIELDS, "served_joined")[:1])
_SERVED = ByIds(lambda pk: FeedPage.objects.filter(session_id=pk).order_by("id").values_list("note_ids"))


def _session_read(session_id: int, user_id: int) -> FeedSession | None:
    return _session_of(_SESSION.rows(session_id, user_id))


def _session_of(rows: list[tuple]) -> FeedSession | None:
    if not rows:
        return None
    width = len(_SESSION_FIELDS)
    session = FeedSession.from_db("default", _SESSION_FIELDS, rows[0][:width])
    session.served_read = [rows[0][width]] if rows[0][width] else []
    return session


def served_ids(session: FeedSession) -> list[int]:
    """Every note the session served (or tried), in order."""
    if session._state.adding:
        return []
    pages = getattr(session, "served_read", None)
    if pages is None:
        pages = [note_ids for (note_ids,) in _SERVED.rows(session.pk)]
    return [int(v) for note_ids in pages for v in note_ids.split(",") if v]


def session_for(viewer, cursor: str | None, now) -> FeedSession:
    if cursor:
        session_id, _pages = parse_cursor(cursor)
        found = _session_read(session_id, viewer.pk)
        if found is None:  # pruned, or someone else's
            raise bad_cursor()
        return found
    # The member's latest session, if it is still open: one query, its pages' notes with it.
    session = _session_of(_LATEST.rows(viewer.pk))
    if (session is None or session.last_at < now - timedelta(minutes=W.SESSION_IDLE_MINUTES)
            or session.served_count >= W.SESSION_MAX_SERVED):
        session = FeedSession(user=viewer, last_at=now)
    return session


def context_for(viewer, profile, session, now, size: int) -> Context:
    from redleaf.accounts.selectors import followees_and_hidden

    read = list(profile.read_languages or viewer.languages or [])
    learning = [lang for lang in (profile.learning_languages or []) if lang not in read]
    followees, hidden = followees_and_hidden(viewer)  # live: a follow or an unblock is felt at once
    return Context(viewer=viewer, profile=profile, session=session, now=now, size=size,
                   followees=followees, hidden_authors=hidden,
                   served=set(served_ids(session)), read_languages=read, learning_languages=learning)


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
    stamp = _stamp(ctx)
    # Scrolling on (a cursor) takes the next page kept ahead; a reload makes a fresh one (new notes,
    # the top of the popular list). Another tab of the session may claim the page first: then the
    # session is read again, and its next page tried.
    for _attempt in range(2):
        ahead = cache.get(AHEAD_KEY.format(session.pk)) if cursor and not session._state.adding else None
        if not (isinstance(ahead, dict) and ahead.get("stamp") == stamp and ahead.get("pages")):
            break
        served, raced = _page_ahead(ctx, ahead)
        if served is not None:
            return served
        if not raced:
            break
        session = _session_read(session.pk, viewer.pk) or session
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
    # The pages to keep ahead are picked first, so that their cards and this page's are made in one
    # batch (a handful of queries for all of them, rather than one handful for each).
    ahead, rest = _pick_ahead(ctx, ranked)
    if ahead:
        cards.warm([c.note_id for c in picked] + [c.note_id for page_ in ahead for c in page_])
    notes, tried = _cards(ctx, picked, ranked, all_images)
    more = bool(notes) and (bool(ranked) or not session.popular_done)
    # Shown, in order, then any tried and found no longer visible (so they are not tried again).
    shown = [n.pk for n in notes]
    _save_session(session, shown + sorted(tried - set(shown)), now)
    _request_refreshes(ctx)
    if notes:
        if any(c.note_id in tried for page_ in ahead for c in page_):  # it took their notes in place of gone ones
            ahead, rest = _pick_ahead(ctx, [c for c in ranked if c.note_id not in tried])
            cards.warm([c.note_id for page_ in ahead for c in page_])  # those not made yet
        else:
            rest = [c for c in rest if c.note_id not in tried]
        _keep_ahead(ctx, session, stamp, ahead, rest, more)
    cursor_out = encode_cursor([SESSION_TAG, str(session.pk), session.pages]) if more else None
    return Page(items=notes, next_cursor=cursor_out, extra={"session": session.pk})


def _stamp(ctx: Context) -> str:
    """What the pages ahead were made from: the whole interest profile, follows, hidden authors, size."""
    profile = ctx.profile
    values = [getattr(profile, f.attname) for f in profile._meta.concrete_fields]
    made_from = repr((values, list(ctx.viewer.languages or []), sorted(ctx.followees), sorted(ctx.hidden_authors),
                      ctx.size))
    return hashlib.blake2b(made_from.encode(), digest_size=16).hexdigest()


def _pick_ahead(ctx: Context, ranked: list) -> tuple[list[list], list]:
    """The next AHEAD_PAGES pages from what this run ranked and not served, and what is left. A page
    the diversity caps would leave short is not kept: the stages make it, with fresh popular
    windows."""
    pages: list[list] = []
    rest = list(ranked)
    while len(pages) < AHEAD_PAGES and len(rest) >= ctx.size:
        chosen = diversity.pick(rest, ctx.size, fill=False)
        if len(chosen) < ctx.size:
            break
        taken = {c.note_id for c in chosen}
        rest = [c for c in rest if c.note_id not in taken]
        pages.append(chosen)
    return pages, rest


def _keep_ahead(ctx: Context, session: FeedSession, stamp: str, chosen: list[list], rest: list, more: bool) -> None:
    """Keep the pages picked ahead (_pick_ahead), each note with its reason."""
    # (note, reason code, its params): plain values unpickle fast
    pages = [[(c.note_id, *_plain(reasons.explain(ctx, c, ""))) for c in page_] for page_ in chosen]
    key = AHEAD_KEY.format(session.pk)
    if not pages:
        cache.delete(key)
        return
    # Page k ahead is the session's page `first + k` (its count of pages served when it is asked for);
    # after the last, is there more? What this run had left, or the popular window.
    cache.set(key, {"stamp": stamp, "first": session.pages, "pages": pages,
                    "more": more and (bool(rest) or not session.popular_done)}, timeout=AHEAD_SECONDS)
    # Their cards were made with the page's (_page).


def _plain(reason: reasons.Reason) -> tuple[str, dict]:
    return reason.code, reason.params


def _page_ahead(ctx: Context, ahead: dict) -> tuple[Page | None, bool]:
    """The session's next page kept ahead, read through visibility and the member's marks as they
    are now; (None, False) when none of it can be shown any more (the stages then make the page),
    (None, True) when another request of this session (a second tab) served a page meanwhile: each
    page ahead is served once, claimed with the session's page count."""
    session = ctx.session
    index = session.pages - ahead.get("first", -1)
    if not 0 <= index < len(ahead["pages"]):
        return None, False
    less_authors = {int(i) for i in ctx.profile.less_authors}
    less_topics = {int(i) for i in ctx.profile.less_topics}
    later = [[entry for entry in page_ if entry[0] not in ctx.served] for page_ in ahead["pages"][index + 1:]]
    queue = [entry for entry in ahead["pages"][index] if entry[0] not in ctx.served]
    wanted = len(ahead["pages"][index])
    notes: list = []
    tried: set[int] = set()
    spare = [entry for page_ in later for entry in page_]  # gone since: the next kept take their place
    while queue:
        tried.update(entry[0] for entry in queue)
        by_id = cards.feed_cards(ctx.viewer, [entry[0] for entry in queue], hidden=ctx.hidden_authors)
        for note_id, code, params in queue:
            note = by_id.get(note_id)
            if note is not None and (note.author.pk in less_authors or any(t.pk in less_topics for t in note.topics)):
                note = None  # edited since into a topic the member asked to see less of
            if note is not None:
                note.reason = reasons.Reason(code, {**params, "name": note.author.name} if code in NAMED_REASONS
                                             else params)
                notes.append(note)
        short = wanted - len(notes)
        if short <= 0 or not spare:
            break
        queue, spare = spare[:short], spare[short:]
    if not notes:
        return None, False
    shown = [n.pk for n in notes]
    if not _save_session(session, shown + sorted(tried - set(shown)), ctx.now, claim=True):
        return None, True  # another request of this session served a page first
    if tried - set(shown) or len(tried) > wanted:  # the pages after this one lost notes: made again
        cache.delete(AHEAD_KEY.format(session.pk))
        more = True
    else:
        more = index + 1 < len(ahead["pages"]) or ahead.get("more", True)
    cursor_out = encode_cursor([SESSION_TAG, str(session.pk), session.pages]) if more else None
    return Page(items=notes, next_cursor=cursor_out, extra={"session": session.pk}), False


def _cards(ctx: Context, picked: list, ranked: list, all_images: bool) -> tuple[list, set[int]]:
    """The page's notes as cards, read through visibility (notes.selectors.visible_notes) — the
    authority, live: a note removed, limited or hidden since its features were cached is replaced by
    the next best candidate."""
    wanted = len(picked)
    notes: list = []
    tried: set[int] = set()
    queue = list(picked)
    for _round in range(3):
        ids = [c.note_id for c in queue]
        tried.update(ids)
        by_id = cards.feed_cards(ctx.viewer, ids, hidden=ctx.hidden_authors)
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


def _save_session(session: FeedSession, ids: list[int], now, *, claim: bool = False) -> bool:
    """Count the page and keep its notes (a FeedPage row), whole or not at all. The popular window
    moves only if no other page was saved meanwhile (the same session in two tabs at once); the page
    is saved either way — unless `claim`: then nothing is saved when another page was (and False is
    returned)."""
    note_ids = ",".join(map(str, ids))
    if session._state.adding:
        with transaction.atomic():
            session.served_count, session.pages, session.last_at = len(ids), 1, now
            session.save()
            FeedPage.objects.create(session=session, note_ids=note_ids)
        return True
    if not _count_page(session, note_ids, len(ids), now, window=True):  # another page was saved since our read
        if claim:
            return False
        _count_page(session, note_ids, len(ids), now, window=False)
    session.pages += 1
    return True


def _count_page(session: FeedSession, note_ids: str, added: int, now, *, window: bool) -> bool:
    """Count the page and its notes and keep them; with `window`, only if no other page was saved
    since `session` was read, and then move the popular window. The SQL is written here (Django took
    longer to make it than the database to run it): on PostgreSQL one statement, the UPDATE feeding
    the INSERT; on SQLite both in a transaction."""
    from django.db import connection

    quote = connection.ops.quote_name
    sessions, pages = quote(FeedSession._meta.db_table), quote(FeedPage._meta.db_table)
    update = f"UPDATE {sessions} SET served_count = served_count + %s, pages = pages + 1, last_at = %s"  # noqa: S608
    params = [added, connection.ops.adapt_datetimefield_value(now)]
    if window:
        update += ", popular_cursor = %s, popular_done = %s WHERE id = %s AND pages = %s"
        params += [session.popular_cursor, session.popular_done, session.pk, session.pages]
    else:
        update += " WHERE id = %s"
        params += [session.pk]
    insert = f"INSERT INTO {pages} (session_id, note_ids)"  # noqa: S608 - our tables
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"WITH counted AS ({update} RETURNING id) {insert} SELECT id, %s FROM counted",  # noqa: S608
                           [*params, note_ids])
            return cursor.rowcount > 0
        with transaction.atomic():
            cursor.execute(update, params)
            if cursor.rowcount == 0:
                return False
            cursor.execute(f"{insert} VALUES (%s, %s)", [session.pk, note_ids])
            return True


def _request_refreshes(ctx: Context) -> None:
    from redleaf.discovery.precompute import refreshes_request

    refreshes_request(ctx.stale, now=ctx.now)
