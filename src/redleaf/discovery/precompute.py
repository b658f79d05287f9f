"""What the worker prepares so a feed page only reads: candidate pools (trending, fresh notes from new
creators, well-received notes per language, popular notes per topic), co-engagement neighbours per
note, and each note's conversation signals.

How it is kept fresh (no scheduler needed):
- pools (and related topics): a page that finds them older than POOL_MAX_AGE_MINUTES (or missing) asks
  for a refresh;
  `request_refresh` lets one request enqueue the task however many notice, and a member's rare topic
  with no pool gets its own small refresh the same way;
- neighbours: asked for when a member likes or collects a note (it becomes a seed of theirs) and when
  a page finds a seed's neighbours missing or older than NEIGHBOURS_MAX_AGE_MINUTES;
- signals: marked dirty by any comment, like, collect, report or hide on the note and recounted
  SIGNALS_DELAY_SECONDS later, once for the whole burst (debounced);
- feed sessions older than SESSION_KEEP_HOURS are pruned by the pools refresh."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils import timezone

from redleaf.core import caching
from redleaf.discovery import selectors
from redleaf.discovery import weights as W
from redleaf.discovery.models import FeedSession, Mark, NoteSignals, Pool, Refresh
from redleaf.discovery.tone import HOSTILE, POSITIVE, tone
from redleaf.engagement.models import Collect, Comment, CommentState, Like
from redleaf.notes.models import Audience, Note, NoteState, NoteTopic, Topic


def _recommendable(since: datetime | None = None):
    """Notes explore may recommend to anyone: published, public, not limited, by an active member."""
    qs = Note.objects.filter(state=NoteState.PUBLISHED, audience=Audience.PUBLIC, limited=False,
                             author__is_active=True)
    if since is not None:
        qs = qs.filter(published_at__gte=since)
    return qs


def engagement(likes: int, collects: int, comments: int, replies: int = 0) -> float:
    return (W.ENGAGEMENT_LIKE * likes + W.ENGAGEMENT_COLLECT * collects + W.ENGAGEMENT_COMMENT * comments
            + W.ENGAGEMENT_REPLY * replies)


def conversation_factor(signals: NoteSignals | None) -> float:
    """A multiplier for pool scores from a note's conversation: kind threads up, hostile ones down."""
    if signals is None:
        return 1.0
    n = signals.comments_scored
    trust = n / (n + W.TONE_TRUST) if n else 0.0
    positive = signals.positive / n if n else 0.0
    hostile = signals.hostile / n if n else 0.0
    lift = 1 + 0.5 * positive * trust + 0.3 * min(1.0, math.log1p(signals.cross_language_replies)
                                                  / math.log1p(W.CROSS_LANGUAGE_CAP))
    drop = (1 + hostile * trust) * (1 + math.log1p(signals.reports)) * (1 + 0.5 * math.log1p(signals.hides))
    return lift / drop


def _save_pools(pools: dict[str, list[int]], now: datetime) -> None:
    rows = [Pool(key=key, note_ids=",".join(map(str, ids)), refreshed_at=now) for key, ids in pools.items()]
    Pool.objects.bulk_create(rows, update_conflicts=True, unique_fields=["key"],
                             update_fields=["note_ids", "refreshed_at"], batch_size=200)


def _signals_for(note_ids: list[int]) -> dict[int, NoteSignals]:
    return {s.note_id: s for s in NoteSignals.objects.filter(note_id__in=note_ids)} if note_ids else {}


