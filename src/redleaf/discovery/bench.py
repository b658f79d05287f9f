"""`redleaf bench recommend`: offline evaluation of explore on the seeded corpus.

A simulated population joins the site: members with a hidden mix of interests over the corpus's
subjects (food, pets, travel, ... — each note's subject is read back from the demo generator's
hashtags) and the languages they read. They open, like, collect and comment on notes by those
interests (and a little at random), over the last SPAN_DAYS days, as the real services record it.
Interactions are split in time: what happened before the split is written through the real services
and teaches the real interest profiles (services.interest_learn, as the event receivers call it); the
worker's precompute runs as in production; then each member's first explore page is made by the real
pipeline (pipeline/serve.py) and compared with what they engaged with after the split.
Baselines get the same training data: chronological (newest first), MostPopular (engagement counts)
and ItemKNN (item-to-item cosine over the training interactions).

Cold-start members join after the split: they answer onboarding (a topic or two of their main
subjects, their languages) and are measured after 0, 5 and 20 interactions, each time against their
next interactions.

The catalogue is the recommendable notes of the last weeks (a sample of at most --catalogue on big
data); for the run every other note is limited, so every method chooses among the same notes.
Everything happens in one transaction that is rolled back: the database is left as it was (on
SQLite the site's writers wait meanwhile)."""

from __future__ import annotations

import math
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from tqdm import tqdm

from redleaf.core.demo import content
from redleaf.core.text import topic_key

K = 20
SPAN_DAYS = 24  # interactions happen over this many days before now ...
TEST_DAYS = 5  # ... the last of which are held out
TEST_ITEMS = 15  # a member's truth: their next positive interactions (at most this many)
MIN_TEST = 3
NOISE = 0.12  # share of interactions on a random note, whatever the interests
METHODS = ("ours", "chronological", "mostpopular", "itemknn")


class _Rollback(Exception):
    pass


@dataclass
class Item:
    note_id: int
    subject: str | None
    language: str
    topics: frozenset
    topic_names: tuple
    published: datetime
    quality: float


@dataclass
class Member:
    index: int
    languages: list[str]
    mix: dict[str, float]
    cold: bool
    user: object = None
    events: list = field(default_factory=list)  # (time, note_id, actions)


# --- the corpus -------------------------------------------------------------------------------------
def subject_index() -> dict[str, Counter]:
    """Each hashtag the demo generator can write, folded, to the subjects it is written for."""
    index: dict[str, Counter] = defaultdict(Counter)
    for subject, languages in content.BANKS.items():
        for bank in languages.values():
            for template in bank["tags"]:
                names = re.findall(r"{(\w+)}", template)
                fills = [{}]
                for name in names:
                    fills = [dict(f, **{name: v}) for f in fills for v in bank["slots"].get(name, [])]
                for values in fills:
                    tag = template.format(**values).replace(" ", "") if names else template
                    index[topic_key(tag)][subject] += 1
    return index


def load_catalogue(limit: int, rng: random.Random, since: datetime) -> list[Item]:
    """Up to `limit` recommendable notes published since `since` (a sample when there are more: on the
    bulk data, a day's notes would be 5,000 alone)."""
    from redleaf.discovery import selectors
    from redleaf.discovery.precompute import _recommendable, engagement
    from redleaf.notes.models import Note, NoteTopic

    recent = _recommendable(since)
    ids = list(recent.order_by("id").values_list("id", flat=True))  # in order: the same sample for a seed
    if len(ids) > limit:
        ids = rng.sample(ids, limit)
    rows = []
    for start in range(0, len(ids), 2000):
        rows += list(Note.objects.filter(pk__in=ids[start:start + 2000]).values_list(
            "id", "title", "body", "languages", "published_at", "likes_count", "collects_count", "comments_count"))
    topics: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), 2000):
        for note_id, topic_id, name, key in NoteTopic.objects.filter(note_id__in=ids[start:start + 2000]).values_list(
                "note_id", "topic_id", "topic__name", "topic__key"):
            topics[note_id].append((topic_id, name, key))
    index = subject_index()
    items = []
    for note_id, title, body, languages, published, likes, collects, comments in sorted(rows):
        votes: Counter = Counter()
        for _tid, _name, key in topics[note_id]:
            votes.update(index.get(key, {}))
        subject = votes.most_common(1)[0][0] if votes else None
        items.append(Item(note_id=note_id, subject=subject,
                          language=selectors.note_language(languages, f"{title}\n{body[:200]}"),
                          topics=frozenset(t for t, _n, _k in topics[note_id]),
                          topic_names=tuple(n for _t, n, _k in topics[note_id]), published=published,
                          quality=math.log1p(engagement(likes, collects, comments))))
    return items


