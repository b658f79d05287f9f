"""Reads: search notes, members and topics; suggestions; the hot list.

Visibility is decided twice, on purpose. The index's copy of each note (state, audience, author, reach)
narrows the candidates cheaply; then every candidate is checked against the live rows through
notes.selectors.visible_notes (published, audience, blocks either way, mutes) and `limited`, so a note
deleted, restricted, taken down or edited out of the query a moment ago never shows, even before the
worker has updated the index. A note edited since it was indexed is matched again on its live text."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from redleaf.core.compiled import Compiled
from redleaf.core.errors import RedleafError
from redleaf.core.pagination import bad_cursor
from redleaf.search import analysis
from redleaf.search.backends import Filters, get_backend
from redleaf.search.backends.base import TOP_TIER_SLACK
from redleaf.search.indexes import NOTES, TOPICS, USERS
from redleaf.search.lexicon import DatabaseLexicon
from redleaf.search.models import HotQuery, NoteDocument, Suggestion
from redleaf.search.ranking import tier_of

TYPES = ("notes", "users", "topics")
SORTS = ("relevance", "newest", "likes")
MEDIA = ("any", "image", "text")
SCOPES = ("all", "mine", "boards")
SINCE = {"1d": 1, "7d": 7, "30d": 30, "180d": 180}
MAX_ROUNDS = 6
LIVE_SPARE = 4  # live rows read past what a page still needs


@dataclass
class SearchParams:
    q: str = ""
    type: str = "notes"
    sort: str = "relevance"
    media: str = "any"
    since: str = ""
    scope: str = "all"
    board: str = ""
    cursor: str = ""
    size: int = 20


@dataclass
class SearchPage:
    items: list
    next_cursor: str | None
    query: analysis.Query
    params: SearchParams
    relaxed: bool = False  # no result had every word: these have some
    extra: dict = field(default_factory=dict)


def _error(code: str, message, field_name: str) -> RedleafError:
    return RedleafError(code, message, field=field_name)


def clean_params(*, q, type="notes", sort="relevance", media="any", since="", scope="all", board="",  # noqa: A002
                 cursor="", size=None) -> SearchParams:
    """The member's parameters, checked: an unknown value is a 400 with the field it came in."""
    def text(value) -> str:
        return value if isinstance(value, str) else ""

    params = SearchParams(q=text(q), type=text(type) or "notes", sort=text(sort) or "relevance",
                          media=text(media) or "any", since=text(since), scope=text(scope) or "all",
                          board=text(board), cursor=text(cursor))
    if params.type not in TYPES:
        raise _error("bad_type", _("Search type must be one of: notes, users, topics."), "type")
    if params.sort not in SORTS:
        raise _error("bad_sort", _("Sort must be one of: relevance, newest, likes."), "sort")
    if params.media not in MEDIA:
        raise _error("bad_media", _("Media must be one of: any, image, text."), "media")
    if params.scope not in SCOPES:
        raise _error("bad_scope", _("Scope must be one of: all, mine, boards."), "scope")
    if params.since and since_moment(params.since) is None:
        raise _error("bad_since", _("“Since” must be 1d, 7d, 30d, 180d or a date such as 2025-06-01."), "since")
    if params.board and not (params.board.isdigit() and 0 < int(params.board) < 2**63):
        raise _error("bad_board", _("No such board."), "board")
    params.size = max(1, min(int(size or 20), 50))
    return params


def since_moment(value: str) -> datetime | None:
    if value in SINCE:
        return timezone.now() - timedelta(days=SINCE[value])
    if len(value) > 40:
        return None
    try:  # a well-formed but impossible time (hour 25, offset +99:00) is as bad as a malformed one
        moment = parse_datetime(value) if "T" in value else None
    except ValueError:
        return None
    if moment is None:
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is None:
            return None
        moment = datetime(day.year, day.month, day.day)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


