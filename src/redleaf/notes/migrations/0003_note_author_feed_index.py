# The new index before the old one goes: the author pages and the following feed always have one. On
# PostgreSQL both are built and dropped CONCURRENTLY, so a large notes table keeps taking writes meanwhile.

from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class ConcurrentlyOnPostgreSQL:
    """The CONCURRENTLY operation on PostgreSQL, the `plain` one elsewhere (SQLite has no such thing)."""

    plain: type

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return self.plain.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return self.plain.database_backwards(self, app_label, schema_editor, from_state, to_state)


class AddIndexWithoutLock(ConcurrentlyOnPostgreSQL, AddIndexConcurrently):
    plain = migrations.AddIndex


class RemoveIndexWithoutLock(ConcurrentlyOnPostgreSQL, RemoveIndexConcurrently):
    plain = migrations.RemoveIndex


class Migration(migrations.Migration):
    atomic = False  # CONCURRENTLY cannot run in a transaction

    dependencies = [
        ('media', '0001_initial'),
        ('notes', '0002_note_label_rule_note_languages_note_limited'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexWithoutLock(
            model_name='note',
            index=models.Index(fields=['author', 'state', '-published_at', '-id'], include=('audience',),
                               name='note_author_feed'),
        ),
        RemoveIndexWithoutLock(
            model_name='note',
            name='note_author',
        ),
    ]