# --- pools ---------------------------------------------------------------------------------------
def trending_compute(now: datetime) -> list[int]:
    """Decayed engagement, moderated: (engagement + 1) / (hours since published + 2)^gravity over the
    last TRENDING_DAYS, times the conversation factor (reports and hostile threads pull it down)."""
    rows = list(_recommendable(now - timedelta(days=W.TRENDING_DAYS)).values_list(
        "id", "likes_count", "collects_count", "comments_count", "published_at"))
    scored = []
    for note_id, likes, collects, comments, published in rows:
        hours = max(0.0, (now - published).total_seconds() / 3600)
        scored.append(((engagement(likes, collects, comments) + 1) / (hours + 2) ** W.TRENDING_GRAVITY, note_id))
    scored.sort(reverse=True)
    top = scored[: W.TRENDING_SIZE * 2]
    signals = _signals_for([i for _s, i in top])
    top = sorted(((s * conversation_factor(signals.get(i)), i) for s, i in top), reverse=True)
    return [i for _s, i in top[: W.TRENDING_SIZE]]


def fresh_compute(now: datetime) -> list[int]:
    """Recent notes from new creators (joined lately, or with few notes): exploration, so new voices
    are seen. Newest and best-received first, one note per author."""
    new_author = Q(author__date_joined__gte=now - timedelta(days=W.NEW_CREATOR_DAYS)) | Q(
        author__notes_count__lte=W.NEW_CREATOR_MAX_NOTES)
    rows = list(_recommendable(now - timedelta(days=W.FRESH_DAYS)).filter(new_author).order_by("-published_at")
                .values_list("id", "author_id", "likes_count", "collects_count", "comments_count",
                             "published_at")[: W.FRESH_SIZE * 5])
    scored, authors = [], set()
    for note_id, author_id, likes, collects, comments, published in rows:
        if author_id in authors:
            continue
        authors.add(author_id)
        hours = max(0.0, (now - published).total_seconds() / 3600)
        scored.append((math.log1p(engagement(likes, collects, comments)) + 1 - hours / 72, note_id))
    scored.sort(reverse=True)
    return [i for _s, i in scored[: W.FRESH_SIZE]]


def popular_compute() -> list[str]:
    """The top of the popular backfill (the order explore's non-personalised feed uses): POPULAR_POOL_SIZE
    recommendable notes by explore score, as "id:score" (the exact score, so a session's window can
    move through the pool as it would through the database)."""
    rows = _recommendable().order_by("-hot_score", "-id").values_list("id", "hot_score")[: W.POPULAR_POOL_SIZE]
    return [f"{note_id}:{score!r}" for note_id, score in rows]


def language_pools_compute(now: datetime) -> dict[str, list[int]]:
    """Per language, the best-received recent notes written in it (the language bridge)."""
    rows = list(_recommendable(now - timedelta(days=W.LANGUAGE_POOL_DAYS)).order_by("-hot_score", "-id")
                .annotate(sample=Substr("body", 1, selectors.LANGUAGE_SAMPLE))
                .values_list("id", "languages", "title", "sample", "likes_count", "collects_count",
                             "comments_count")[: W.LANGUAGE_POOL_SCAN])
    signals = _signals_for([r[0] for r in rows])
    by_language: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for note_id, languages, title, sample, likes, collects, comments in rows:
        known = signals.get(note_id)
        language = (known.language if known and known.language else
                    selectors.note_language(languages, f"{title}\n{sample}"))
        if language:
            score = math.log1p(engagement(likes, collects, comments)) * conversation_factor(known)
            by_language[language].append((score, note_id))
    return {f"lang:{lang}": [i for _s, i in sorted(scored, reverse=True)[: W.LANGUAGE_POOL_SIZE]]
            for lang, scored in by_language.items()}


def topic_pool_compute(topic_id: int, now: datetime) -> list[int]:
    """Popular in a topic: its recent public notes by explore score (engagement with freshness)."""
    rows = (NoteTopic.objects.filter(topic_id=topic_id, published_at__gte=now - timedelta(days=W.TOPIC_POOL_DAYS),
                                     note__state=NoteState.PUBLISHED, note__audience=Audience.PUBLIC,
                                     note__limited=False, note__author__is_active=True)
            .order_by("-note__hot_score", "-note_id").values_list("note_id", flat=True)[: W.TOPIC_POOL_SIZE])
    ids = list(rows)
    if len(ids) < 10:  # a quiet topic: its older notes too
        ids = list(NoteTopic.objects.filter(topic_id=topic_id, note__state=NoteState.PUBLISHED,
                                            note__audience=Audience.PUBLIC, note__limited=False,
                                            note__author__is_active=True)
                   .order_by("-note__hot_score", "-note_id").values_list("note_id", flat=True)[: W.TOPIC_POOL_SIZE])
    return ids


