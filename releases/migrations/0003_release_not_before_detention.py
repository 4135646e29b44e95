"""A release cannot be dated before the detention it ends.

The rule spans two tables, which a CHECK constraint cannot see, so a trigger enforces it
on both databases. A partial date is stored as its first day, so "December 2025" still
compares correctly with a detention that began in December 2025.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION release_not_before_detention() RETURNS trigger AS $$
DECLARE started date;
BEGIN
    IF NEW.detention_id IS NULL OR NEW.released_on IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT detained_on INTO started FROM prisoners_detention WHERE id = NEW.detention_id;
    IF started IS NOT NULL AND NEW.released_on < started THEN
        RAISE EXCEPTION 'release % dated % is before its detention began on %',
            NEW.id, NEW.released_on, started
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER release_not_before_detention
    BEFORE INSERT OR UPDATE ON releases_release
    FOR EACH ROW EXECUTE FUNCTION release_not_before_detention();
CREATE OR REPLACE FUNCTION detention_not_after_release() RETURNS trigger AS $$
BEGIN
    IF NEW.detained_on IS NOT NULL AND EXISTS (
        SELECT 1 FROM releases_release
        WHERE detention_id = NEW.id AND released_on < NEW.detained_on
    ) THEN
        RAISE EXCEPTION 'detention % would begin on %, after a release it ended',
            NEW.id, NEW.detained_on
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER detention_not_after_release
    BEFORE UPDATE ON prisoners_detention
    FOR EACH ROW EXECUTE FUNCTION detention_not_after_release();
"""

PG_BACKWARD = """
DROP TRIGGER IF EXISTS release_not_before_detention ON releases_release;
DROP FUNCTION IF EXISTS release_not_before_detention();
DROP TRIGGER IF EXISTS detention_not_after_release ON prisoners_detention;
DROP FUNCTION IF EXISTS detention_not_after_release();
"""

SQLITE_FORWARD = [
    """
CREATE TRIGGER release_not_before_detention_insert
BEFORE INSERT ON releases_release
WHEN NEW.detention_id IS NOT NULL AND NEW.released_on IS NOT NULL AND NEW.released_on < (
    SELECT detained_on FROM prisoners_detention WHERE id = NEW.detention_id)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: release is before its detention began');
END;
""",
    """
CREATE TRIGGER release_not_before_detention_update
BEFORE UPDATE ON releases_release
WHEN NEW.detention_id IS NOT NULL AND NEW.released_on IS NOT NULL AND NEW.released_on < (
    SELECT detained_on FROM prisoners_detention WHERE id = NEW.detention_id)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: release is before its detention began');
END;
""",
    """
CREATE TRIGGER detention_not_after_release
BEFORE UPDATE ON prisoners_detention
WHEN NEW.detained_on IS NOT NULL AND EXISTS (
    SELECT 1 FROM releases_release
    WHERE detention_id = NEW.id AND released_on < NEW.detained_on)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: detention begins after a release it ended');
END;
""",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS release_not_before_detention_insert;",
    "DROP TRIGGER IF EXISTS release_not_before_detention_update;",
    "DROP TRIGGER IF EXISTS detention_not_after_release;",
]


def forward(apps, schema_editor):
    statements = [PG_FORWARD] if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backward(apps, schema_editor):
    statements = [PG_BACKWARD] if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("releases", "0002_initial"), ("prisoners", "0002_initial")]

    operations = [migrations.RunPython(forward, backward)]