def parse(text: str, *, understand: bool = True) -> analysis.Query:
    """The query understood, with `df_floor`: how many notes its rarest word is in, as far as the vocabulary
    knows (0 when it does not: characters, typos), which tells search whether counting first is worth it."""
    lexicon = DatabaseLexicon()
    query = analysis.parse_query(text or "", lexicon, understand=understand)
    floors = [max((lexicon.df(t) for a in c.alternatives if a.kind == "words" and a.exact for t in a.terms),
                  default=0) for c in query.concepts]
    query.df_floor = min(floors, default=0)
    return query


# --- cursors ---------------------------------------------------------------------------------------------------
def _encode(state: dict) -> str:
    raw = json.dumps(state, separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, order: str) -> dict:
    if not cursor:
        return {}
    if len(cursor) > 300:
        raise bad_cursor()
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)),
                           parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise bad_cursor() from exc
    if not isinstance(state, dict) or state.get("o") != order or state.get("m") not in ("all", "any"):
        raise bad_cursor()
    after = state.get("a")
    if not (isinstance(after, list) and len(after) == 2 and isinstance(after[1], int)
            and not isinstance(after[1], bool) and 0 < after[1] < 2**63):
        raise bad_cursor()
    value = after[0]
    if order == "newest":
        try:
            value = parse_datetime(value) if isinstance(value, str) and len(value) < 40 else None
        except ValueError:
            value = None
        if value is None:
            raise bad_cursor()
    elif (isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
          or abs(value) >= 2**63):  # a hand-made 10**30 would overflow the database's integer
        raise bad_cursor()
    state["a"] = (value, after[1])
    return state


# --- notes ---------------------------------------------------------------------------------------------------
def _hidden_authors(viewer) -> list[int]:
    from redleaf.accounts.selectors import hidden_author_ids

    return [int(i) for i in hidden_author_ids(viewer)]


def _note_filters(viewer, params: SearchParams, hidden: list[int] | None = None) -> Filters:
    from redleaf.accounts.models import Follow
    from redleaf.engagement.models import Collect

    f = Filters()
    member = viewer is not None and viewer.is_authenticated
    if params.scope == "mine":
        if not member:
            raise RedleafError("login_required", _("Log in to search your own notes."), status=401)
        f.add("d.author_id = %s", viewer.pk)
    else:
        f.add("d.state = %s", "published").add("d.limited = %s", False)
        if not member:
            f.add("d.audience = %s", "public")
        else:
            follow = Follow._meta.db_table
            f.add(f"d.audience = %s OR d.author_id = %s OR (d.audience = %s AND d.author_id IN "  # noqa: S608
                  f"(SELECT followee_id FROM {follow} WHERE follower_id = %s))",
                  "public", viewer.pk, "followers", viewer.pk)
            hidden = _hidden_authors(viewer) if hidden is None else hidden
            if hidden:
                f.add(f"d.author_id NOT IN ({', '.join(['%s'] * len(hidden))})", *hidden)
    if params.scope == "boards":
        if not member:
            raise RedleafError("login_required", _("Log in to search your boards."), status=401)
        collect = Collect._meta.db_table
        if params.board:
            f.add(f"d.note_id IN (SELECT note_id FROM {collect} WHERE user_id = %s AND board_id = %s)",  # noqa: S608
                  viewer.pk, int(params.board))
        else:
            f.add(f"d.note_id IN (SELECT note_id FROM {collect} WHERE user_id = %s)", viewer.pk)  # noqa: S608
    if params.media != "any":
        f.add("d.has_images = %s", params.media == "image")
    if params.since:
        f.add("d.published_at >= %s", since_moment(params.since))
    return f


def _live_notes(viewer, params: SearchParams, ids: list[int], hidden: list[int] | None = None):
    """The candidates the viewer may see right now, as cards (notes/cards.py: one query when their
    cached halves are fresh), each with the version of the note its document was made from."""
    from redleaf.notes.cards import cards
    from redleaf.notes.models import Note, NoteState
    from redleaf.notes.selectors import visible_notes

    if params.scope == "mine":
        qs = Note.objects.filter(author=viewer).exclude(state__in=[NoteState.REMOVED, NoteState.REJECTED])
    else:
        qs = visible_notes(viewer, hidden=hidden).filter(limited=False)
    if params.scope == "boards":
        from redleaf.engagement.models import Collect

        collected = Collect.objects.filter(user=viewer, note=OuterRef("pk"))
        if params.board:
            collected = collected.filter(board_id=int(params.board))
        qs = qs.filter(Exists(collected))
    if params.media != "any":
        qs = qs.filter(cover__isnull=params.media == "text")
    indexed = NoteDocument.objects.filter(note_id=OuterRef("pk")).values("source_updated_at")
    return cards(qs.annotate(indexed_version=Subquery(indexed)), ids, viewer, extra=("indexed_version",))


