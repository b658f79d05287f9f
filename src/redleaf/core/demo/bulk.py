"""`redleaf seed --bulk`: benchmark-sized data (by default 100k members and 1M notes) in minutes.

This module bypasses the services on purpose. A service writes one row at a time with its checks
and counter bumps (milliseconds each); ten million rows that way would take hours. Instead every row
is planned in memory first — so each counter is exactly the number of rows it counts — and then
written table by table through the database's fastest path: executemany on SQLite (with the journal
relaxed during the load), COPY on PostgreSQL. The rules the services keep hold by construction:

- engagement (likes, collects, comments, comment likes) only on published public notes;
- one like / collect per member and note, one like per member and comment, no self-follows;
- collects go to the member's default board; replies hang one level deep; at most one pinned
  comment per note, always a top-level one;
- counters: followers/following/notes/likes-received per member, likes/collects/comments per note
  (replies included), replies/likes per comment, collects per board, notes per topic;
- hot_score from notes.scoring.hot_score, #topics parsed with core.text like note_create does;
- snowflake ids from core.ids.id_for_time at each row's own (spread-out) time, with the shard and
  sequence bits taken from the row's index so no two collide.

Every member's password is the demo password, hashed once. Pictures: a pool of program-drawn images
ingested once through media.services.image_ingest and reused as covers and avatars.

Default sizes (members M, notes N): follows ≈ 30·M (10–50 each; `demo` follows 300), likes ≈ 3·N,
collects ≈ N/2, comments ≈ N (30% replies), comment likes ≈ 0.3 per comment. Run it on an empty
database; if it is interrupted, `redleaf flush` and run it again."""

from __future__ import annotations

import json
import random
import sys
import time
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from redleaf.accounts.models import Follow, User
from redleaf.core.demo import content, drawing, people
from redleaf.core.ids import SEQUENCE_BITS, SHARD_BITS, id_for_time
from redleaf.core.text import extract_topics, topic_key
from redleaf.engagement.models import Board, Collect, Comment, CommentLike, Like
from redleaf.media.services import image_ingest
from redleaf.notes.models import Audience, Note, NoteImage, NoteState, NoteTopic, Topic
from redleaf.notes.scoring import hot_score

BULK_MEMBERS = 100_000
BULK_NOTES = 1_000_000
IMAGE_POOL = 64
TEXTS_PER_TOPIC_LANGUAGE = 120
DAY = 86400

# Note kinds, in a compact array: published public / followers-only / only-me, and drafts.
PUBLIC, FOLLOWERS, ONLY_ME, DRAFT = 0, 1, 2, 3
# Plain strings: a database driver may write an Enum member by its name rather than its value.
KIND_AUDIENCE = {PUBLIC: str(Audience.PUBLIC.value), FOLLOWERS: str(Audience.FOLLOWERS.value),
                 ONLY_ME: str(Audience.ONLY_ME.value), DRAFT: str(Audience.PUBLIC.value)}
PUBLISHED, DRAFTED = str(NoteState.PUBLISHED.value), str(NoteState.DRAFT.value)


def _unique_bits(index: int) -> tuple[int, int]:
    """(shard, sequence) from a row's index: distinct for the first 4M rows of a table."""
    return (index >> SEQUENCE_BITS) & ((1 << SHARD_BITS) - 1), index & ((1 << SEQUENCE_BITS) - 1)


def _snowflake(seconds: float, index: int) -> int:
    shard, sequence = _unique_bits(index)
    return id_for_time(datetime.fromtimestamp(seconds, tz=UTC), shard=shard, sequence=sequence)