# --- the population -----------------------------------------------------------------------------------
def make_population(n_warm: int, n_cold: int, rng: random.Random, subjects: list[str]) -> list[Member]:
    members = []
    for i in range(n_warm + n_cold):
        weights = [rng.gammavariate(0.35, 1.0) for _ in subjects]
        total = sum(weights) or 1.0
        mix = {s: w / total for s, w in zip(subjects, weights, strict=True)}
        languages = rng.choices([["zh"], ["en"], ["zh", "en"]], [40, 40, 20])[0]
        members.append(Member(index=i, languages=languages, mix=mix, cold=i >= n_warm))
    return members


def simulate(member: Member, items: list[Item], rng: random.Random, start: datetime, end: datetime,
             count: int) -> None:
    """`count` interactions between `start` and `end`: a subject by the member's mix, then a note on
    it they can read, popular and recent ones likelier; now and then any note at all."""
    by_subject: dict[str, list[Item]] = defaultdict(list)
    readable = [it for it in items if it.language in member.languages or not it.language]
    for it in readable:
        by_subject[it.subject].append(it)
    subjects, weights = zip(*member.mix.items(), strict=True)
    times = sorted(start + (end - start) * rng.random() for _ in range(count))
    done: set[int] = set()
    for moment in times:
        pool = readable if rng.random() < NOISE else by_subject.get(rng.choices(subjects, weights)[0], [])
        pool = [it for it in pool if it.published <= moment and it.note_id not in done]
        if not pool:
            continue
        ages = [(moment - it.published).total_seconds() / 86400 for it in pool]
        chosen = rng.choices(pool, [(1 + it.quality) * 0.5 ** (age / 10) for it, age in zip(pool, ages, strict=True)])[0]
        done.add(chosen.note_id)
        actions = ["view"]
        if rng.random() < 0.6:
            actions.append("long_view")
        if rng.random() < 0.55:
            actions.append("like")
        if rng.random() < 0.3:
            actions.append("collect")
        if rng.random() < 0.08:
            actions.append("comment")
        member.events.append((moment, chosen.note_id, actions))


def positives(events) -> list[int]:
    return [note_id for _t, note_id, actions in events if len(actions) > 1]


# --- writing what happened, through the real services ---------------------------------------------------
def record(member: Member, events, notes: dict, rng: random.Random) -> None:
    from redleaf.discovery import services
    from redleaf.engagement import services as engagement

    user = member.user
    for moment, note_id, actions in events:
        note = notes[note_id]
        if "like" in actions:
            engagement.like_create(user=user, note=note)
        if "collect" in actions:
            engagement.collect_create(user=user, note=note)
        if "comment" in actions:
            language = member.languages[0]
            engagement.comment_create(author=user, note=note, text=rng.choice(content.COMMENTS[language]))
        # What the event receivers do after each of those commits, at the moment it happened.
        for action in actions:
            learned = "long_view" if action == "long_view" else action
            services.interest_learn(user_id=user.pk, note_id=note_id, action=learned, at=moment)


# --- methods ----------------------------------------------------------------------------------------
def ours(member: Member) -> list[int]:
    from redleaf.discovery import services
    from redleaf.discovery.models import FeedSession
    from redleaf.discovery.pipeline import serve

    FeedSession.objects.filter(user=member.user).delete()  # a new visit
    profile = services.profile_ensure(user=member.user)
    return [n.pk for n in serve.page(viewer=member.user, profile=profile, cursor=None, size=K).items]