def _still_matches(note, query: analysis.Query, topics: list[str] | None = None) -> bool:
    """Does the note's live text match? (For a note edited since it was indexed.)"""
    terms = set()
    chars = ""
    for text in (note.title, note.body, " ".join(topics or [])):
        got = analysis.analyse(text)
        terms.update(got.words)
        chars += "".join(got.chars) + " "
    for concept in query.concepts:
        if not any((all(t in terms for t in a.terms) if a.kind == "words" else "".join(a.terms) in chars)
                   for a in concept.alternatives):
            return False
    return True


def _stale(note) -> bool:
    indexed = note.extra.get("indexed_version")
    return indexed is None or note.updated_at > indexed




def _span_below(backend, *, query, filters, hi, mode, limit) -> tuple[dict | None, list]:
    """The next span of candidates below `hi` ((rank, id), or None for the top), scored: the fewest tiers,
    from the top down, that hold more than CANDIDATE_WINDOW matches, cut at CANDIDATE_CAP (ranking.py).
    How many tiers to try is guessed from each tier's size and the match rate seen so far, so a common
    word takes one or two tries (a second reads only the tiers below the first's); a word the
    vocabulary says is rare is first counted, and if it has few matches they are one span."""
    window = backend.CANDIDATE_WINDOW
    estimate = backend.estimate_matches(table=NOTES, query=query, mode=mode)
    if hi is None and _maybe_few(backend, query, estimate) and backend.count_matches(
            table=NOTES, query=query, filters=filters, cap=window + 1, mode=mode) <= window:
        span = {"hi": None, "lo": None, "t": None, "open": True}  # few matches: one span, all of them
        return span, _span_hits(backend, query=query, filters=filters, span=span, limit=limit, after=None, mode=mode)
    top = tier_of(hi[0]) if hi is not None else backend.top_tier(NOTES)
    if top is None:
        return None, []
    slack = TOP_TIER_SLACK if hi is None else 0  # the top tier read may be a few seconds old
    sizes = backend.tier_sizes(NOTES)
    wanted_docs, width = window * 20, 1
    documents = sum(sizes.values())
    # The match rate guessed (the engine's statistics, else the vocabulary's count of the rarest word): the
    # span it needs, so a word of middling frequency takes one span query rather than two or three.
    guess = estimate if estimate is not None else (getattr(query, "df_floor", 0) or None)
    if guess and documents:
        wanted_docs = max(wanted_docs, int(1.5 * window * documents / max(guess, 1.0)))
    span, hits, scored = None, [], 0
    for _attempt in range(8):
        population = 0
        for width in range(1, top + 2):  # the fewest tiers holding wanted_docs documents
            population += sizes.get(top - width + 1, 0)
            if population >= wanted_docs:
                break
        tiers = [top + slack, top - width + 1] if top - width + 1 > 0 and width + slack < 64 else None
        if span is None or tiers is None:  # the first try, or the whole rest at once: one query for all of it
            span = {"hi": list(hi) if hi is not None else None, "lo": None, "t": tiers, "open": True}
            hits, scored = _span_scored(backend, query=query, filters=filters, span=span, limit=limit, mode=mode)
        else:  # too few: only the tiers below those read, their candidates scored with the ones already found
            rest = {"hi": span["hi"], "lo": None, "t": [span["t"][1] - 1, tiers[1]], "open": True}
            more, more_scored = _span_scored(backend, query=query, filters=filters, span=rest, limit=limit,
                                             mode=mode, cap=backend.CANDIDATE_CAP - scored)
            hits = sorted([*hits, *more], key=lambda h: (h.score, h.id), reverse=True)[:limit]
            scored += more_scored
            span = {"hi": span["hi"], "lo": rest["lo"] or span["lo"], "t": tiers}
        if scored > window or tiers is None:
            break
        rate = max(scored, 1) / max(population, 1)
        wanted_docs = max(wanted_docs * 2, int(1.5 * window / rate))
    return span, hits


