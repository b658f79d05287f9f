"""Every write search makes: documents (the index, kept in step by the worker through tasks.py), the
vocabulary, learnt words, suggestions, hot searches and a moderator hiding one."""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import NotFound, RedleafError
from redleaf.core.text import clean_text
from redleaf.search import analysis, dictionary, lexicon, ranking
from redleaf.search.models import (
    HotQuery,
    LearnedWord,
    NoteDocument,
    QueryHit,
    Suggestion,
    Term,
    TopicDocument,
    UserDocument,
)

MAX_TERM = 40
INDEXED_STATES = ("published", "pending", "draft")  # drafts and notes under review: their author finds them


# --- note documents ------------------------------------------------------------------------------------------
def _note_rows(note_ids: list[int]) -> list:
    from redleaf.notes.models import Note

    return list(Note.objects.filter(pk__in=note_ids).only(
        "id", "author_id", "title", "body", "state", "audience", "limited", "cover_id", "published_at",
        "updated_at", "likes_count", "comments_count", "collects_count"))


def _topic_names(note_ids: list[int]) -> dict[int, list[str]]:
    from redleaf.notes.models import NoteTopic

    names: dict[int, list[str]] = {}
    for note_id, name in NoteTopic.objects.filter(note_id__in=note_ids).values_list("note_id", "topic__name"):
        names.setdefault(note_id, []).append(name)
    return names


def _document_fields(note, topics: list[str]) -> dict:
    title, body = analysis.analyse(note.title), analysis.analyse(note.body)
    tags = analysis.analyse(" ".join(topics))
    rank = ranking.note_rank(likes=note.likes_count, comments=note.comments_count, collects=note.collects_count,
                             published_at=note.published_at)
    return {
        "note_id": note.pk, "author_id": note.author_id, "state": note.state, "audience": note.audience,
        "limited": note.limited, "has_images": note.cover_id is not None, "published_at": note.published_at,
        "likes": note.likes_count, "source_updated_at": note.updated_at,
        "words": title.text(), "more": body.text(), "tags": tags.text(),
        "chars": " ".join([*title.chars, *body.chars]), "rank": rank, "tier": ranking.tier_term(rank),
    }


def note_document(note, topics: list[str]) -> NoteDocument:
    """The document of one note: its analysed title, body and topics, and its rank (ranking.py)."""
    return NoteDocument(**_document_fields(note, topics))


def _searchable(note) -> bool:
    return note is not None and note.state in INDEXED_STATES


def _doc_terms(doc: NoteDocument | None) -> set[str]:
    """The words a document adds to the vocabulary (Term: pinyin input, corrections, word suggestions to
    everyone): only a public, published note's, so a private note's words never reach anyone else."""
    if doc is None or not _in_vocabulary(doc.state, doc.audience, doc.limited):
        return set()
    return _terms_of(doc.words, doc.more, doc.tags)


def _in_vocabulary(state: str, audience: str, limited: bool) -> bool:
    return state == "published" and audience == "public" and not limited


def _terms_of(words: str, more: str, tags: str) -> set[str]:
    return {t for t in f"{words} {more} {tags}".split() if len(t) <= MAX_TERM}


def _vocabulary_change(added: set[str], removed: set[str]) -> None:
    if added or removed:
        lexicon.forget()
    if added:
        existing = set(Term.objects.filter(term__in=added).values_list("term", flat=True))
        Term.objects.bulk_create([_term(t) for t in sorted(added - existing)], ignore_conflicts=True)
        Term.objects.filter(term__in=added).update(df=F("df") + 1)
    if removed:
        Term.objects.filter(term__in=removed, df__gt=0).update(df=F("df") - 1)
        transaction.on_commit(suggestions_changed)  # a word no public note uses any more is offered no more


def _term(term: str, df: int = 0) -> Term:
    if analysis.HAN_WORD.match(term):
        pinyin, initials = analysis.reading(term)
        return Term(term=term, pinyin=pinyin[:80], initials=initials[:20], df=df)
    return Term(term=term, df=df)