class Baselines:
    def __init__(self, items: list[Item], train: dict[int, list[int]]):
        from redleaf.notes.models import Note

        self.items = items
        self.by_id = {it.note_id: it for it in items}
        self.newest = [it.note_id for it in sorted(items, key=lambda it: it.published, reverse=True)]
        counts = dict(Note.objects.filter(pk__in=list(self.by_id)).annotate(
            n=F("likes_count") + F("collects_count") + F("comments_count")).values_list("id", "n"))
        self.popular = sorted(self.by_id, key=lambda i: (-counts.get(i, 0), -i))
        users_of: dict[int, set[int]] = defaultdict(set)
        for user, notes in train.items():
            for note_id in notes:
                users_of[note_id].add(user)
        self.neighbours: dict[int, list[tuple[int, float]]] = {}
        co: dict[int, Counter] = defaultdict(Counter)
        for notes in train.values():
            unique = list(dict.fromkeys(notes))
            for a in unique:
                for b in unique:
                    if a != b:
                        co[a][b] += 1
        for a, others in co.items():
            scored = [(b, n / math.sqrt(len(users_of[a]) * len(users_of[b]))) for b, n in others.items()]
            self.neighbours[a] = sorted(scored, key=lambda p: -p[1])[:50]

    @staticmethod
    def _top(ranked, seen: set[int]) -> list[int]:
        return [i for i in ranked if i not in seen][:K]

    def chronological(self, seen: set[int]) -> list[int]:
        return self._top(self.newest, seen)

    def mostpopular(self, seen: set[int]) -> list[int]:
        return self._top(self.popular, seen)

    def itemknn(self, history: list[int], seen: set[int]) -> list[int]:
        scores: Counter = Counter()
        for note_id in history:
            for other, s in self.neighbours.get(note_id, []):
                if other in self.by_id:
                    scores[other] += s
        ranked = [i for i, _s in scores.most_common()]
        return self._top(ranked + [i for i in self.popular if i not in scores], seen)


# --- metrics ------------------------------------------------------------------------------------------
def ndcg(recommended: list[int], truth: set[int]) -> float:
    dcg = sum(1 / math.log2(rank + 2) for rank, i in enumerate(recommended[:K]) if i in truth)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(K, len(truth))))
    return dcg / ideal if ideal else 0.0


def recall(recommended: list[int], truth: set[int]) -> float:
    return len(set(recommended[:K]) & truth) / len(truth) if truth else 0.0


def intra_list_diversity(recommended: list[int], by_id: dict[int, Item]) -> float:
    """Mean topic dissimilarity (1 - Jaccard of the notes' topics) over the pairs in a list."""
    lists = [by_id[i].topics for i in recommended if i in by_id]
    pairs = [(a, b) for x, a in enumerate(lists) for b in lists[x + 1:]]
    if not pairs:
        return 0.0
    return sum(1 - (len(a & b) / len(a | b) if a | b else 1.0) for a, b in pairs) / len(pairs)


@dataclass
class Scores:
    ndcg: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    ild: list[float] = field(default_factory=list)
    shown: set[int] = field(default_factory=set)
    cold: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))

    def add(self, recommended: list[int], truth: set[int], by_id) -> None:
        self.ndcg.append(ndcg(recommended, truth))
        self.recall.append(recall(recommended, truth))
        self.ild.append(intra_list_diversity(recommended, by_id))
        self.shown.update(recommended)


def _mean(values) -> float:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else 0.0


