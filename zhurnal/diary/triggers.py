"""The triggers that write `diary.Change` (see its module): every writer of the rows a diary
answer shows (the services, the admin, imports, bulk loads, plain SQL) is caught by the database
itself, so no write path can leave a family's ETag stale.

| table | scope | day |
|---|---|---|
| journal_mark, journal_attendance | the row's pupil | its lesson's date |
| journal_lesson | the lesson's journal | its date (the old and the new, when moved) |
| journal_lessonfile | its lesson's journal | its lesson's date |

An update writes the old row's scope and the new one's, so a row moved to another pupil, lesson
or day changes both. A row whose lesson is gone writes nothing: the lesson's own deletion did.

A row in `diary_change_pause` stops them for the transaction that wrote it (`models.ChangePause`).
Migration 0001 installed the first form, without that check (`install_unpausable`); 0002 adds it.
"""

from __future__ import annotations

# (table, scope, the SQL giving a row R's scope id, day and weight)
_LESSON_OF_R = "FROM journal_lesson l WHERE l.id = R.lesson_id"
_SOURCES = [
    ("journal_mark", "p", f"R.student_id, l.date, 1 {_LESSON_OF_R}"),
    ("journal_attendance", "p", f"R.student_id, l.date, 1 {_LESSON_OF_R}"),
    ("journal_lesson", "j", "R.assignment_id, R.date, 1"),
    ("journal_lessonfile", "j", f"l.assignment_id, l.date, 1 {_LESSON_OF_R}"),
]


def _insert(scope: str, source: str, row: str) -> str:
    values = source.replace("R.", f"{row}.")
    return f"INSERT INTO diary_change (scope, scope_id, day, weight) SELECT '{scope}', {values};"


def _name(table: str) -> str:
    return f"diary_change_of_{table.removeprefix('journal_')}"


_PAUSED = "EXISTS (SELECT 1 FROM diary_change_pause)"


def postgresql_sql(*, pausable: bool = True) -> list[str]:
    statements = []
    for table, scope, source in _SOURCES:
        name = _name(table)
        statements.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN\n"
            + (f"  IF {_PAUSED} THEN RETURN NULL; END IF;\n" if pausable else "")
            + f"  IF TG_OP <> 'INSERT' THEN {_insert(scope, source, 'OLD')} END IF;\n"
            f"  IF TG_OP <> 'DELETE' THEN {_insert(scope, source, 'NEW')} END IF;\n"
            "  RETURN NULL;\n"
            "END $$"
        )
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
    return statements


def sqlite_sql(*, pausable: bool = True) -> list[str]:
    statements = []
    when = f" WHEN NOT {_PAUSED}" if pausable else ""
    for table, scope, source in _SOURCES:
        name = _name(table)
        for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
            trigger = f"{name}_{event.lower()}"
            body = " ".join(_insert(scope, source, row) for row in rows)
            statements.append(f"DROP TRIGGER IF EXISTS {trigger}")
            statements.append(
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW{when} BEGIN {body} END"
            )
    return statements


def _install(schema_editor, *, pausable: bool) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": postgresql_sql, "sqlite": sqlite_sql}[vendor](pausable=pausable)
    for statement in statements:
        schema_editor.execute(statement)


def install(apps, schema_editor) -> None:
    _install(schema_editor, pausable=True)


def install_unpausable(apps, schema_editor) -> None:
    """Migration 0001's triggers (before `diary_change_pause` existed); 0002's way back."""
    _install(schema_editor, pausable=False)


def remove(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for table, _scope, _source in _SOURCES:
        name = _name(table)
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
