"""Candidate sources. Each brings at most a few hundred note ids, cheaply: the precomputed pools are
read in one query, following and co-engagement in one each, the popular backfill in one. A source
says why it brought a note (its detail), which the reason on the card is made from.

- following:     recent notes of the members one follows;
- topics:        popular notes on the member's strongest topics (onboarding picks included);
- co_engagement: "members who collected this also collected", from the member's latest notes;
- trending:      decayed engagement, moderated (precompute.trending_compute);
- fresh:         recent notes of new creators, for exploration;
- bridge:        well-received notes in a language the member reads besides their first, or is learning;
- popular:       everything else by explore score, a window that slides down as the session goes on,
                 so a member can page through the whole site once."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q

from redleaf.core.pagination import cursor_values, encode_cursor
from redleaf.discovery import selectors
from redleaf.discovery import weights as W
from redleaf.discovery.pipeline.context import Candidate, Context
from redleaf.notes.models import Audience, Note, NoteState, NoteTopic

SEED_WEIGHT = {"collect": 2.0, "comment": 2.0, "like": 1.0, "long_view": 0.5}
POPULAR_ORDER = ("-hot_score", "-id")


def _add(found: dict[int, Candidate], note_id: int, source: str, detail: object = None) -> Candidate:
    candidate = found.get(note_id)
    if candidate is None:
        candidate = found[note_id] = Candidate(note_id=note_id)
    candidate.sources.setdefault(source, detail)
    return candidate


def _take(ids: list[int], ctx: Context, limit: int) -> list[int]:
    out = []
    for note_id in ids:
        if note_id not in ctx.served:
            out.append(note_id)
            if len(out) >= limit:
                break
    return out


def following(ctx: Context, found: dict[int, Candidate]) -> None:
    """The newest notes of followed members (kept in the cache a minute, per member and set of
    followees: a follow is felt at once)."""
    if not ctx.followees:
        return
    key = f"discovery:following:{ctx.viewer.pk}:{hash(frozenset(ctx.followees))}"
    rows = cache.get(key)
    if rows is None:
        since = ctx.now - timedelta(days=W.FOLLOWING_DAYS)
        rows = list(Note.objects.filter(author_id__in=list(ctx.followees), state=NoteState.PUBLISHED,
                                        published_at__gte=since).exclude(audience=Audience.ONLY_ME)
                    .order_by("-published_at").values_list("id", flat=True)[: W.FOLLOWING_LIMIT * 4])
        cache.set(key, rows, W.MEMBER_CACHE_SECONDS)
    for note_id in _take(rows, ctx, W.FOLLOWING_LIMIT):
        _add(found, note_id, "following")


def top_topics(ctx: Context, n: int = W.TOPIC_SOURCE_TOPICS) -> list[int]:
    """The member's strongest topics, onboarding picks among them, never one they asked to see less of."""
    less = {str(t) for t in ctx.profile.less_topics}
    ranked = sorted(((entry[0], int(key)) for key, entry in ctx.profile.topics.items()
                     if entry[0] > 0 and key not in less), reverse=True)
    return [topic_id for _w, topic_id in ranked[:n]]


def pool_keys(ctx: Context, topics: list[int]) -> list[str]:
    return ["trending", "fresh", "popular", *[f"lang:{lang}" for lang in bridge_languages(ctx)],
            *[f"topic:{t}" for t in topics]]


def bridge_languages(ctx: Context) -> list[str]:
    """Languages to bring well-received notes from: any the member reads besides their first, and
    any they said they are learning."""
    return [lang for lang in dict.fromkeys([*ctx.read_languages[1:], *ctx.learning_languages])
            if lang != ctx.primary_language]


def from_pools(ctx: Context, found: dict[int, Candidate], topics: list[int], pools: dict) -> None:
    stale = ctx.now - timedelta(minutes=W.POOL_MAX_AGE_MINUTES)
    if "trending" not in pools or any(p.refreshed_at < stale for k, p in pools.items() if not k.startswith("nb:")):
        ctx.stale.append("pools")
    for key, limit, source in (("trending", W.TRENDING_LIMIT, "trending"), ("fresh", W.FRESH_LIMIT, "fresh")):
        if key in pools:
            for note_id in _take(pools[key].ids(), ctx, limit):
                _add(found, note_id, source)
    for lang in bridge_languages(ctx):
        pool = pools.get(f"lang:{lang}")
        if pool is not None:
            for note_id in _take(pool.ids(), ctx, W.BRIDGE_LIMIT):
                _add(found, note_id, "bridge", lang)
    missing = []
    for topic_id in topics:
        pool = pools.get(f"topic:{topic_id}")
        if pool is None:
            missing.append(topic_id)
            continue
        for note_id in _take(pool.ids(), ctx, W.TOPIC_SOURCE_PER_TOPIC):
            _add(found, note_id, "topic", topic_id)
    if missing:
        _topics_direct(ctx, found, missing)
        ctx.stale.extend(f"topic:{t}" for t in missing)