@transaction.atomic
def note_index(*, note_id: int) -> bool:
    """Bring one note's document up to date (or remove it when the note is gone, removed or rejected).
    Returns whether the note is in the index now."""
    dictionary.tokenizer()  # learnt words first
    old = NoteDocument.objects.select_for_update().filter(note_id=note_id).first()
    rows = _note_rows([note_id])
    note = rows[0] if rows else None
    if not _searchable(note):
        if old is not None:
            old.delete()
            _vocabulary_change(set(), _doc_terms(old))
        return False
    topics = _topic_names([note_id]).get(note_id, [])
    words_learn(words=topics, source=LearnedWord.Source.TOPIC)
    doc = note_document(note, topics)
    doc.save()
    _vocabulary_change(_doc_terms(doc) - _doc_terms(old), _doc_terms(old) - _doc_terms(doc))
    if old is None or old.tags != doc.tags or old.state != doc.state:  # its topics' counts may have moved
        transaction.on_commit(lambda: topics_index_for_note(note_id=note_id))
    if old is None:
        head_maintain()
    return True


HEAD_REFRESH_KEY = "search:head-refresh"
HEAD_REFRESH_EVERY_SECONDS = 3600


def head_maintain() -> bool:
    """Ask the worker to make the engine's head index again when it has outgrown its size (backends:
    head_stale), at most once an hour across processes where the cache is shared. True if asked."""
    from django.core.cache import cache

    from redleaf.search.backends import get_backend
    from redleaf.search.indexes import NOTES
    from redleaf.search.tasks import refresh_head

    if not get_backend().head_stale(NOTES) or not cache.add(HEAD_REFRESH_KEY, True, HEAD_REFRESH_EVERY_SECONDS):
        return False
    transaction.on_commit(refresh_head.enqueue)
    return True


def head_refresh() -> int | None:
    """Make the head index again (the worker's task; `redleaf search reindex` does it too)."""
    from redleaf.search.backends import get_backend
    from redleaf.search.indexes import NOTES

    return get_backend().head_refresh(NOTES)


def note_rerank(*, note_id: int) -> None:
    """A note's counts changed (a like, a collect, a comment): its rank and like count, nothing else."""
    rows = _note_rows([note_id])
    if not rows:
        return
    note = rows[0]
    rank = ranking.note_rank(likes=note.likes_count, comments=note.comments_count, collects=note.collects_count,
                             published_at=note.published_at)
    NoteDocument.objects.filter(note_id=note_id).update(likes=note.likes_count, rank=rank,
                                                        tier=ranking.tier_term(rank))


# --- members and topics --------------------------------------------------------------------------------------
def _reading_terms(text: str) -> str:
    pinyin, initials = analysis.latin_reading(text)
    return " ".join(t for t in {pinyin[:60], initials[:20]} if t and analysis.safe_term(t))


def user_document(user) -> UserDocument:
    names = analysis.analyse(f"{user.display_name} {user.username.replace('_', ' ')}")
    username = user.username.lower().replace("_", "")
    words = [username, *names.words] if analysis.safe_term(username) else names.words
    return UserDocument(user_id=user.pk, words=" ".join(dict.fromkeys(words)), chars=names.chars_text(),
                        tags=_reading_terms(user.display_name), more=analysis.analyse(user.bio).text(),
                        rank=ranking.user_rank(followers=user.followers_count, notes=user.notes_count))


def user_index(*, user_id: int) -> bool:
    from redleaf.accounts.models import User

    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.is_active:
        UserDocument.objects.filter(user_id=user_id).delete()
        Suggestion.objects.filter(kind=Suggestion.Kind.USER, ref=str(user_id)).delete()
        transaction.on_commit(suggestions_changed)
        return False
    user_document(user).save()
    _suggestions_set(Suggestion.Kind.USER, str(user.pk), user.name,
                     [user.display_name, user.username, *analysis.latin_reading(user.display_name)],
                     weight=ranking.user_rank(followers=user.followers_count, notes=user.notes_count),
                     target=_user_url(user.username))
    return True