# --- the run ------------------------------------------------------------------------------------------
def bench_recommend(*, members: int = 200, seed: int = 1, cold: int | None = None, catalogue: int = 5000,
                    interactions: tuple[int, int] = (30, 60), progress: bool = True) -> dict:
    started = time.perf_counter()
    result: dict = {}
    try:
        with transaction.atomic():
            result = _run(members=members, seed=seed, cold=members // 4 if cold is None else cold,
                          catalogue=catalogue, interactions=interactions, progress=progress)
            raise _Rollback
    except _Rollback:
        pass
    result["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _run(*, members: int, seed: int, cold: int, catalogue: int, interactions: tuple[int, int],
         progress: bool) -> dict:
    from redleaf.accounts.models import User
    from redleaf.discovery import precompute, services
    from redleaf.notes.models import Note

    rng = random.Random(f"recommend-{seed}")
    now = timezone.now()
    split = now - timedelta(days=TEST_DAYS)
    items = load_catalogue(catalogue, rng, now - timedelta(days=SPAN_DAYS + 7))
    subjects = sorted({it.subject for it in items if it.subject})
    if len(items) < 2 * K or not subjects:
        raise LookupError("too few notes to evaluate on: seed the database first (`redleaf seed`)")
    by_id = {it.note_id: it for it in items}
    _confine(list(by_id))
    notes = {n.pk: n for n in Note.objects.filter(pk__in=list(by_id))}
    population = make_population(members, cold, rng, subjects)
    for m in population:
        if m.cold:  # joins after the split
            simulate(m, items, rng, split, now, 20 + TEST_ITEMS + 10)
        else:
            simulate(m, items, rng, now - timedelta(days=SPAN_DAYS), now, rng.randint(*interactions))
    users = User.objects.bulk_create([User(username=f"sim{seed}_{m.index}", languages=m.languages,
                                           date_joined=now - timedelta(days=SPAN_DAYS + 1)) for m in population])
    for m, user in zip(population, users, strict=True):
        m.user = user
    warm = [m for m in population if not m.cold]
    cold_members = [m for m in population if m.cold]
    total = sum(len(m.events) for m in warm) + len(warm) + len(cold_members) * 3
    bar = tqdm(total=total, file=sys.stderr, disable=not progress, unit="step", dynamic_ncols=True)
    bar.set_description("training")
    train: dict[int, list[int]] = {}
    for m in warm:
        before = [e for e in m.events if e[0] < split]
        record(m, before, notes, rng)
        train[m.index] = positives(before)
        bar.update(len(m.events))
    bar.set_description("precompute")
    precompute.pools_refresh(now=now)
    engaged = {note_id for history in train.values() for note_id in history}
    for note_id in engaged:
        precompute.neighbours_compute(note_id, now=now)
    baselines = Baselines(items, train)
    scores = {method: Scores() for method in METHODS}
    bar.set_description("ranking")
    for m in warm:
        seen = {note_id for _t, note_id, _a in m.events if _t < split}
        truth = set(positives([e for e in m.events if e[0] >= split])[:TEST_ITEMS])
        bar.update(1)
        if len(truth) < MIN_TEST:
            continue
        lists = {"ours": ours(m), "chronological": baselines.chronological(seen),
                 "mostpopular": baselines.mostpopular(seen), "itemknn": baselines.itemknn(train[m.index], seen)}
        for method, recommended in lists.items():
            scores[method].add(recommended, truth, by_id)
    for m in cold_members:
        main = sorted(m.mix, key=lambda s: -m.mix[s])[:2]
        picks = _onboarding_topics(main, m.languages, items, rng)
        services.interests_update(user=m.user, topic_ids=picks, read_languages=m.languages, onboarded=True)
        done = 0
        for k in (0, 5, 20):
            record(m, m.events[done:k], notes, rng)
            done = k
            seen = {note_id for _t, note_id, _a in m.events[:k]}
            history = positives(m.events[:k])
            truth = set(positives(m.events[k:])[:TEST_ITEMS])
            bar.update(1)
            if len(truth) < MIN_TEST:
                continue
            lists = {"ours": ours(m), "chronological": baselines.chronological(seen),
                     "mostpopular": baselines.mostpopular(seen), "itemknn": baselines.itemknn(history, seen)}
            for method, recommended in lists.items():
                scores[method].cold[k].append(ndcg(recommended, truth))
    bar.close()
    if not scores["ours"].ndcg:
        raise LookupError("no simulated member had enough history to evaluate: the corpus needs notes spread "
                          "over the last weeks (`redleaf seed` makes them)")
    out: dict = {}
    for method, s in scores.items():
        out[method] = {"recall@20": _mean(s.recall), "ndcg@20": _mean(s.ndcg),
                       "coverage": round(len(s.shown) / len(items), 4), "ild": _mean(s.ild),
                       **{f"cold_ndcg@{k}": _mean(s.cold[k]) for k in (0, 5, 20)}}
    out["meta"] = {"members": len(warm), "cold_members": len(cold_members), "evaluated": len(scores["ours"].ndcg),
                   "catalogue": len(items), "subjects": len(subjects), "seed": seed,
                   "train_interactions": sum(len(v) for v in train.values()), "database": _vendor()}
    return out


def _confine(note_ids: list[int]) -> None:
    """The simulated site is the catalogue: every other note is limited (not recommended) for the run,
    so our pipeline, whose sources read the whole site, and the baselines, which rank the catalogue,
    choose among the same notes. Rolled back with everything else."""
    from redleaf.discovery.precompute import _recommendable
    from redleaf.notes.models import Note

    if _recommendable().count() > len(note_ids):
        _recommendable().update(limited=True)
        for start in range(0, len(note_ids), 2000):
            Note.objects.filter(pk__in=note_ids[start:start + 2000]).update(limited=False)


