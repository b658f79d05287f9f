"""PostgreSQL: the tsvector also holds the blocks of 4 and 16 rank tiers a document's tier lies in
(backends/base.py, TIER_LEVELS), so a span of tiers is a few terms, and every pair of neighbouring
characters (backends/postgres.py), so a run of characters is found from the index, not by testing every
row holding its characters. A generated column's expression cannot be changed in place before
PostgreSQL 17: the column is made anew (every document's tsvector is
computed again, the GIN index rebuilt: a few minutes on a million notes, the table locked meanwhile),
then the head index and the statistics. Nothing to do on SQLite (it reads spans by rank, not by term).
Code from before this migration reads the new column as well (it asks for terms it has always had);
code from after it needs it (on the old column its spans and runs of characters find nothing): migrate
first, then serve the new code."""

from django.db import migrations


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from redleaf.search.backends import backend_for
    from redleaf.search.indexes import ALL, NOTES

    backend = backend_for("postgresql")
    schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # the GIN builds: several times faster
    for table in ALL:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table.name}_head")
        backend.uninstall(schema_editor, table)
        backend.install(schema_editor, table)
        schema_editor.execute(f"ANALYZE {table.name}")
    backend.head_refresh(NOTES)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_sqlite_rank_cover")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