# --- writing ------------------------------------------------------------------------------------
class Loader:
    """Writes rows (tuples in the order of `fields`) straight into a model's table. Secondary indexes
    are dropped before and rebuilt after each table's load, in the same transaction: building an
    index from sorted data is many times cheaper than keeping it up to date row by row. Rows should
    come in primary-key order, which keeps the primary index an append."""

    suffix = ""

    def __init__(self, bar: tqdm):
        self.bar = bar
        self._minutes: dict[int, str] = {}

    @staticmethod
    def columns(model: type[Model], fields: list[str]) -> list[str]:
        columns = [model._meta.get_field(name).column for name in fields]
        required = {f.column for f in model._meta.concrete_fields
                    if not f.null and not (f.primary_key and f.get_internal_type() == "BigAutoField")}
        missing = required - set(columns)
        assert not missing, f"{model.__name__}: no value for {sorted(missing)}"
        return columns

    def timestamp(self, seconds: float) -> str:
        """Django's own text for a UTC moment, whole seconds (formatting each minute once)."""
        minute, second = divmod(int(seconds), 60)
        prefix = self._minutes.get(minute)
        if prefix is None:
            prefix = self._minutes[minute] = time.strftime("%Y-%m-%d %H:%M:", time.gmtime(minute * 60))
        return f"{prefix}{second:02d}{self.suffix}"

    def write(self, model: type[Model], fields: list[str], rows: Iterable[tuple]) -> int:
        table = model._meta.db_table
        columns = self.columns(model, fields)
        connection.ensure_connection()
        with transaction.atomic(), connection.cursor() as cursor:
            rebuild = self.drop_indexes(cursor, table)
            self.load(table, columns, self._counted(rows))
            self.bar.set_postfix_str(f"indexing {table}")
            for statement in rebuild:
                cursor.execute(statement)
            self.bar.set_postfix_str("")
        return self.count

    def _counted(self, rows: Iterable[tuple]) -> Iterator[list[tuple]]:
        """The rows in chunks, counted on the progress bar."""
        rows = iter(rows)
        self.count = 0
        while chunk := list(islice(rows, 20000)):
            yield chunk
            self.count += len(chunk)
            self.bar.update(len(chunk))

    def drop_indexes(self, cursor, table: str) -> list[str]:
        raise NotImplementedError

    def load(self, table: str, columns: list[str], rows: Iterator[list[tuple]]) -> None:
        raise NotImplementedError

    def prepare(self) -> None: ...

    def finish(self) -> None: ...


