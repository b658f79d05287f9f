"""The three document tables as the backends see them."""

from __future__ import annotations

from redleaf.search.backends.base import Table
from redleaf.search.models import NoteDocument, TopicDocument, UserDocument

NOTES = Table(name=NoteDocument._meta.db_table, pk="note_id", fts="search_note_fts")
USERS = Table(name=UserDocument._meta.db_table, pk="user_id", fts="search_user_fts")
TOPICS = Table(name=TopicDocument._meta.db_table, pk="topic_id", fts="search_topic_fts")
ALL = (NOTES, USERS, TOPICS)
