"""Trigram search on name keys (PostgreSQL only).

pg_trgm lets a near miss of a romanisation nobody listed still find the person
(prisoners.selectors.person_search_scores), and its GIN index serves both the
``key %> query`` similarity test and the ``key LIKE '%...%'`` candidate scan. SQLite has
neither; there the migration does nothing and search relies on the keys alone.
"""

from django.db import migrations

INDEX = "prisoners_personname_key_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON prisoners_personname USING gin (key gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other objects may use it.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("prisoners", "0003_countries")]

    operations = [migrations.RunPython(forwards, backwards)]
