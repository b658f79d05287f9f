"""The full-text index over the document tables, as the database's backend builds it (backends/): a
generated tsvector column and GIN index on PostgreSQL, FTS5 tables and triggers on SQLite. On PostgreSQL
the suggestion keys also get a pattern index, so prefix look-ups use it whatever the collation."""

from django.db import migrations


def install(apps, schema_editor):
    from redleaf.search.backends import backend_for
    from redleaf.search.indexes import ALL

    backend = backend_for(schema_editor.connection.vendor)
    for table in ALL:
        backend.install(schema_editor, table)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX search_suggest_key_pattern ON search_suggestion (key varchar_pattern_ops)")


def uninstall(apps, schema_editor):
    from redleaf.search.backends import backend_for
    from redleaf.search.indexes import ALL

    backend = backend_for(schema_editor.connection.vendor)
    for table in ALL:
        backend.uninstall(schema_editor, table)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_suggest_key_pattern")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