def _maybe_few(backend, query, estimate: float | None) -> bool:
    """Might the query have few matches (so counting them first pays)? The engine's own statistics say,
    where it keeps them (every alternative counts: a common character as a phrase is many matches, and
    counting them would read its whole posting list); else the vocabulary's count of the rarest word."""
    limit = 10 * backend.CANDIDATE_WINDOW
    if estimate is not None:
        return estimate <= limit
    return getattr(query, "df_floor", 0) <= limit


def _span_scored(backend, *, query, filters, span, limit, mode, after=None, cap=None) -> tuple[list, int]:
    hits, scored, lowest = backend.relevance(
        table=NOTES, query=query, filters=filters, limit=limit, after=after, mode=mode, cap=cap,
        tiers=tuple(span["t"]) if span["t"] else None, hi=tuple(span["hi"]) if span["hi"] else None,
        lo=tuple(span["lo"]) if span["lo"] else None)
    if span.pop("open", False):  # a new span: it ends at its lowest candidate (unless it holds every match)
        span["lo"] = list(lowest) if lowest and (scored >= backend.CANDIDATE_CAP or span["t"]) else None
    return hits, scored


def _span_hits(backend, *, query, filters, span, limit, after, mode) -> list:
    return _span_scored(backend, query=query, filters=filters, span=span, limit=limit, mode=mode, after=after)[0]


def _valid_span(span) -> bool:
    def pair(value) -> bool:
        return value is None or (isinstance(value, list) and len(value) == 2
                                 and isinstance(value[0], int | float) and not isinstance(value[0], bool)
                                 and math.isfinite(value[0]) and isinstance(value[1], int)
                                 and not isinstance(value[1], bool) and 0 <= value[1] < 2**63)

    def tiers(value) -> bool:
        return value is None or (isinstance(value, list) and len(value) == 2 and all(
            isinstance(x, int) and not isinstance(x, bool) and 0 <= x < 100_000 for x in value)
            and value[1] <= value[0] and value[0] - value[1] < 64)

    return (isinstance(span, dict) and set(span) == {"hi", "lo", "t"} and pair(span["hi"]) and pair(span["lo"])
            and tiers(span["t"]))


