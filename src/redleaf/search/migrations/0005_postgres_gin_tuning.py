"""PostgreSQL: the GIN indexes without a pending list and the tsvector columns with statistics on 1,000
lexemes (backends/postgres.py says why). Databases made from 0002 onwards get this in 0002 already; this
brings older ones level. Nothing to do on SQLite."""

from django.db import migrations


def tune(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from redleaf.search.indexes import ALL

    for table in ALL:
        schema_editor.execute(f"ALTER INDEX {table.name}_tsv SET (fastupdate = off)")
        schema_editor.execute(f"ALTER TABLE {table.name} ALTER COLUMN tsv SET STATISTICS 1000")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_term_initials")]
    operations = [migrations.RunPython(tune, migrations.RunPython.noop)]