def related_topics_compute(now: datetime) -> dict[str, list[str]]:
    """For each topic, the topics most often written on the same recent notes, scored like a cosine
    (notes with both / sqrt(notes with one · notes with the other)): #探店 goes with #美食. One
    self-join over the last TOPIC_POOL_DAYS of note topics, in the database."""
    from django.db import connection

    since = now - timedelta(days=W.TOPIC_POOL_DAYS)
    counts = dict(NoteTopic.objects.filter(published_at__gte=since).values_list("topic_id")
                  .annotate(n=Count("id")).order_by())
    table = NoteTopic._meta.db_table  # our own model's table name, never input
    with connection.cursor() as cursor:
        cursor.execute(f"""SELECT a.topic_id, b.topic_id, COUNT(*) FROM {table} a
                           JOIN {table} b ON a.note_id = b.note_id AND a.topic_id < b.topic_id
                           WHERE a.published_at >= %s GROUP BY a.topic_id, b.topic_id""",  # noqa: S608
                       [connection.ops.adapt_datetimefield_value(since)])
        pairs = cursor.fetchall()
    related: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for a, b, n in pairs:
        score = n / math.sqrt(max(1, counts.get(a, 0)) * max(1, counts.get(b, 0)))
        related[a].append((score, b))
        related[b].append((score, a))
    return {f"tn:{topic}": [f"{other}:{score:.4f}" for score, other in sorted(others, reverse=True)
                            [: W.RELATED_TOPICS_KEPT]] for topic, others in related.items()}


def pools_refresh(*, now: datetime | None = None, progress=None, force: bool = True) -> dict[str, int]:
    """Recompute every pool (and prune old sessions). Returns the size of each pool. With
    force=False (the worker's task) a refresh made in the last minute is not redone."""
    now = now or timezone.now()
    if not force and Refresh.objects.filter(name="pools", done_at__gte=now - timedelta(minutes=1)).exists():
        return {}
    pools: dict[str, list[int]] = {"trending": trending_compute(now), "fresh": fresh_compute(now),
                                   "popular": popular_compute()}
    pools.update(language_pools_compute(now))
    related = related_topics_compute(now)
    topics = list(Topic.objects.filter(notes_count__gt=0).order_by("-notes_count", "id")
                  .values_list("id", flat=True)[: W.TOPIC_POOLS])
    for topic_id in topics:
        pools[f"topic:{topic_id}"] = topic_pool_compute(topic_id, now)
        if progress:
            progress()
    # Signals for what the pools hold that was never counted, so their tone is known from now on.
    pooled = {_note_id(i) for ids in pools.values() for i in ids}
    counted = set(NoteSignals.objects.filter(note_id__in=pooled, computed_at__isnull=False)
                  .values_list("note_id", flat=True)) if pooled else set()
    signals_compute(sorted(pooled - counted), now=now)
    with transaction.atomic():
        _save_pools({**pools, **related}, now)
        Pool.objects.filter(key__startswith="lang:").exclude(key__in=list(pools)).delete()
        Pool.objects.filter(key__startswith="tn:").exclude(key__in=list(related)).delete()
        Pool.objects.filter(key__startswith="nb:", refreshed_at__lt=now - timedelta(days=1)).delete()
        _mark_done("pools", now)
    sessions_prune(now=now)
    if caching.shared_cache():
        caches_warm(pools)
    return {key: len(ids) for key, ids in pools.items()}