def search_notes(*, viewer, params: SearchParams, understand: bool = True) -> SearchPage:
    query = parse(params.q, understand=understand)
    if query.empty:
        return SearchPage(items=[], next_cursor=None, query=query, params=params)
    order = params.sort
    state = _decode(params.cursor, order)
    member = viewer is not None and viewer.is_authenticated
    hidden = _hidden_authors(viewer) if member and params.scope != "mine" else []  # one query per search
    filters = _note_filters(viewer, params, hidden)
    backend = get_backend()
    mode = state.get("m", "all")
    after, span = state.get("a"), state.get("w")
    if order == "relevance" and state and not _valid_span(span):
        raise bad_cursor()
    relaxed = mode == "any"
    found: list = []
    more = False
    pending = None  # hits of a span just found (finding it scored it)
    for _round in range(MAX_ROUNDS * 2):
        want = params.size - len(found)
        limit = want * 2 + 4
        if pending is not None:
            hits, pending = pending, None
        elif order != "relevance":
            hits = backend.ordered(table=NOTES, query=query, filters=filters, order=order, limit=limit,
                                   after=after, mode=mode)
        else:
            if span is None:
                span, hits = _span_below(backend, query=query, filters=filters, hi=None, mode=mode, limit=limit)
            else:
                hits = _span_hits(backend, query=query, filters=filters, span=span, limit=limit, after=after,
                                  mode=mode)
        if not hits and not found and not state and mode == "all" and len(query.concepts) > 1:
            mode, relaxed, span, after = "any", True, None, None  # nothing has every word: show some of them
            continue
        checked = 0
        while checked < len(hits) and len(found) < params.size:
            # The live rows of only as many hits as the page still needs (and a few more: some may be
            # gone or hidden), then of the next ones if it must: a card's row is the costliest read here.
            chunk = hits[checked:checked + params.size - len(found) + LIVE_SPARE]
            checked += len(chunk)
            live = _live_notes(viewer, params, [h.id for h in chunk], hidden)
            for hit in chunk:
                after = (hit.sort_value if order != "relevance" else hit.score, hit.id)
                note = live.get(hit.id)
                if note is None or (_stale(note) and not _still_matches(note, query)):
                    continue
                note.search_score = hit.score
                found.append(note)
                if len(found) == params.size:
                    break
        if len(found) >= params.size:
            more = True
            break
        if len(hits) >= limit:
            continue  # more candidates past the last one
        if order == "relevance" and span is not None and span["lo"] is not None:
            span, pending = _span_below(backend, query=query, filters=filters, hi=span["lo"], mode=mode,
                                        limit=limit)
            after = None
            if span is not None:
                continue
        break
    next_cursor = None
    if more and after is not None:
        value = after[0].isoformat() if isinstance(after[0], datetime) else after[0]
        next_cursor = _encode({"o": order, "m": mode, "a": [value, after[1]], "w": span})
    return SearchPage(items=found, next_cursor=next_cursor, query=query, params=params, relaxed=relaxed)


# --- members and topics -------------------------------------------------------------------------------------------
def _search_table(table, query, params: SearchParams, live_rows) -> SearchPage:
    state = _decode(params.cursor, "relevance")
    after = state.get("a")
    backend = get_backend()
    found: list = []
    more = False
    for _round in range(MAX_ROUNDS):
        want = params.size - len(found)
        hits, _scored, _lowest = backend.relevance(table=table, query=query, filters=Filters(), limit=want * 2 + 4,
                                                   after=after)
        live = live_rows([h.id for h in hits])
        for hit in hits:
            after = (hit.score, hit.id)
            if hit.id in live:
                found.append(live[hit.id])
                if len(found) == params.size:
                    break
        if len(found) >= params.size:
            more = True
            break
        if len(hits) < want * 2 + 4:
            break
    next_cursor = _encode({"o": "relevance", "m": "all", "a": list(after), "w": None}) if more and after else None
    return SearchPage(items=found, next_cursor=next_cursor, query=query, params=params)


def search_users(*, viewer, params: SearchParams) -> SearchPage:
    from redleaf.accounts.models import User
    from redleaf.accounts.selectors import blocked_either_ids

    query = parse(params.q)
    if query.empty:
        return SearchPage(items=[], next_cursor=None, query=query, params=params)
    blocked = set(blocked_either_ids(viewer))

    def live(ids):
        qs = User.objects.filter(pk__in=ids, is_active=True).exclude(pk__in=blocked).select_related("avatar")
        return {u.pk: u for u in qs}

    return _search_table(USERS, query, params, live)


def _public_use(topic):
    """The newest public note of a topic (a guest may see it), as a subquery on `topic` (an outer column
    holding the topic's id). Looked for along the (topic, published_at) index, stopping at the first: an
    EXISTS lets PostgreSQL's planner gather every use of a busy topic first (a bitmap of ~10k rows per
    topic on the bulk data, 25 ms for a page of suggestions, depending on its statistics of the day)."""
    from redleaf.notes.models import Audience, NoteState, NoteTopic

    return (NoteTopic.objects.filter(topic=topic, published_at__isnull=False, note__state=NoteState.PUBLISHED,
                                     note__limited=False, note__audience=Audience.PUBLIC,
                                     note__author__is_active=True)
            .order_by("-published_at").values("pk")[:1])


def public_topics():
    """Topics with at least one public note a guest may see."""
    from redleaf.notes.models import Topic

    return Topic.objects.filter(notes_count__gt=0).alias(public_use=Subquery(_public_use(OuterRef("pk")))).filter(
        public_use__isnull=False)


