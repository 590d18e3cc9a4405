"""One consistent copy of the database while the server keeps writing, and its way back.

SQLite: the online backup API (`sqlite3.Connection.backup`) in one step, so the copy is one read
transaction's picture (WAL lets writers go on meanwhile); the row counts are taken from the copy.
PostgreSQL: a REPEATABLE READ transaction exports its snapshot, counts every table in it, and
`pg_dump --format=custom --snapshot=…` dumps exactly that snapshot (decision 0022).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

from zhurnal.integrations.backup.errors import BackupError


@dataclass(frozen=True)
class Database:
    """Where a database is: a SQLite file (or shared-memory URI), or a PostgreSQL database."""

    vendor: str  # "sqlite" or "postgresql"
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def of_alias(cls, alias: str = "default") -> Database:
        params = connections[alias].settings_dict
        vendor = connections[alias].vendor
        if vendor not in ("sqlite", "postgresql"):
            raise BackupError(f"резервное копирование не умеет работать с СУБД {vendor}")
        return cls(
            vendor=vendor,
            name=str(params["NAME"]),
            host=str(params.get("HOST") or ""),
            port=str(params.get("PORT") or ""),
            user=str(params.get("USER") or ""),
            password=str(params.get("PASSWORD") or ""),
        )

    def renamed(self, name: str) -> Database:
        return Database(self.vendor, name, self.host, self.port, self.user, self.password)

    @property
    def part_name(self) -> str:
        return "database.sqlite3" if self.vendor == "sqlite" else "database.pgdump"

    # --- PostgreSQL helpers ------------------------------------------------------------------

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        for key, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
        ):
            if value:
                env[key] = value
        return env

    def pg_connect(self, dbname: str | None = None, *, autocommit: bool = False):
        import psycopg

        kwargs = {"dbname": dbname or self.name, "autocommit": autocommit}
        for key, value in (("host", self.host), ("port", self.port), ("user", self.user)):
            if value:
                kwargs[key] = value
        if self.password:
            kwargs["password"] = self.password
        return psycopg.connect(**kwargs)

    def sqlite_connect(self, *, timeout: float = 30.0) -> sqlite3.Connection:
        return sqlite3.connect(self.name, timeout=timeout, uri=self.name.startswith("file:"))


# --- snapshot -------------------------------------------------------------------------------


def snapshot(db: Database, out: Path) -> dict[str, int]:
    """Write the database's consistent copy to `out`; return every table's row count in it."""
    if db.vendor == "sqlite":
        return _sqlite_snapshot(db, out)
    return _pg_snapshot(db, out)


def _sqlite_snapshot(db: Database, out: Path) -> dict[str, int]:
    source = db.sqlite_connect()
    target = sqlite3.connect(out)
    try:
        # pages=-1: the whole database in one step, inside one read transaction. Stepwise copying
        # restarts whenever another connection writes, and under a busy journal never ends.
        source.backup(target, pages=-1)
        return sqlite_counts(target)
    finally:
        target.close()
        source.close()


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [name for (name,) in rows]


def sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sqlite_tables(conn)}


PG_TABLES = """
SELECT schemaname, tablename FROM pg_tables
WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY schemaname, tablename
"""


def _pg_name(schema: str, table: str) -> str:
    return table if schema == "public" else f"{schema}.{table}"


def pg_counts(cursor) -> dict[str, int]:
    counts = {}
    for schema, table in cursor.execute(PG_TABLES).fetchall():
        (count,) = cursor.execute(f'SELECT COUNT(*) FROM "{schema}"."{table}"').fetchone()
        counts[_pg_name(schema, table)] = count
    return counts


def _pg_snapshot(db: Database, out: Path) -> dict[str, int]:
    if shutil.which("pg_dump") is None:
        raise BackupError("нет программы pg_dump: установите postgresql-client")
    conn = db.pg_connect()
    try:
        with conn.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            (snapshot_id,) = cursor.execute("SELECT pg_export_snapshot()").fetchone()
            # The transaction stays open until pg_dump has read the snapshot it exported.
            counts = pg_counts(cursor)
            done = subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot_id}",
                    f"--file={out}",
                    f"--dbname={db.name}",
                ],
                env=db.pg_env(),
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise BackupError(f"pg_dump завершился с ошибкой: {done.stderr.strip()}")
        conn.rollback()
        return counts
    finally:
        conn.close()


# --- restore ----------------------------------------------------------------------------------


def table_counts(db: Database) -> dict[str, int]:
    if db.vendor == "sqlite":
        conn = db.sqlite_connect()
        try:
            return sqlite_counts(conn)
        finally:
            conn.close()
    with db.pg_connect() as conn, conn.cursor() as cursor:
        return pg_counts(cursor)


def is_empty(db: Database) -> bool:
    """Empty means no tables at all: a new database, before `migrate`."""
    if db.vendor == "sqlite":
        if not db.name.startswith("file:") and not Path(db.name).exists():
            return True
        conn = db.sqlite_connect()
        try:
            return not sqlite_tables(conn)
        finally:
            conn.close()
    with db.pg_connect() as conn, conn.cursor() as cursor:
        return not cursor.execute(PG_TABLES).fetchall()


def restore(db: Database, part: Path) -> None:
    """Bring the copy back into `db`, replacing whatever it holds (the caller checked emptiness)."""
    if db.vendor == "sqlite":
        source = sqlite3.connect(part)
        if not db.name.startswith("file:"):
            Path(db.name).parent.mkdir(parents=True, exist_ok=True)
        target = db.sqlite_connect()
        try:
            source.backup(target, pages=-1)
        finally:
            target.close()
            source.close()
        return
    if shutil.which("pg_restore") is None:
        raise BackupError("нет программы pg_restore: установите postgresql-client")
    with db.pg_connect(autocommit=True) as conn:
        # Whatever --force allowed to be replaced goes first: pg_restore needs an empty schema.
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")
    done = subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={db.name}",
            str(part),
        ],
        env=db.pg_env(),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore завершился с ошибкой: {done.stderr.strip()}")


def create_scratch(db: Database, name: str) -> Database:
    """A new empty database beside `db` for the drill: a PostgreSQL database (the caller drops it
    with `drop_scratch`), or for SQLite the file `name`."""
    if db.vendor == "sqlite":
        return Database("sqlite", name)
    with db.pg_connect(autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return db.renamed(name)


def drop_scratch(origin: Database, scratch: Database) -> None:
    if scratch.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(scratch.name + suffix).unlink(missing_ok=True)
        return
    with origin.pg_connect(autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch.name}"')