def _topics_direct(ctx: Context, found: dict[int, Candidate], topics: list[int]) -> None:
    """A topic with no pool yet (new, or rare): its newest public notes, straight from the index."""
    rows = (NoteTopic.objects.filter(topic_id__in=topics, published_at__isnull=False,
                                     note__state=NoteState.PUBLISHED, note__audience=Audience.PUBLIC)
            .order_by("-published_at").values_list("note_id", "topic_id")
            [: W.TOPIC_SOURCE_PER_TOPIC * len(topics) + len(ctx.served) // 4])
    taken = 0
    for note_id, topic_id in rows:
        if note_id not in ctx.served:
            _add(found, note_id, "topic", topic_id)
            taken += 1
            if taken >= W.TOPIC_SOURCE_PER_TOPIC * len(topics):
                break


def seeds_of(ctx: Context) -> list[tuple[int, str, str]]:
    """The member's latest positive notes: (note id, what they did, its title)."""
    return [(int(note_id), action, title) for note_id, action, title in ctx.profile.recent[: W.CO_ENGAGEMENT_SEEDS]]


def co_engagement(ctx: Context, found: dict[int, Candidate], seeds: list, pools: dict) -> None:
    """Neighbours of the member's latest positive notes, each weighted by what the member did there."""
    stale = ctx.now - timedelta(minutes=W.NEIGHBOURS_MAX_AGE_MINUTES)
    scores: dict[int, float] = {}
    best: dict[int, tuple[float, tuple[str, str]]] = {}
    for seed_id, action, title in seeds:
        row = pools.get(f"nb:{seed_id}")
        if row is None or row.refreshed_at < stale:
            ctx.stale.append(f"nb:{seed_id}")
        if row is None:
            continue
        weight = SEED_WEIGHT.get(action, 0.5)
        for other, score in row.pairs()[: W.CO_ENGAGEMENT_PER_SEED]:
            if other in ctx.served:
                continue
            scores[other] = scores.get(other, 0.0) + weight * score
            if other not in best or weight * score > best[other][0]:
                best[other] = (weight * score, (action, title))
    for other, score in sorted(scores.items(), key=lambda kv: -kv[1])[: W.CO_ENGAGEMENT_LIMIT]:
        candidate = _add(found, other, "co_engagement", best[other][1])
        candidate.co_engagement = score
        candidate.co_seed = best[other][1]


def popular(ctx: Context, found: dict[int, Candidate], *, skip: set[int], pools: dict | None = None) -> None:
    """The popular backfill: notes by explore score, from where this session's window starts. The
    window moves down past notes that are served or can never be (advance_popular, once the page is
    made), so every visible note comes round once in a long enough session."""
    session = ctx.session

    def visible():  # made only when the database must answer (Django takes a millisecond to build it)
        return ctx.visible.filter(audience=Audience.PUBLIC, limited=False).exclude(author_id=ctx.viewer.pk)

    start = session.popular_cursor or None
    if ctx.reload and start:
        # A reload deep into a session: what is popular now, at the top (new notes climb there):
        # the worker's "popular" pool (precompute.popular_compute), else the database.
        pool = (pools or {}).get("popular")
        top = pool.ids() if pool is not None else visible().order_by(*POPULAR_ORDER).values_list("id", flat=True)[
            : W.POPULAR_LIMIT]
        taken = 0
        for note_id in top:
            if note_id not in ctx.served and note_id not in skip:
                _add(found, note_id, "popular")
                taken += 1
                if taken >= W.POPULAR_LIMIT:
                    break
    if session.popular_done:
        return
    pool = (pools or {}).get("popular")
    pairs = pool.pairs() if pool is not None else []
    for _attempt in range(3):
        rows = _window_in_pool(pairs, start)
        if rows is None:  # past the pool (or none): the database
            window = visible()
            if start:
                score, note_id = cursor_values(Note, POPULAR_ORDER, start)
                window = window.filter(Q(hot_score__lt=score) | Q(hot_score=score, id__lt=note_id))
            rows = list(window.order_by(*POPULAR_ORDER).values_list("hot_score", "id")[: W.POPULAR_LIMIT])
        ctx.popular_rows, ctx.popular_full = rows, len(rows) >= W.POPULAR_LIMIT
        fresh = [note_id for _score, note_id in rows if note_id not in ctx.served and note_id not in skip]
        for note_id in fresh:
            _add(found, note_id, "popular")
        if fresh or not ctx.popular_full:
            break
        start = encode_cursor(list(rows[-1]))  # a whole window already served: look further down
    session.popular_cursor = start or ""


def _window_in_pool(pairs: list[tuple[int, float]], start: str | None) -> list[tuple[float, int]] | None:
    """The popular window from the worker's "popular" pool (the top POPULAR_POOL_SIZE notes in the
    same order, hot_score then id), when it lies wholly inside a full pool; None when the database
    must answer (a small site's pool may miss notes published since it was made, so only a full
    pool is trusted, and only above its last note). Notes the pool holds that this member may not
    see are dropped by the stages after, as the database's would be."""
    if len(pairs) < W.POPULAR_POOL_SIZE:
        return None
    index = 0
    if start:
        score, note_id = cursor_values(Note, POPULAR_ORDER, start)
        index = next((i for i, (other, other_score) in enumerate(pairs)
                      if other_score < score or (other_score == score and other < note_id)), len(pairs))
    rows = [(other_score, other) for other, other_score in pairs[index:index + W.POPULAR_LIMIT]]
    return rows if len(rows) == W.POPULAR_LIMIT else None


def advance_popular(ctx: Context, gone: set[int]) -> None:
    """Move the session's popular window past the notes at its top that are served or were dropped."""
    session = ctx.session
    if ctx.popular_rows is None:
        return
    last = None
    for score, note_id in ctx.popular_rows:
        if note_id not in gone:
            break
        last = (score, note_id)
    else:
        if not ctx.popular_full:
            session.popular_done = True
    if last is not None:
        session.popular_cursor = encode_cursor(list(last))


def related(ctx: Context, pools: dict) -> list[int]:
    """Topics often written with the member's strongest ones (precompute.related_topics_compute), with
    the affinity they borrow: TOPIC_RELATED of the strongest topic they go with, times how often. Sets
    ctx.related_topics; returns the best RELATED_SOURCE_TOPICS of them that the member has no weight on."""
    topics = ctx.profile.topics
    norm = max((abs(e[0]) for e in topics.values()), default=0.0) or 1.0
    less = {int(t) for t in ctx.profile.less_topics}
    out: dict[int, tuple[float, int]] = {}
    for topic_id in top_topics(ctx, W.RELATED_FROM):
        pool = pools.get(f"tn:{topic_id}")
        if pool is None:
            continue
        weight = topics[str(topic_id)][0] / norm
        for other, score in pool.pairs():
            if other in less or str(other) in topics:
                continue
            borrowed = weight * score * W.TOPIC_RELATED
            if borrowed > out.get(other, (0.0, 0))[0]:
                out[other] = (borrowed, topic_id)
    ctx.related_topics = out
    return [t for t, _v in sorted(out.items(), key=lambda kv: -kv[1][0])[: W.RELATED_SOURCE_TOPICS]]


def gather(ctx: Context, *, skip: set[int]) -> dict[int, Candidate]:
    found: dict[int, Candidate] = {}
    following(ctx, found)
    topics, seeds = top_topics(ctx), seeds_of(ctx)
    keys = pool_keys(ctx, topics) + [f"nb:{seed[0]}" for seed in seeds]
    keys += [f"tn:{t}" for t in top_topics(ctx, W.RELATED_FROM)]
    pools = selectors.pools(keys)  # one query for all the precomputed lists
    from_pools(ctx, found, topics, pools)
    extra = related(ctx, pools)
    if extra:  # popular notes on the best related topics too
        more = selectors.pools([f"topic:{t}" for t in extra])
        for topic_id in extra:
            pool = more.get(f"topic:{topic_id}")
            for note_id in _take(pool.ids() if pool else [], ctx, W.TOPIC_SOURCE_PER_TOPIC // 2):
                _add(found, note_id, "topic", topic_id)
    co_engagement(ctx, found, seeds, pools)
    popular(ctx, found, skip=skip, pools=pools)
    return found