def search_topics(*, viewer, params: SearchParams) -> SearchPage:
    query = parse(params.q)
    if query.empty:
        return SearchPage(items=[], next_cursor=None, query=query, params=params)

    def live(ids):
        return {t.pk: t for t in public_topics().filter(pk__in=ids)}

    return _search_table(TOPICS, query, params, live)


def search(*, viewer, params: SearchParams) -> SearchPage:
    if params.type == "users":
        return search_users(viewer=viewer, params=params)
    if params.type == "topics":
        return search_topics(viewer=viewer, params=params)
    return search_notes(viewer=viewer, params=params)


# --- suggestions and the hot list ------------------------------------------------------------------------------
@dataclass
class SuggestionItem:
    kind: str
    label: str
    ref: str
    url: str = ""


SUGGEST_CACHE_SECONDS = 30
SUGGEST_VERSION_KEY = "search:suggest:version"  # services.suggestions_changed() gives it a new value


def suggestions(*, viewer, prefix: str, limit: int = 8) -> list[SuggestionItem]:
    """What to offer while the member types: hot searches and topics that start with it (as written, or
    by pinyin: "mao" → 猫咪, "xlb" → 小笼包), then members. Hidden hot searches are never offered.

    What a prefix offers is the same for everyone but the members one blocked (or who blocked one):
    where the cache is shared by every process (Redis), it is kept SUGGEST_CACHE_SECONDS under the
    prefix with the suggestions' version, which anything that takes a suggestion away changes at once
    (services.suggestions_changed: a hot search hidden, a member suspended, a note made private,
    removed or edited, which may leave a topic without public notes). Blocks are applied live."""
    key = analysis.suggestion_key(analysis.pinyin_v(prefix[:200], prefix=True)) if isinstance(prefix, str) else ""
    if not key or not analysis.safe_term(key[:1]) and not any(ch.isalnum() for ch in key):
        return []
    rows, vocabulary = _suggestions_for(key, limit)
    blocked: set[str] = set()
    # Blocks are a second query, and only when a member is among the rows: in the suggestion query (an
    # Exists on Block) they cost more to compile in Django than the round trip they save.
    if any(row[0] == Suggestion.Kind.USER for row in rows) and viewer is not None and viewer.is_authenticated:
        from redleaf.accounts.selectors import blocked_either_ids

        blocked = {str(i) for i in blocked_either_ids(viewer)}
    words, people = _sorted_suggestions(rows, blocked)
    room = limit - min(3, len(people)) - len(words)
    if room > 0:
        words += vocabulary[:room]
    return (words[: limit - min(3, len(people))] + people[:3])[:limit]


def _sorted_suggestions(rows, blocked: set[str]) -> tuple[list[SuggestionItem], list[SuggestionItem]]:
    seen: set[tuple[str, str]] = set()
    words, people = [], []
    for kind, ref, label, target in rows:
        person = kind == Suggestion.Kind.USER
        mark = (kind, ref) if person else ("word", label)
        if mark in seen or (person and ref in blocked):
            continue
        seen.add(mark)
        (people if person else words).append(SuggestionItem(kind=kind, label=label, ref=ref, url=target))
    return words, people


def _suggestions_for(key: str, limit: int) -> tuple[list[tuple], list[SuggestionItem]]:
    """The rows a prefix offers (topics only while public) and the vocabulary words that may follow
    them, from the shared cache when it holds them at the current version."""
    from django.core.cache import cache

    from redleaf.core import caching

    shared = caching.shared_cache()
    if shared:
        entry_key = f"search:suggest:{limit}:{hashlib.blake2b(key.encode(), digest_size=12).hexdigest()}"
        got = cache.get_many([entry_key, SUGGEST_VERSION_KEY])
        version, entry = got.get(SUGGEST_VERSION_KEY, ""), got.get(entry_key)
        if isinstance(entry, tuple) and len(entry) == 3 and entry[0] == version:
            return entry[1], entry[2]
    rows = _suggestion_rows(key, limit)
    words, people = _sorted_suggestions(rows, set())
    room = limit - len(words)  # the most vocabulary a viewer may see (when they blocked every member shown)
    vocabulary = _vocabulary_suggestions(key, room, {w.label for w in words}) if room > 0 and len(key) >= 2 else []
    if shared:
        cache.set(entry_key, (version, rows, vocabulary), SUGGEST_CACHE_SECONDS)
    return rows, vocabulary