class SQLiteLoader(Loader):
    def prepare(self) -> None:
        # These pragmas cannot change inside a transaction (as when a test runs the seed); then the
        # load is only slower.
        self.tuned = not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size=-400000")  # 400 MB
            if self.tuned:
                cursor.execute("PRAGMA temp_store=MEMORY")
                # A crash during the load needs a fresh start anyway, so durability can wait until the end.
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA foreign_keys=OFF")

    def drop_indexes(self, cursor, table: str) -> list[str]:
        # Indexes SQLite made for PRIMARY KEY / UNIQUE have no SQL and stay; Django's CREATE INDEXes go.
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                       "AND sql IS NOT NULL", [table])
        found = cursor.fetchall()
        for name, _sql in found:
            cursor.execute(f'DROP INDEX "{name}"')
        return [sql for _name, sql in found]

    def load(self, table, columns, rows) -> None:
        # Table and column names come from our own models, never from input.
        sql = (f'INSERT INTO "{table}" ({", ".join(columns)}) '  # noqa: S608
               f'VALUES ({", ".join("?" * len(columns))})')
        raw = connection.connection.cursor()
        try:
            for chunk in rows:
                raw.executemany(sql, chunk)
        finally:
            raw.close()

    def finish(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit=2000")  # sampled statistics: enough for the planner
            cursor.execute("ANALYZE")
            if self.tuned:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA foreign_keys=ON")


class PostgresLoader(Loader):
    suffix = "+00"

    def prepare(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")

    def drop_indexes(self, cursor, table: str) -> list[str]:
        """Drop unique and foreign-key constraints and plain indexes (the primary key stays); return
        the statements that put them back. Re-adding a foreign key checks every row in one join."""
        # Run the checks still pending in this transaction now (only a test's outer transaction has
        # any): PostgreSQL refuses to alter a table with pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')", [table])
        constraints = cursor.fetchall()
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                       "AND tablename = %s AND indexname NOT IN "
                       "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [table, table])
        indexes = cursor.fetchall()
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        return ([definition for _name, definition in indexes]
                + [f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}' for name, definition in constraints])

    def load(self, table, columns, rows) -> None:
        with connection.connection.cursor() as raw, raw.copy(
                f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
            for chunk in rows:
                for row in chunk:
                    copy.write_row(row)

    def finish(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (a test's)
                # The notes' visibility map, so the following feed reads the index alone from the start
                # (autovacuum would get there, some minutes later).
                cursor.execute(f'VACUUM "{Note._meta.db_table}"')


# --- the plan -------------------------------------------------------------------------------------
LABELS = {
    "planning": gettext_lazy("planning"), "members": gettext_lazy("members"), "boards": gettext_lazy("boards"),
    "boards and topics": gettext_lazy("boards and topics"), "notes": gettext_lazy("notes"),
    "note images": gettext_lazy("note images"), "note topics": gettext_lazy("note topics"),
    "images and topics": gettext_lazy("images and topics"), "follows": gettext_lazy("follows"),
    "likes": gettext_lazy("likes"), "collects": gettext_lazy("collects"), "comments": gettext_lazy("comments"),
    "comment likes": gettext_lazy("comment likes"), "analyze": gettext_lazy("analyze"),
}


@dataclass
class BulkSummary:
    vendor: str
    rows: dict[str, int] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    def report(self) -> str:
        counts = ", ".join(f"{LABELS.get(name, name)} {count:,}" for name, count in self.rows.items())
        phases = ", ".join(f"{LABELS.get(name, name)} {seconds:.1f} s" for name, seconds in self.phases.items())
        return _("Bulk seed on %(vendor)s: %(total)s rows in %(seconds).1f s (%(counts)s; %(phases)s).") % {
            "vendor": self.vendor, "total": f"{sum(self.rows.values()):,}", "seconds": self.seconds,
            "counts": counts, "phases": phases}


@dataclass
class _Texts:
    titles: list[str]
    bodies: list[str]
    topic_ids: list[list[int]]  # filled once the Topic rows exist
    topic_keys: list[list[str]]
    names: dict[str, str]  # key -> name
    by_language: dict[str, list[int]]


class BulkSeeder:
    def __init__(self, *, seed: int, members: int, notes: int, progress: bool = True):
        self.rng = random.Random(f"bulk-{seed}")
        self.M = max(2, members)
        self.N = max(0, notes)
        self.progress = progress
        self.now = time.time()
        self.summary = BulkSummary(vendor=connection.vendor)
        self._phase_started = time.perf_counter()

    def _phase(self, name: str) -> None:
        now = time.perf_counter()
        self.summary.phases[name] = now - self._phase_started
        self._phase_started = now

    # --- members ----------------------------------------------------------------------------------
    def plan_members(self) -> None:
        rng, M = self.rng, self.M
        # Members in the order they joined (`demo` first), so their ids rise with their index.
        self.joined = array("d", sorted(self.now - rng.uniform(30 * DAY, 365 * DAY) for _ in range(M)))
        self.joined[0] = self.now - 400 * DAY
        # Which languages each member writes: 0 Chinese, 1 English, 2 both.
        self.kind = array("b", (0 if i == 0 else rng.choice((0, 0, 1, 1, 2)) for i in range(M)))
        self.kind[0] = 2
        self.followers = array("I", bytes(4 * M))
        self.following = array("I", bytes(4 * M))
        self.notes_count = array("I", bytes(4 * M))
        self.likes_received = array("I", bytes(4 * M))
        self.board_collects = array("I", bytes(4 * M))

    def _popular_member(self) -> int:
        """A member, most often one of the first few thousand: popularity is skewed, as in life."""
        return 1 + int((self.M - 1) * self.rng.random() ** 2.5)

    def plan_follows(self, bar: tqdm) -> None:
        rng, M = self.rng, self.M
        self.follow_a, self.follow_b, self.follow_t = array("i"), array("i"), array("d")
        for i in range(M):
            wanted = min(M - 1, 300 if i == 0 else rng.randint(10, 50))
            chosen: set[int] = set()
            while len(chosen) < wanted:
                j = self._popular_member() if len(chosen) < wanted * 2 // 3 else rng.randrange(M)
                if j != i:
                    chosen.add(j)
            start = max(self.joined[i], 0.0)
            for j in sorted(chosen):
                since = max(start, self.joined[j])
                self.follow_a.append(i)
                self.follow_b.append(j)
                self.follow_t.append(since + rng.random() * (self.now - since))
                self.followers[j] += 1
            self.following[i] = wanted
            if not i % 1000:
                bar.update(min(1000, M - i))

    # --- texts and topics -------------------------------------------------------------------------
    def plan_texts(self) -> _Texts:
        rng = random.Random(self.rng.random())
        titles, bodies, keys, by_language = [], [], [], {"zh": [], "en": []}
        names: dict[str, str] = {}
        for topic in content.BANKS:
            for language in ("zh", "en"):
                for _i in range(TEXTS_PER_TOPIC_LANGUAGE):
                    text = content.compose(topic, language, rng)
                    prose, _sep, tags = text.body.rpartition("\n\n")
                    body = prose + "\n\n" + " ".join(tags.split()[: rng.choice((1, 2, 2))])
                    found = extract_topics(text.title, body)
                    note_keys = []
                    for name in found:
                        key = topic_key(name)[:40]
                        names.setdefault(key, name[:40])
                        note_keys.append(key)
                    by_language[language].append(len(titles))
                    titles.append(text.title)
                    bodies.append(body)
                    keys.append(note_keys)
        return _Texts(titles=titles, bodies=bodies, topic_ids=[], topic_keys=keys, names=names,
                      by_language=by_language)

    # --- notes ------------------------------------------------------------------------------------
    def plan_notes(self, texts: _Texts, bar: tqdm) -> None:
        rng, N = self.rng, self.N
        self.note_author, self.note_time = array("i"), array("d")
        self.note_text, self.note_kind, self.note_images = array("H"), array("b"), array("b")
        oldest = self.now - 180 * DAY
        zh, en = texts.by_language["zh"], texts.by_language["en"]
        for n in range(N):
            author = 0 if rng.random() < 0.00002 else self._popular_member()
            kind = self.kind[author]
            pool = zh if kind == 0 or (kind == 2 and rng.random() < 0.5) else en
            start = max(oldest, self.joined[author])
            r = rng.random()
            note_kind = PUBLIC if r < 0.96 else FOLLOWERS if r < 0.98 else ONLY_ME if r < 0.99 else DRAFT
            self.note_author.append(author)
            self.note_time.append(start + rng.random() * (self.now - 60 - start))
            self.note_text.append(rng.choice(pool))
            self.note_kind.append(note_kind)
            r = rng.random()
            self.note_images.append(0 if r < 0.1 else 1 if r < 0.8 else 2 if r < 0.95 else 3)
            if note_kind != DRAFT:
                self.notes_count[author] += 1
            if not n % 10000:
                bar.update(min(10000, N - n))
        self.public = array("i", (n for n in range(N) if self.note_kind[n] == PUBLIC))
        order = list(self.public)
        rng.shuffle(order)
        self.popular_notes = array("i", order)  # engagement goes mostly to the first ones
        self.likes = array("I", bytes(4 * N))
        self.collects = array("I", bytes(4 * N))
        self.comments = array("I", bytes(4 * N))

    def _popular_note(self, skew: float) -> int:
        return self.popular_notes[int(len(self.popular_notes) * self.rng.random() ** skew)]

    # --- engagement -------------------------------------------------------------------------------
    def plan_likes_and_collects(self, bar: tqdm) -> None:
        rng, M = self.rng, self.M
        self.like_u, self.like_n, self.like_t = array("i"), array("i"), array("d")
        self.collect_u, self.collect_n, self.collect_t = array("i"), array("i"), array("d")
        if not self.popular_notes:
            return
        per_member_likes = 3 * len(self.public) / M
        per_member_collects = 0.5 * len(self.public) / M
        cap = len(self.public) // 2
        for u in range(M):
            for count, skew, users, notes, times, counter in (
                (per_member_likes, 3.0, self.like_u, self.like_n, self.like_t, self.likes),
                (per_member_collects, 2.0, self.collect_u, self.collect_n, self.collect_t, self.collects),
            ):
                wanted = min(cap, int(count * rng.uniform(0.2, 1.8) + rng.random()))
                chosen: set[int] = set()
                while len(chosen) < wanted:
                    chosen.add(self._popular_note(skew))
                picked = []
                for n in chosen:
                    since = max(self.note_time[n], self.joined[u])
                    picked.append((since + rng.random() * (self.now - since), n))
                picked.sort()  # a member's likes in the order they were made (ids follow time)
                for moment, n in picked:
                    users.append(u)
                    notes.append(n)
                    times.append(moment)
                    counter[n] += 1
                    if counter is self.likes:
                        self.likes_received[self.note_author[n]] += 1
                    else:
                        self.board_collects[u] += 1
            if not u % 1000:
                bar.update(min(1000, M - u))

    def plan_comments(self, bar: tqdm) -> None:
        rng, M = self.rng, self.M
        target = len(self.public)  # about one comment per public note
        per_note = array("I", bytes(4 * self.N))
        for _i in range(target):
            per_note[self._popular_note(2.0)] += 1
        bar.update(target // 2)
        self.c_id, self.c_note, self.c_author = array("q"), array("i"), array("i")
        self.c_parent, self.c_reply_to, self.c_time = array("q"), array("i"), array("d")
        self.c_replies, self.c_pinned, self.c_likes = array("I"), array("b"), array("I")
        self.c_text = array("H")
        self.comment_texts = {
            "zh": [*content.COMMENTS["zh"], *content.REPLIES["zh"]],
            "en": [*content.COMMENTS["en"], *content.REPLIES["en"]],
        }
        zh_count = len(self.comment_texts["zh"])
        flat = self.comment_texts["zh"] + self.comment_texts["en"]
        self.comment_text_list = flat
        for n in self.public:
            count = per_note[n]
            if not count:
                continue
            published = self.note_time[n]
            moments = sorted(published + rng.random() * (self.now - published) for _ in range(count))
            top_level: list[int] = []  # positions in the arrays
            last_reply_author: dict[int, int] = {}
            pinned = rng.random() < 0.02
            for moment in moments:
                k = len(self.c_id)
                author = rng.randrange(M)
                parent = -1
                reply_to = -1
                if top_level and rng.random() < 0.3:
                    parent = rng.choice(top_level)
                    if parent in last_reply_author and rng.random() < 0.5:
                        reply_to = last_reply_author[parent]
                    last_reply_author[parent] = author
                    self.c_replies[parent] += 1
                else:
                    top_level.append(k)
                self.c_id.append(_snowflake(moment, k))
                self.c_note.append(n)
                self.c_author.append(author)
                self.c_parent.append(self.c_id[parent] if parent >= 0 else 0)
                self.c_reply_to.append(reply_to)
                self.c_time.append(moment)
                self.c_replies.append(0)
                self.c_pinned.append(1 if pinned and len(top_level) == 1 and parent < 0 else 0)
                self.c_likes.append(0)
                zh = self.kind[author] == 0 or (self.kind[author] == 2 and rng.random() < 0.5)
                self.c_text.append(rng.randrange(zh_count) if zh else zh_count + rng.randrange(len(flat) - zh_count))
            self.comments[n] += count
        bar.update(target - target // 2)
        # comment likes: about 0.3 per comment, mostly on early comments of popular notes
        self.cl_u, self.cl_c = array("i"), array("i")
        total = len(self.c_id)
        seen: set[int] = set()
        for _i in range(int(total * 0.3)):
            k = int(total * rng.random() ** 1.5)
            u = rng.randrange(M)
            key = k * M + u
            if key in seen:
                continue
            seen.add(key)
            self.cl_u.append(u)
            self.cl_c.append(k)
            self.c_likes[k] += 1

    # --- writing ----------------------------------------------------------------------------------
    def member_ids(self) -> array:
        return array("q", (_snowflake(self.joined[i], i) for i in range(self.M)))

    def write_all(self, loader: Loader, texts: _Texts) -> None:
        ts = loader.timestamp
        rng = self.rng
        self.user_id = uid = self.member_ids()
        password = make_password(people.DEMO_PASSWORD)
        rows = self.summary.rows

        def member_row(i: int, avatar_id: int | None) -> tuple:
            kind = self.kind[i]
            if i == 0:
                username, display, bio = people.DEMO.username, people.DEMO.display_name, people.DEMO.bio
                languages, ui = ["zh", "en"], ""
            else:
                topic = people.ALL_TOPICS[i % len(people.ALL_TOPICS)]
                (surname, s_py), (given, g_py) = people.ZH_SURNAMES[i % 18], people.ZH_GIVEN[(i // 18) % 15]
                first, last = people.EN_FIRST[i % 20], people.EN_LAST[(i // 20) % 16]
                if kind == 0:
                    username, display, bio, languages, ui = (f"{s_py}{g_py}{i}", surname + given,
                                                             people.ZH_BIO[topic], ["zh"], "zh-hans")
                elif kind == 1:
                    username, display, bio, languages, ui = (f"{first.lower()}_{last.lower()}{i}",
                                                             f"{first} {last}", people.EN_BIO[topic], ["en"], "en")
                else:
                    username, display, bio, languages, ui = (
                        f"{first.lower()}_{s_py}{i}", f"{first} {surname}{given}",
                        f"{people.ZH_BIO[topic]} · {people.EN_BIO[topic]}", ["zh", "en"], "")
            return (uid[i], username, password, None, False, "", "", "", False, True, ts(self.joined[i]),
                    display, bio, avatar_id, json.dumps(languages), ui, self.followers[i], self.following[i],
                    self.notes_count[i], self.likes_received[i], 1, False)

        user_fields = ["id", "username", "password", "last_login", "is_superuser", "first_name", "last_name",
                       "email", "is_staff", "is_active", "date_joined", "display_name", "bio", "avatar",
                       "languages", "ui_language", "followers_count", "following_count", "notes_count",
                       "likes_received_count", "guidelines_version", "is_moderator"]
        loader.write(User, user_fields, [member_row(0, None)])
        demo = User.objects.get(pk=uid[0])
        self.images = self.make_image_pool(demo)
        pool = [img.pk for img in self.images]
        rows["members"] = 1 + loader.write(
            User, user_fields, (member_row(i, pool[i % len(pool)] if i % 3 else None) for i in range(1, self.M)))
        self._phase("members")

        board_name = str(_("My collection"))
        self.board_id = self.user_id  # one default board per member: its id can be the member's
        rows["boards"] = loader.write(
            Board, ["id", "owner", "name", "description", "is_private", "is_default", "collects_count",
                    "created_at"],
            ((uid[i], uid[i], board_name, "", True, True, self.board_collects[i], ts(self.joined[i]))
             for i in range(self.M)))

        topic_ids = {}
        for key, name in texts.names.items():
            topic_ids[key] = Topic.objects.create(key=key, name=name).pk
        texts.topic_ids = [[topic_ids[k] for k in keys] for keys in texts.topic_keys]
        self._phase("boards and topics")

        self.note_id = nid = array("q", (_snowflake(self.note_time[n], n) for n in range(self.N)))
        by_id = array("i", sorted(range(self.N), key=nid.__getitem__))  # rows in primary-key order
        pool_n = len(pool)

        def note_row(n: int) -> tuple:
            kind = self.note_kind[n]
            published = kind != DRAFT
            moment = self.note_time[n]
            score = hot_score(likes=self.likes[n], collects=self.collects[n], comments=self.comments[n],
                              published_at=datetime.fromtimestamp(int(moment), tz=UTC)) if published else 0.0
            t = self.note_text[n]
            cover = pool[(n * 7919) % pool_n] if self.note_images[n] else None
            stamp = ts(moment)
            return (nid[n], uid[self.note_author[n]], texts.titles[t], texts.bodies[t],
                    PUBLISHED if published else DRAFTED, KIND_AUDIENCE[kind], cover,
                    stamp, stamp, stamp if published else None, self.likes[n], self.collects[n], self.comments[n],
                    score, False, "", "[]")

        rows["notes"] = loader.write(
            Note, ["id", "author", "title", "body", "state", "audience", "cover", "created_at", "updated_at",
                   "published_at", "likes_count", "collects_count", "comments_count", "hot_score",
                   "limited", "label_rule", "languages"],
            (note_row(n) for n in by_id))
        self._phase("notes")

        def note_images() -> Iterator[tuple]:
            for n in by_id:
                first = (n * 7919) % pool_n
                for position in range(self.note_images[n]):
                    yield (nid[n], pool[(first + position * 11) % pool_n], position)

        rows["note images"] = loader.write(NoteImage, ["note", "image", "position"], note_images())

        topic_counts: dict[int, int] = {}

        def note_topics() -> Iterator[tuple]:
            for n in by_id:
                published = self.note_kind[n] != DRAFT
                for topic in texts.topic_ids[self.note_text[n]]:
                    if published:
                        topic_counts[topic] = topic_counts.get(topic, 0) + 1
                    yield (nid[n], topic, ts(self.note_time[n]) if published else None)

        rows["note topics"] = loader.write(NoteTopic, ["note", "topic", "published_at"], note_topics())
        for topic, count in topic_counts.items():
            Topic.objects.filter(pk=topic).update(notes_count=count)
        self._phase("images and topics")

        rows["follows"] = loader.write(
            Follow, ["follower", "followee", "created_at"],
            ((uid[a], uid[b], ts(t)) for a, b, t in zip(self.follow_a, self.follow_b, self.follow_t, strict=True)))
        self._phase("follows")
        rows["likes"] = loader.write(
            Like, ["user", "note", "created_at"],
            ((uid[u], nid[n], ts(t)) for u, n, t in zip(self.like_u, self.like_n, self.like_t, strict=True)))
        self._phase("likes")
        rows["collects"] = loader.write(
            Collect, ["user", "note", "board", "created_at"],
            ((uid[u], nid[n], self.board_id[u], ts(t))
             for u, n, t in zip(self.collect_u, self.collect_n, self.collect_t, strict=True)))
        self._phase("collects")
        texts_list = self.comment_text_list
        rows["comments"] = loader.write(
            Comment, ["id", "note", "author", "text", "parent", "reply_to_user", "likes_count", "replies_count",
                      "is_pinned", "created_at", "state", "languages"],
            ((self.c_id[k], nid[self.c_note[k]], uid[self.c_author[k]], texts_list[self.c_text[k]],
              self.c_parent[k] or None, uid[self.c_reply_to[k]] if self.c_reply_to[k] >= 0 else None,
              self.c_likes[k], self.c_replies[k], bool(self.c_pinned[k]), ts(self.c_time[k]), "published", "[]")
             for k in sorted(range(len(self.c_id)), key=self.c_id.__getitem__)))
        rows["comment likes"] = loader.write(
            CommentLike, ["user", "comment", "created_at"],
            ((uid[u], self.c_id[k], ts(min(self.now, self.c_time[k] + rng.random() * DAY)))
             for u, k in sorted(zip(self.cl_u, self.cl_c, strict=True))))
        self._phase("comments")

    def make_image_pool(self, owner: User) -> list:
        rng = random.Random(self.rng.random())
        images = []
        aspects = list(drawing.ASPECTS)
        for i in range(max(8, min(IMAGE_POOL, self.N // 100))):
            topic = drawing.TOPICS[i % len(drawing.TOPICS)]
            img = drawing.draw(topic, rng, aspects[i % len(aspects)], scale=0.75)
            upload = SimpleUploadedFile(f"pool-{i}.jpg", drawing.encode(img), content_type="image/jpeg")
            images.append(image_ingest(owner=owner, upload=upload, alt=content.TOPIC_LABELS[topic][1]))
        return images

    # --- run --------------------------------------------------------------------------------------
    def run(self) -> BulkSummary:
        started = time.perf_counter()
        plan_units = self.M * 3 + self.N * 2
        with tqdm(total=plan_units, file=sys.stderr, disable=not self.progress, unit="item",
                  desc="planning", dynamic_ncols=True) as bar:
            self.plan_members()
            self.plan_follows(bar)
            texts = self.plan_texts()
            self.plan_notes(texts, bar)
            self.plan_likes_and_collects(bar)
            self.plan_comments(bar)
            bar.update(max(0, plan_units - bar.n))
        self._phase("planning")
        total_rows = (self.M * 2 + self.N + len(self.follow_a) + len(self.like_u) + len(self.collect_u)
                      + len(self.c_id) + len(self.cl_u) + sum(self.note_images) + self.N * 3 // 2)
        with tqdm(total=total_rows, file=sys.stderr, disable=not self.progress, unit="row",
                  desc="writing", dynamic_ncols=True) as bar:
            loader = (PostgresLoader if connection.vendor == "postgresql" else SQLiteLoader)(bar)
            loader.prepare()
            try:
                self.write_all(loader, texts)
            finally:
                bar.set_description("analyzing")
                loader.finish()
        self._phase("analyze")
        self.summary.seconds = time.perf_counter() - started
        return self.summary


def seed_bulk(*, seed: int = 1, members: int = BULK_MEMBERS, notes: int = BULK_NOTES,
              progress: bool = True) -> BulkSummary:
    return BulkSeeder(seed=seed, members=members, notes=notes, progress=progress).run()
