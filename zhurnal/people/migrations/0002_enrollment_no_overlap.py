"""Two enrolments of one student may not overlap in time (issue 8 item 4).

An open end means "until further notice". SQLite gets two triggers (insert, update) that abort;
PostgreSQL an exclusion constraint over closed date ranges (btree_gist gives `=` on the student
id inside a GiST index), which also holds under concurrent transactions.
"""

from django.db import migrations

SQLITE_CONDITION = """EXISTS (
    SELECT 1 FROM people_enrollment e
    WHERE e.student_id = NEW.student_id {other}
      AND e.start <= COALESCE(NEW."end", '9999-12-31')
      AND NEW.start <= COALESCE(e."end", '9999-12-31')
)"""

SQLITE_FORWARD = [
    f"""CREATE TRIGGER people_enrollment_no_overlap_insert BEFORE INSERT ON people_enrollment
    WHEN {SQLITE_CONDITION.format(other="")}
    BEGIN SELECT RAISE(ABORT, 'enrollment_no_overlap'); END""",
    f"""CREATE TRIGGER people_enrollment_no_overlap_update BEFORE UPDATE ON people_enrollment
    WHEN {SQLITE_CONDITION.format(other="AND e.id <> NEW.id")}
    BEGIN SELECT RAISE(ABORT, 'enrollment_no_overlap'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS people_enrollment_no_overlap_insert",
    "DROP TRIGGER IF EXISTS people_enrollment_no_overlap_update",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE people_enrollment ADD CONSTRAINT enrollment_no_overlap
    EXCLUDE USING gist (student_id WITH =, daterange(start, "end", '[]') WITH &&)""",
]
POSTGRES_BACKWARD = ["ALTER TABLE people_enrollment DROP CONSTRAINT IF EXISTS enrollment_no_overlap"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, ()):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