def _starts_with(field: str, key: str):
    """`field` starts with `key`, as the index answers it: LIKE on PostgreSQL (its pattern index), a range
    on SQLite (its LIKE is case-blind and uses no index)."""
    from django.db import connection
    from django.db.models import Q

    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": key})
    return Q(**{f"{field}__gte": key, f"{field}__lt": key + "\U0010ffff"})


def _suggestion_queryset(key: str, limit: int, length: int):
    """A prefix's suggestion rows, best first, each topic with its newest public note (None: not offered)."""
    from django.db.models import BigIntegerField, Case, When
    from django.db.models.functions import Cast

    qs = Suggestion.objects.all()
    if length <= 3:  # every row of that index entry starts with the prefix: walked in weight order
        qs = qs.filter(**{{1: "first", 2: "head", 3: "head3"}[length]: key})
    else:
        qs = qs.filter(_starts_with("key", key))
    public = Subquery(_public_use(Cast(OuterRef("ref"), BigIntegerField())))
    shown = Case(When(kind=Suggestion.Kind.TOPIC, ref__regex=r"^[0-9]+$", then=public), default=None,
                 output_field=BigIntegerField())
    return qs.annotate(public_use=shown).order_by("-weight").values_list(
        "kind", "ref", "label", "target", "public_use")[: limit * 4]


_SUGGESTION_ROWS = Compiled(_suggestion_queryset)


def _suggestion_rows(key: str, limit: int) -> list[tuple]:
    """Live: a topic whose last public note went private, was limited or deleted is not offered. One
    query, its SQL made once per process (core/compiled.py)."""
    rows = _SUGGESTION_ROWS.rows(key, limit, min(len(key), 4))
    return [row[:4] for row in rows if row[0] != Suggestion.Kind.TOPIC or row[4] is not None]


def _vocabulary_queryset(key: str, limit: int, ascii_key: bool):
    from django.db.models import Q

    from redleaf.search.models import Term

    condition = (_starts_with("pinyin", key) | Q(initials=key)) if ascii_key else _starts_with("term", key)
    return (Term.objects.filter(condition, df__gt=1).exclude(pinyin="").order_by("-df")
            .values_list("term")[:limit])


_VOCABULARY = Compiled(_vocabulary_queryset)


def _vocabulary_suggestions(key: str, limit: int, taken: set[str]) -> list[SuggestionItem]:
    """Chinese words the notes use, by their pinyin or initials (xlb → 小笼包) or as written, commonest first."""
    from urllib.parse import urlencode

    from django.urls import reverse

    url = reverse("search:search")
    rows = _VOCABULARY.rows(key, limit + len(taken), key.isascii())
    return [SuggestionItem(kind="word", label=term, ref=term, url=f"{url}?{urlencode({'q': term})}")
            for (term,) in rows if term not in taken][:limit]


def hot_list(*, limit: int = 10, include_hidden: bool = False) -> list[HotQuery]:
    """Trending searches now, hottest first; `current` is each one's value today (ranking.hot_value)."""
    from redleaf.search.ranking import hot_value

    now = timezone.now()
    qs = HotQuery.objects.filter(searches__gte=settings.SEARCH_HOT_MIN_SEARCHERS)
    if not include_hidden:
        qs = qs.filter(hidden=False)
    rows = list(qs.order_by("-heat", "key")[:limit])
    for row in rows:
        row.current = hot_value(row.heat, now=now)
    return rows


def boards_of(member) -> list:
    """The member's boards, for the "in my boards" filter."""
    from redleaf.engagement.models import Board

    return list(Board.objects.filter(owner=member).order_by("-is_default", "name")[:100])