def _onboarding_topics(subjects: list[str], languages: list[str], items: list[Item], rng) -> list[int]:
    """What such a member would tick at onboarding: the busiest hashtag of each main subject, in a
    language they read."""
    picks = []
    for subject in subjects:
        counts: Counter = Counter()
        for it in items:
            if it.subject == subject and it.language in languages:
                counts.update(it.topics)
        if counts:
            picks.append(counts.most_common(1)[0][0])
    return picks


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def table(result: dict) -> str:
    metrics = ["recall@20", "ndcg@20", "coverage", "ild", "cold_ndcg@0", "cold_ndcg@5", "cold_ndcg@20"]
    lines = [f"{'method':<15}" + "".join(f"{m:>14}" for m in metrics)]
    for method in METHODS:
        lines.append(f"{method:<15}" + "".join(f"{result[method][m]:>14.4f}" for m in metrics))
    o, mp, knn = result["ours"], result["mostpopular"], result["itemknn"]

    def ratio(a, b):
        return a / b if b else float("inf")

    warm = o["ndcg@20"]
    lines.append("")
    lines.append(f"NDCG@20 ours / MostPopular = {ratio(warm, mp['ndcg@20']):.2f} (target >= 1.5); "
                 f"ours / ItemKNN = {ratio(warm, knn['ndcg@20']):.2f} (target >= 1.2); "
                 f"cold after 5 / warm = {ratio(o['cold_ndcg@5'], warm):.2f} (target >= 0.8)")
    meta = result["meta"]
    lines.append(f"{meta['database']}: {meta['members']} warm members ({meta['evaluated']} evaluated), "
                 f"{meta['cold_members']} cold, {meta['catalogue']} notes on {meta['subjects']} subjects, "
                 f"{meta['train_interactions']} training interactions, seed {meta['seed']}, {meta['seconds']} s")
    return "\n".join(lines)


# --- for `redleaf bench web` -----------------------------------------------------------------------
def web_prepare(*, member, note_ids: list[int], others: list = ()) -> dict:
    """Before `redleaf bench web` measures explore: what the worker would have ready (the pools, if
    older than POOL_MAX_AGE_MINUTES / 2, and the seeds' neighbours of `member` and the `others`
    explorers), so the run measures pages, not a cold start; then the interest-profile update timing."""
    from redleaf.discovery import precompute, services
    from redleaf.discovery import weights as W
    from redleaf.discovery.models import Refresh

    started = time.perf_counter()
    fresh = timezone.now() - timedelta(minutes=W.POOL_MAX_AGE_MINUTES / 2)
    if not Refresh.objects.filter(name="pools", done_at__gte=fresh).exists():
        precompute.pools_refresh()
    for explorer in [member, *others]:
        profile = services.profile_ensure(user=explorer)
        for note_id, _action, _title in profile.recent[: W.CO_ENGAGEMENT_SEEDS]:
            precompute.neighbours_compute(int(note_id))
    return {"precompute_s": round(time.perf_counter() - started, 1),
            "profile_update": profile_update_timing(member=member, note_ids=note_ids)}


def profile_update_timing(*, member, note_ids: list[int], updates: int = 200) -> dict:
    """How long learning from one action takes (services.interest_learn, as the event receiver runs it
    after a like or collect commits: its own transaction), p50/p99 over `updates` likes and collects on
    the sample notes. The member's profile is put back as it was afterwards."""
    import statistics

    from redleaf.discovery import services
    from redleaf.discovery.models import InterestProfile

    services.profile_ensure(user=member)
    saved = InterestProfile.objects.get(user=member)
    notes = [i for i in note_ids if i]
    if not notes:
        return {}
    timings = []
    try:
        for k in range(updates):
            started = time.perf_counter()
            services.interest_learn(user_id=member.pk, note_id=notes[k % len(notes)],
                                    action="collect" if k % 3 == 0 else "like")
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        saved.save()
    timings.sort()
    return {"p50_ms": round(statistics.median(timings), 2),
            "p99_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 2), "updates": len(timings)}