def topic_document(topic) -> TopicDocument:
    terms = analysis.analyse(topic.name)
    words = terms.words or [t for t in terms.chars]
    return TopicDocument(topic_id=topic.pk, words=" ".join(words), chars=terms.chars_text(),
                         tags=_reading_terms(topic.name), rank=ranking.topic_rank(notes=topic.notes_count))


def topic_index(*, topic) -> None:
    """A topic is searchable and suggested only while a public, published note uses it: a hashtag on an
    "only me" or followers-only note never leaves its author's circle (selectors.suggestions checks again)."""
    from redleaf.search.selectors import public_topics

    if topic.notes_count <= 0 or not public_topics().filter(pk=topic.pk).exists():
        TopicDocument.objects.filter(topic_id=topic.pk).delete()
        Suggestion.objects.filter(kind=Suggestion.Kind.TOPIC, ref=str(topic.pk)).delete()
        transaction.on_commit(suggestions_changed)
        return
    topic_document(topic).save()
    _suggestions_set(Suggestion.Kind.TOPIC, str(topic.pk), topic.name,
                     [topic.name, *analysis.latin_reading(topic.name)],
                     weight=ranking.topic_rank(notes=topic.notes_count) + 1.0, target=_topic_url(topic.name))


def topics_index_for_note(*, note_id: int) -> None:
    from redleaf.notes.models import Topic

    for topic in Topic.objects.filter(notetopic__note_id=note_id):
        topic_index(topic=topic)


# --- suggestions ---------------------------------------------------------------------------------------------
def suggestions_changed() -> None:
    """Something a prefix offered may be gone: every cached suggestion is made again on its next use
    (selectors.suggestions keeps them under a version; this gives it a new one)."""
    import uuid

    from django.core.cache import cache

    from redleaf.search.selectors import SUGGEST_VERSION_KEY

    cache.set(SUGGEST_VERSION_KEY, uuid.uuid4().hex, None)


def _search_url(text: str) -> str:
    from urllib.parse import urlencode

    return f"{reverse('search:search')}?{urlencode({'q': text})}"


def _topic_url(name: str) -> str:
    return reverse("web:topic", args=[name])


def _user_url(username: str) -> str:
    return reverse("accounts:profile", args=[username])


def _suggestion_rows(kind: str, ref: str, label: str, keys: Iterable[str], weight: float,
                     target: str) -> list[Suggestion]:
    rows = []
    # A name written with pinyin's ü (Lü Bu) is kept under its v spelling too (lvbu): found as typed
    # either way (selectors.suggestions reads a typed ü as v).
    spellings = (spelt for k in keys if k for spelt in (k, analysis.pinyin_v(k, prefix=True)))
    for key in dict.fromkeys(analysis.suggestion_key(k) for k in spellings):
        if key:
            rows.append(Suggestion(kind=kind, ref=ref, key=key, first=key[:1], head=key[:2], head3=key[:3],
                                   label=label[:100], weight=weight, target=target[:200]))
    return rows


def _suggestions_set(kind: str, ref: str, label: str, keys: Iterable[str], *, weight: float, target: str) -> None:
    with transaction.atomic():
        Suggestion.objects.filter(kind=kind, ref=ref).delete()
        Suggestion.objects.bulk_create(_suggestion_rows(kind, ref, label, keys, weight, target))
        if kind == Suggestion.Kind.USER:  # a new name: the old one is offered no more (a hot search's or a
            transaction.on_commit(suggestions_changed)  # topic's words never change, only their weight)


# --- learnt words --------------------------------------------------------------------------------------------
def words_learn(*, words: Iterable[str], source: str) -> list[str]:
    """Teach jieba words to keep whole (topic names, hot search terms): in this process now, in every
    other at its next sync. Only Chinese words of 2–12 characters are worth it."""
    wanted = [w for w in dict.fromkeys(analysis.normalize(w) for w in words)
              if analysis.HAN_WORD.match(w) and 1 < len(w) <= dictionary.MAX_WORD]
    if not wanted:
        return []
    new = [w for w in wanted if w not in dictionary.applied()]
    if new:
        LearnedWord.objects.bulk_create([LearnedWord(word=w, source=source) for w in new], ignore_conflicts=True)
        dictionary.apply(new)
    return new