def _note_id(item) -> int:
    """A pool's item: a note id, or "id:score"."""
    return item if isinstance(item, int) else int(str(item).partition(":")[0])


def caches_warm(pools: dict[str, list[int]], *, cards_limit: int = W.WARM_CARDS) -> tuple[int, int]:
    """Put what pages will read about the pooled notes in the cache before they ask: every pooled
    note's features (pipeline/features.py, kept as long as the pools are) and the cards of the
    notes pages take first (the heads of the pools, in turn, up to `cards_limit`). Returns how many
    of each were written."""
    from redleaf.discovery.pipeline import features
    from redleaf.notes import cards

    pooled = list(dict.fromkeys(_note_id(i) for ids in pools.values() for i in ids))
    for start in range(0, len(pooled), 1000):
        features.read(pooled[start:start + 1000], timeout=W.POOL_MAX_AGE_MINUTES * 60 + 120)
    heads: list[int] = []
    order = sorted(pools, key=lambda k: (not k.startswith(("popular", "trending", "fresh", "lang:")), k))
    depth = 0
    while len(heads) < cards_limit and depth < max((len(v) for v in pools.values()), default=0):
        for key in order:
            heads.extend(_note_id(i) for i in pools[key][depth:depth + 20])
        depth += 20
    heads = list(dict.fromkeys(heads))[:cards_limit]
    for start in range(0, len(heads), 500):
        cards.warm(heads[start:start + 500])
    return len(pooled), len(heads)


def topic_pools_refresh(*, topic_ids: list[int], now: datetime | None = None) -> None:
    now = now or timezone.now()
    pools = {f"topic:{t}": topic_pool_compute(t, now) for t in topic_ids}
    with transaction.atomic():
        _save_pools(pools, now)
        for topic_id in topic_ids:
            _mark_done(f"topic:{topic_id}", now)


