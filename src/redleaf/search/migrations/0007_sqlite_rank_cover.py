"""SQLite: a covering index over the note documents' rank and the columns search filters by, so a span of
ranks is walked in the index alone (backends/sqlite.py). PostgreSQL does not need it (its GIN index finds
a span's matches)."""

from django.db import migrations

COLUMNS = "rank DESC, note_id, state, audience, limited, author_id, has_images, published_at"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS search_note_rank_cover ON search_notedocument ({COLUMNS})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_note_rank_cover")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_suggestion_head3")]
    operations = [migrations.RunPython(create, drop)]