# --- hot searches --------------------------------------------------------------------------------------------
HOT_MIN_CHARS = 1
HOT_MAX_CHARS = 30


def _who(viewer, address: str | None) -> str:
    raw = f"user:{viewer.pk}" if viewer is not None and viewer.is_authenticated else f"addr:{address or '-'}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def hot_key(text: str) -> str:
    """What a hot search is counted by: the query's words, without search syntax or punctuation ("cat*",
    '"cat"' and "-cat" are one query), and nothing when only stop words are left (的, the)."""
    words = re.findall(r"\w+", analysis.normalize(text))
    if not any(w not in analysis.ZH_STOP and w not in analysis.EN_STOP for w in words):
        return ""
    return " ".join(words)[:100]


def query_record(*, text: str, viewer, address: str | None, found: int) -> bool:
    """Count a search for the hot list: once per searcher and query and hour, and only a query that found
    something (a typo nobody else makes stays out). `searches` counts different searchers (within the two
    days their rows are kept): the query is listed and suggested from settings.SEARCH_HOT_MIN_SEARCHERS on.
    Returns whether it counted."""
    key = hot_key(text)
    if not (HOT_MIN_CHARS <= len(key) <= HOT_MAX_CHARS) or found <= 0:
        return False
    hour = int(time.time() // 3600)
    who = _who(viewer, address)
    with transaction.atomic():
        hit, created = QueryHit.objects.get_or_create(key=key, who=who, hour=hour)
        if not created:
            return False
        if hit.pk % 500 == 0:  # now and then, forget who searched what in hours long past
            hits_forget()
        new_searcher = not QueryHit.objects.filter(key=key, who=who).exclude(pk=hit.pk).exists()
        now = timezone.now()
        hot = HotQuery.objects.select_for_update().filter(key=key).first()
        if hot is None:
            pinyin, initials = analysis.latin_reading(key)
            shown = " ".join(re.findall(r"\w+", clean_text(text)))[:100] or key
            hot = HotQuery.objects.create(key=key, text=shown, pinyin=pinyin[:200], initials=initials[:100],
                                          heat=ranking.hot_heat(None, now=now), searches=1)
        else:
            hot.heat = ranking.hot_heat(hot.heat, now=now)
            hot.searches += int(new_searcher)
            hot.save(update_fields=["heat", "searches"])
        if not hot.hidden and hot.searches >= settings.SEARCH_HOT_MIN_SEARCHERS:
            _hot_suggestions(hot, now=now)
        if hot.searches >= 3 and " " not in key:
            words_learn(words=[key], source=LearnedWord.Source.HOT)
    return True


def hot_query_hide(*, actor, key: str, hidden: bool) -> HotQuery:
    """A moderator hides a hot search (from the hot list and from suggestions), or shows it again."""
    from redleaf.moderation.policies import require_moderator

    require_moderator(actor)
    if not key:
        raise RedleafError("query_empty", _("Type a word to search for."), field="query")
    hot = HotQuery.objects.filter(key=key[:100]).first()
    if hot is None:
        raise NotFound("hot_query_not_found", _("No such hot search."))
    hot.hidden = hidden
    hot.hidden_by = actor if hidden else None
    hot.hidden_at = timezone.now() if hidden else None
    hot.save(update_fields=["hidden", "hidden_by", "hidden_at"])
    if hidden:
        Suggestion.objects.filter(kind=Suggestion.Kind.HOT, ref=hot.key).delete()
        transaction.on_commit(suggestions_changed)
    elif hot.searches >= settings.SEARCH_HOT_MIN_SEARCHERS:
        _hot_suggestions(hot, now=timezone.now())
    return hot


def _hot_suggestions(hot: HotQuery, *, now) -> None:
    # Weighted by today's value; a suggestion's weight is refreshed whenever someone searches it again.
    _suggestions_set(Suggestion.Kind.HOT, hot.key, hot.text, [hot.key, hot.pinyin, hot.initials],
                     weight=1.5 + math.log1p(ranking.hot_value(hot.heat, now=now)),
                     target=_search_url(hot.text))


def hits_forget(*, older_than_hours: int = 48) -> int:
    """The per-hour dedup rows are only needed for the current hour: drop old ones."""
    hour = int(time.time() // 3600) - older_than_hours
    deleted, _ = QueryHit.objects.filter(hour__lt=hour).delete()
    return deleted


# --- rebuilding everything -----------------------------------------------------------------------------------
BATCH = 2000
DOC_FIELDS = ["note_id", "author_id", "state", "audience", "limited", "has_images", "published_at", "likes",
              "source_updated_at", "words", "more", "tags", "chars", "rank", "tier", "indexed_at"]


class _Row:
    """A note as _analyse_batch needs it (plain values: batches cross into worker processes)."""

    __slots__ = ("pk", "author_id", "title", "body", "state", "audience", "limited", "cover_id", "published_at",
                 "updated_at", "likes_count", "comments_count", "collects_count")

    def __init__(self, values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


def _analyse_batch(batch: tuple[list[tuple], dict[int, list[str]]]) -> tuple[list[tuple], Counter]:
    rows, names = batch
    now = timezone.now()
    docs, df = [], Counter()
    for values in rows:
        doc = _document_fields(_Row(values), names.get(values[0], []))
        doc["indexed_at"] = now
        if _in_vocabulary(doc["state"], doc["audience"], doc["limited"]):  # the rule _doc_terms follows
            df.update(_terms_of(doc["words"], doc["more"], doc["tags"]))
        docs.append(tuple(doc[f] for f in DOC_FIELDS))
    return docs, df


def _note_batches(ids: list[int], batch: int):
    from redleaf.notes.models import Note

    for i in range(0, len(ids), batch):
        chunk = ids[i:i + batch]
        rows = list(Note.objects.filter(pk__in=chunk).values_list(*[
            "id", "author_id", "title", "body", "state", "audience", "limited", "cover_id", "published_at",
            "updated_at", "likes_count", "comments_count", "collects_count"]))
        yield rows, _topic_names(chunk)


def search_reindex(*, progress: Callable[[str, int, int], None] | None = None, batch: int = BATCH,
                   processes: int | None = None) -> dict:
    """Rebuild every document, the vocabulary, topic and member suggestions from the live rows.
    Notes are analysed in `processes` worker processes (default: one per core, at most 4) while this one
    writes; the full-text index is built once at the end. Returns figures: counts and seconds per phase.
    Hot searches and learnt words are kept. While it runs, searches find only what is already rebuilt."""
    import os

    from redleaf.accounts.models import User
    from redleaf.notes.models import Note, Topic
    from redleaf.search.backends import get_backend
    from redleaf.search.indexes import NOTES, TOPICS, USERS

    report = lambda phase, done, total: progress and progress(phase, done, total)  # noqa: E731
    figures: dict = {}
    dictionary.sync()
    topic_names = list(Topic.objects.filter(notes_count__gt=0).values_list("name", flat=True))
    words_learn(words=topic_names, source=LearnedWord.Source.TOPIC)
    dictionary.tokenizer()
    analysis.analyse("预热 warm up")  # load jieba, OpenCC and the stemmer before any worker forks

    started = time.perf_counter()
    backend = get_backend()
    backend.bulk_begin(NOTES)
    NoteDocument.objects.all()._raw_delete(NoteDocument.objects.db)  # no per-row signals: a million rows
    ids = list(Note.objects.filter(state__in=INDEXED_STATES).order_by("pk").values_list("pk", flat=True))
    df: Counter[str] = Counter()
    from django.db import connection

    processes = processes if processes is not None else min(4, os.cpu_count() or 1)
    if connection.in_atomic_block:
        processes = 1  # inside a transaction (a test, a caller's atomic block): no fork, no new connection
    done = 0
    for docs, counts in _map(_analyse_batch, _note_batches(ids, batch), processes):
        df.update(counts)
        with transaction.atomic():
            backend.bulk_write(NOTES, DOC_FIELDS, docs)
        done += len(docs)
        report("notes", done, len(ids))
    backend.bulk_end(NOTES)
    figures["notes"] = len(ids)
    figures["notes_seconds"] = time.perf_counter() - started
    figures["processes"] = processes

    started = time.perf_counter()
    with transaction.atomic():
        Term.objects.all().delete()
        Term.objects.bulk_create([_term(t, n) for t, n in df.items()], batch_size=2000)
    lexicon.forget()
    figures["terms"] = len(df)
    figures["terms_seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    UserDocument.objects.all()._raw_delete(UserDocument.objects.db)
    Suggestion.objects.filter(kind__in=[Suggestion.Kind.USER, Suggestion.Kind.TOPIC])._raw_delete(
        Suggestion.objects.db)
    transaction.on_commit(suggestions_changed)
    users = User.objects.filter(is_active=True).order_by("pk")
    total_users = users.count()
    done = 0
    for chunk in _chunks(users.only("id", "username", "display_name", "bio", "followers_count", "notes_count"),
                         batch):
        docs, rows = [], []
        for user in chunk:
            docs.append(user_document(user))
            rows += _suggestion_rows(Suggestion.Kind.USER, str(user.pk), user.name,
                                     [user.display_name, user.username, *analysis.latin_reading(user.display_name)],
                                     ranking.user_rank(followers=user.followers_count, notes=user.notes_count),
                                     _user_url(user.username))
        with transaction.atomic():
            UserDocument.objects.bulk_create(docs, batch_size=1000)
            Suggestion.objects.bulk_create(rows, batch_size=2000)
        done += len(chunk)
        report("members", done, total_users)
    figures["members"] = total_users
    TopicDocument.objects.all().delete()
    for topic in Topic.objects.filter(notes_count__gt=0):
        topic_index(topic=topic)
    figures["members_topics_seconds"] = time.perf_counter() - started
    for table in (NOTES, USERS, TOPICS):
        backend.optimize(table)
    return figures


def _map(function, batches, processes: int):
    """function over batches, in order: in worker processes (forked, so they share jieba's dictionary and
    never touch the database: this process reads and writes) or, with one process, here."""
    if processes <= 1:
        yield from map(function, batches)
        return
    import multiprocessing

    from django.db import connections

    connections.close_all()  # a forked child must not share this process's database connection
    with multiprocessing.get_context("fork").Pool(processes, initializer=dictionary.freeze) as pool:
        yield from pool.imap(function, batches, chunksize=1)


def _chunks(qs, size: int):
    last = None
    while True:
        page = list((qs.filter(pk__gt=last) if last is not None else qs)[:size])
        if not page:
            return
        yield page
        last = page[-1].pk


def reindex_note_ids(note_ids: Iterable[int]) -> int:
    """Index these notes now (tests, the shell, and the worker's catch-up)."""
    count = 0
    for note_id in note_ids:
        count += note_index(note_id=note_id)
    return count


def query_run(*, viewer, params, address: str | None, require_text: bool = False):
    """Search (selectors.search) and count the query for the hot list when it is a first page of notes that
    found something. An empty query (nothing searchable in it: spaces, punctuation only) is a 400 when
    `require_text`, else an empty page."""
    from redleaf.search import selectors

    page = selectors.search(viewer=viewer, params=params)
    if page.query.empty and require_text:
        raise RedleafError("query_empty", _("Type a word to search for."), field="q")
    # Only what anyone could have found counts: a query that found only the searcher's own or
    # followers-only notes would otherwise put private words on everyone's hot list.
    if params.type != "notes" or params.cursor or params.scope != "all":
        return page
    public = [n for n in page.items if n.audience == "public" and not n.limited
              and (viewer is None or not viewer.is_authenticated or n.author_id != viewer.pk)]
    if public:
        query_record(text=params.q, viewer=viewer, address=address, found=len(public))
    return page