def sessions_prune(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    _total, deleted = FeedSession.objects.filter(last_at__lt=now - timedelta(hours=W.SESSION_KEEP_HOURS)).delete()
    Refresh.objects.filter(requested_at__lt=now - timedelta(days=1)).exclude(name="pools").delete()
    return deleted.get(FeedSession._meta.label, 0)  # sessions (their pages went with them)


# --- debounced refreshes -------------------------------------------------------------------------
def request_refresh(name: str, enqueue, *, now: datetime | None = None, every_minutes: float = 5) -> bool:
    """Enqueue `enqueue()` (after commit) unless a refresh of `name` was asked for in the last
    `every_minutes`. One UPDATE decides among racing requests. True if this call enqueued it."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=every_minutes)
    won = Refresh.objects.filter(Q(requested_at__isnull=True) | Q(requested_at__lt=cutoff), name=name).update(
        requested_at=now)
    if not won:
        _row, created = Refresh.objects.get_or_create(name=name, defaults={"requested_at": now})
        if not created:
            return False
    transaction.on_commit(enqueue)
    return True


def _mark_done(name: str, now: datetime) -> None:
    Refresh.objects.update_or_create(name=name, defaults={"done_at": now})


# --- co-engagement neighbours --------------------------------------------------------------------
def neighbours_compute(note_id: int, *, now: datetime | None = None) -> list[tuple[int, float]]:
    """"Members who collected this also collected": the notes the latest engagers of `note_id` also
    collected (weight 2) or liked (weight 1), scored like a cosine, count / sqrt(n_this · n_that),
    so a note everyone likes does not neighbour everything."""
    now = now or timezone.now()
    engagers = set(Collect.objects.filter(note_id=note_id).order_by("-id")
                   .values_list("user_id", flat=True)[: W.NEIGHBOUR_ENGAGERS])
    engagers |= set(Like.objects.filter(note_id=note_id).order_by("-id")
                    .values_list("user_id", flat=True)[: W.NEIGHBOUR_ENGAGERS])
    co: Counter = Counter()
    if engagers:
        items: dict[int, list[tuple[datetime, int, int]]] = defaultdict(list)
        for model, weight in ((Collect, 2), (Like, 1)):
            for user_id, other, at in (model.objects.filter(user_id__in=engagers).exclude(note_id=note_id)
                                       .values_list("user_id", "note_id", "created_at")):
                items[user_id].append((at, other, weight))
        for entries in items.values():
            entries.sort(reverse=True)  # each engager's latest first
            seen: set[int] = set()
            for _at, other, weight in entries[: W.NEIGHBOUR_ITEMS_PER_ENGAGER]:
                if other not in seen:
                    seen.add(other)
                    co[other] += weight
    pairs: list[tuple[int, float]] = []
    if co:
        popular = dict(_recommendable().filter(pk__in=list(co)).annotate(
            n=F("likes_count") + F("collects_count")).values_list("id", "n"))
        n_this = max(1, len(engagers))
        pairs = sorted(((other, co[other] / math.sqrt(n_this * max(1, popular[other])))
                        for other in co if other in popular), key=lambda p: -p[1])[: W.NEIGHBOURS_KEPT]
    _save_pools({f"nb:{note_id}": [f"{other}:{score:.4f}" for other, score in pairs]}, now)
    return pairs


def refreshes_request(names: list[str], *, now: datetime | None = None) -> list[str]:
    """Ask the worker to remake these stale pieces ("pools", "topic:<id>", "nb:<note id>"), each at
    most once per POOL_MAX_AGE_MINUTES: two queries for the lot, none when nothing is stale. Two
    racing pages may both ask; the work is idempotent (and pools_refresh skips a run that just
    happened). Returns the names asked for."""
    from redleaf.discovery import tasks

    names = list(dict.fromkeys(names))
    if not names:
        return []
    now = now or timezone.now()
    recent = set(Refresh.objects.filter(name__in=names, requested_at__gte=now - timedelta(
        minutes=W.POOL_MAX_AGE_MINUTES)).values_list("name", flat=True))
    asked = [name for name in names if name not in recent]
    if not asked:
        return []
    Refresh.objects.bulk_create([Refresh(name=name, requested_at=now) for name in asked], update_conflicts=True,
                                unique_fields=["name"], update_fields=["requested_at"])
    topics = [int(name[6:]) for name in asked if name.startswith("topic:")]
    notes = [int(name[3:]) for name in asked if name.startswith("nb:")]

    def enqueue():
        if "pools" in asked:
            tasks.pools_refresh.enqueue()
        if topics:
            tasks.topic_pools_refresh.enqueue(topic_ids=topics)
        if notes:
            tasks.neighbours_refresh.enqueue(note_ids=notes)

    transaction.on_commit(enqueue)
    return asked


# --- conversation signals ------------------------------------------------------------------------
def signals_touch(note_id: int, *, now: datetime | None = None) -> bool:
    """Something changed under a note: recount its signals soon, once for a whole burst."""
    from redleaf.discovery import tasks

    now = now or timezone.now()
    if NoteSignals.objects.filter(note_id=note_id, dirty_since__isnull=False).exists():
        return False
    updated = NoteSignals.objects.filter(note_id=note_id, dirty_since__isnull=True).update(dirty_since=now)
    if not updated:
        if not Note.objects.filter(pk=note_id).exists():
            return False  # deleted meanwhile
        _row, created = NoteSignals.objects.get_or_create(note_id=note_id, defaults={"dirty_since": now})
        if not created:
            return False
    run_after = now + timedelta(seconds=W.SIGNALS_DELAY_SECONDS)
    transaction.on_commit(lambda: tasks.signals_refresh.using(run_after=run_after).enqueue(note_ids=[note_id]))
    return True


def signals_compute(note_ids: list[int], *, now: datetime | None = None) -> int:
    """Count each note's conversation: positive and hostile comments among the latest SIGNALS_COMMENTS
    (a removed comment is hostile; so is one review's checks found hostile), replies between members
    who share no language, reports and hides. Returns how many notes were counted."""
    from redleaf.accounts.models import User

    now = now or timezone.now()
    done = 0
    for start in range(0, len(note_ids), 500):
        chunk = note_ids[start:start + 500]
        notes = {i: (languages, f"{title}\n{sample}") for i, languages, title, sample in
                 Note.objects.filter(pk__in=chunk).annotate(sample=Substr("body", 1, selectors.LANGUAGE_SAMPLE))
                 .values_list("id", "languages", "title", "sample")}
        comments = list(Comment.objects.filter(note_id__in=list(notes)).exclude(state=CommentState.PENDING)
                        .order_by("-id").values_list("id", "note_id", "author_id", "parent_id", "reply_to_user_id",
                                                     "text", "state", "languages"))
        per_note: dict[int, list] = defaultdict(list)
        for row in comments:
            if len(per_note[row[1]]) < W.SIGNALS_COMMENTS:
                per_note[row[1]].append(row)
        kept = [row for rows in per_note.values() for row in rows]
        by_id = {row[0]: row for row in kept}
        people = {row[2] for row in kept} | {row[4] for row in kept if row[4]}
        parents = {row[3] for row in kept if row[3] and row[3] not in by_id}
        parent_authors = dict(Comment.objects.filter(pk__in=parents).values_list("id", "author_id")) if parents else {}
        people |= set(parent_authors.values())
        spoken = {pk: set(langs or []) for pk, langs in User.objects.filter(pk__in=people)
                  .values_list("id", "languages")} if people else {}
        flagged = selectors.comments_flagged_hostile([row[0] for row in kept], threshold=0.5)
        reports = selectors.report_counts(list(notes))
        hides = dict(Mark.objects.filter(note_id__in=list(notes), kind=Mark.Kind.HIDE).values_list("note_id")
                     .annotate(n=Count("id")).order_by())
        rows = []
        for note_id, (languages, text) in notes.items():
            counts = _conversation(per_note.get(note_id, []), by_id, parent_authors, spoken, flagged)
            rows.append(NoteSignals(note_id=note_id, language=selectors.note_language(languages, text),
                                    reports=reports.get(note_id, 0), hides=hides.get(note_id, 0),
                                    computed_at=now, dirty_since=None, **counts))
        NoteSignals.objects.bulk_create(rows, update_conflicts=True, unique_fields=["note"], update_fields=[
            "language", "comments_scored", "positive", "hostile", "replies", "cross_language_replies",
            "reports", "hides", "computed_at", "dirty_since"])
        done += len(rows)
    return done


def _conversation(rows, by_id, parent_authors, spoken, flagged) -> dict[str, int]:
    positive = hostile = replies = cross = scored = 0
    for comment_id, _note, author_id, parent_id, reply_to_user_id, text, state, languages in rows:
        scored += 1
        if state == CommentState.REMOVED or comment_id in flagged:
            hostile += 1
        else:
            judged = tone(text)
            positive += judged == POSITIVE
            hostile += judged == HOSTILE
        if parent_id:
            replies += 1
            parent = by_id.get(parent_id)
            answered = reply_to_user_id or (parent[2] if parent else parent_authors.get(parent_id))
            if answered and answered != author_id and _across_languages(
                    spoken.get(author_id, set()), spoken.get(answered, set()),
                    languages, parent[7] if parent else None):
                cross += 1
    return {"comments_scored": scored, "positive": positive, "hostile": hostile, "replies": replies,
            "cross_language_replies": cross}


def _across_languages(mine: set, theirs: set, my_text: list | None, their_text: list | None) -> bool:
    """A reply crosses languages when its author and the member answered share no language, or when
    the two comments are written in different languages."""
    if mine and theirs and not (mine & theirs):
        return True
    return bool(my_text and their_text and my_text[0] != their_text[0])

