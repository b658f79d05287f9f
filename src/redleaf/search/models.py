"""Search's own rows. The documents are what the index holds: each note's, member's and topic's analysed
terms (analysis.py) with the few columns results are filtered and ordered by. The full-text index itself
is the backend's (backends/): on PostgreSQL a generated tsvector column with a GIN index, on SQLite an
FTS5 table kept in step by triggers, both made by this app's migrations.

A document is a copy, brought up to date by the worker: results are always checked against the live
note rows (selectors.py), so a copy that is behind never shows what the viewer may no longer see."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """What every searchable thing has: its terms and a rank (the part of its score the query does not
    change; ranking.py)."""

    words = models.TextField(blank=True)  # the main field (a note's title, a member's names, a topic's name)
    more = models.TextField(blank=True)  # the second field (a note's body, a member's bio, pinyin)
    tags = models.TextField(blank=True)  # #topics (notes), pinyin readings (members, topics)
    chars = models.TextField(blank=True)  # Chinese characters in order, for phrase (substring) matches
    rank = models.FloatField(default=0.0)
    # The rank's tier as an index term ("r64": rank 6.4–6.5), so the full-text index itself can hand back
    # the best-ranked matches of a common word first (ranking.py, backends/base.py).
    tier = models.CharField(max_length=8, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class NoteDocument(Document):
    # No foreign key: a note's delete must not wait on search, and results are checked against the live
    # notes anyway. The worker removes the copy.
    note_id = models.BigIntegerField(primary_key=True)
    author_id = models.BigIntegerField()
    state = models.CharField(max_length=12)
    audience = models.CharField(max_length=12)
    limited = models.BooleanField(default=False)
    has_images = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True)
    likes = models.PositiveIntegerField(default=0)
    source_updated_at = models.DateTimeField(null=True)  # the note's updated_at when this copy was made

    class Meta:
        indexes = [
            models.Index(fields=["-rank"], name="search_note_rank"),
            models.Index(fields=["-published_at", "-note_id"], name="search_note_newest"),
            models.Index(fields=["-likes", "-note_id"], name="search_note_likes"),
            models.Index(fields=["author_id", "-rank"], name="search_note_author"),
        ]

    def __str__(self) -> str:
        return f"note {self.note_id}"


class UserDocument(Document):
    user_id = models.BigIntegerField(primary_key=True)

    class Meta:
        indexes = [models.Index(fields=["-rank"], name="search_user_rank")]

    def __str__(self) -> str:
        return f"member {self.user_id}"


class TopicDocument(Document):
    topic_id = models.BigIntegerField(primary_key=True)

    class Meta:
        indexes = [models.Index(fields=["-rank"], name="search_topic_rank")]

    def __str__(self) -> str:
        return f"topic {self.topic_id}"


class Term(models.Model):
    """The vocabulary: every word the note index holds, with its reading for Chinese words (pinyin and
    initials, toneless: xiaolongbao, xlb) and how many notes use it (roughly: counted when a note is
    indexed, recounted by `redleaf search reindex`). Query understanding reads it for pinyin input,
    homophone typos and English spelling."""

    term = models.CharField(max_length=40, primary_key=True)
    pinyin = models.CharField(max_length=80, blank=True, db_index=True)
    initials = models.CharField(max_length=20, blank=True, db_index=True)
    df = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.term


class LearnedWord(models.Model):
    """A word jieba must keep whole (dictionary.py): topic names, hot search terms, operator additions."""

    class Source(models.TextChoices):
        TOPIC = "topic", _("topic")
        HOT = "hot", _("hot search")
        OPERATOR = "operator", _("operator")

    word = models.CharField(max_length=40, primary_key=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.word


class HotQuery(models.Model):
    """A query people search, with a heat that decays (ranking.py): each distinct searcher adds one, at
    most once an hour. `heat` is stored so that ordering by it is ordering by today's value.
    Moderators may hide one from the hot list and from suggestions."""

    key = models.CharField(max_length=100, primary_key=True)  # analysis.normalize(text)
    text = models.CharField(max_length=100)  # as first searched
    pinyin = models.CharField(max_length=200, blank=True)
    initials = models.CharField(max_length=100, blank=True)
    heat = models.FloatField(default=0.0)
    searches = models.PositiveIntegerField(default=0)
    hidden = models.BooleanField(default=False)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["hidden", "-heat"], name="search_hot_heat")]

    def __str__(self) -> str:
        return self.text


class QueryHit(models.Model):
    """Who searched what in which hour, so one member (or one address) counts once per query per hour."""

    key = models.CharField(max_length=100)
    who = models.CharField(max_length=64)  # a hash of the member id or the address
    hour = models.PositiveIntegerField()  # hours since the epoch

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "who", "hour"], name="search_hit_once")]
        indexes = [models.Index(fields=["hour"], name="search_hit_hour")]

    def __str__(self) -> str:
        return f"{self.key} {self.hour}"


class Suggestion(models.Model):
    """One way to reach a suggestion by typing: its name, its pinyin, its initials (a topic 小笼包 has
    rows keyed 小笼包, xiaolongbao and xlb). Prefix look-ups on `key`; `first`, `head` and `head3` (the
    key's first one, two and three characters) with the weight answer short prefixes straight from an
    index in weight order, where a prefix range would be too wide to sort (100,000 members' names)."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("topic")
        HOT = "hot", _("hot search")
        USER = "user", _("member")

    kind = models.CharField(max_length=5, choices=Kind.choices)
    ref = models.CharField(max_length=100)  # topic id, hot query key, member id
    key = models.CharField(max_length=100)
    first = models.CharField(max_length=1, default="")  # the key's first character: one-letter prefixes
    head = models.CharField(max_length=2)
    head3 = models.CharField(max_length=3, default="")
    label = models.CharField(max_length=100)
    target = models.CharField(max_length=200)  # where picking it goes: a topic page, a profile, a search
    weight = models.FloatField(default=0.0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "ref", "key"], name="search_suggestion_once")]
        indexes = [
            models.Index(fields=["key"], name="search_suggest_key"),
            models.Index(fields=["head", "-weight"], name="search_suggest_head"),
            models.Index(fields=["first", "-weight"], name="search_suggest_first"),
            models.Index(fields=["head3", "-weight"], name="search_suggest_head3"),
            models.Index(fields=["kind", "ref"], name="search_suggest_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.label} ({self.key})"
