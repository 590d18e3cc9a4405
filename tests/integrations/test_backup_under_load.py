"""The test issue 11 names: a school's worth of data, a backup made while a teacher keeps writing
marks, a restore into an empty database, and every row and every file equal to the state at the
backup's moment, with no mark acknowledged before the backup began missing.

It runs the real commands in their own processes against their own databases (a SQLite file, or
scratch PostgreSQL databases beside the test database), as a server, an administrator's shell and
a second machine would. The SQLite test runs on SQLite, the PostgreSQL one on PostgreSQL.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from zhurnal.integrations.backup import archive

ROOT = Path(__file__).resolve().parents[2]
ZHURNAL = [sys.executable, "-m", "zhurnal"]
STUDENTS = 200
FILES = 12
# The backup's own record is made before the snapshot and finished after it.
UPDATED_AFTER = {"integrations_backuprecord"}


def _env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="zhurnal.settings", ZHURNAL_SCHEDULER="0", **extra)
    return env


def _run(env, *args, timeout=600) -> str:
    done = subprocess.run(
        [*ZHURNAL, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout


class Writer:
    """The busy teacher (tests/integrations/backup_writer.py) and the time each mark was acknowledged."""

    def __init__(self, env, stop: Path):
        self.stop = stop
        self.acks: list[tuple[int, float]] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integrations.backup_writer", str(stop)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            line = line.strip()
            if line == "ready":
                self.ready.set()
            elif line.isdigit():
                self.acks.append((int(line), time.monotonic()))

    def wait_for(self, marks: int, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while len(self.acks) < marks:
            assert self.process.poll() is None, "the writer stopped"
            assert time.monotonic() < deadline, "the writer is too slow"
            time.sleep(0.05)

    def finish(self):
        self.stop.touch()
        assert self.process.wait(timeout=60) == 0
        self.reader.join(timeout=10)


def _media(var: Path) -> dict[str, bytes]:
    files = {}
    for i in range(FILES):
        path = var / "media" / "homework" / f"задание-{i}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = f"Домашнее задание {i}\n".encode() * (i + 1)
        path.write_bytes(data)
        files[f"homework/задание-{i}.txt"] = data
    return files


def _rows_by_key(rows, columns) -> dict:
    key = columns.index("id") if "id" in columns else None
    return {(row[key] if key is not None else row): row for row in rows}


def _assert_state_at_the_backups_moment(source: dict, restored: dict, manifest_tables: dict, acked_before):
    assert set(restored) == set(source)
    for table, (columns, rows) in source.items():
        got_columns, got_rows = restored[table]
        assert got_columns == columns, table
        assert len(got_rows) == manifest_tables[table], f"{table}: rows differ from the manifest's count"
        src, dst = _rows_by_key(rows, columns), _rows_by_key(got_rows, columns)
        if len(src) == manifest_tables[table] and table not in UPDATED_AFTER:
            # Nobody wrote here since the snapshot: the copy holds exactly the source's rows.
            assert dst == src, f"{table}: restored rows differ from the source"
            continue
        # Written since (marks, their audit rows, parents' notifications): the copy holds rows the
        # source had, each as it is in the source.
        assert set(dst) <= set(src), f"{table}: restored rows the source never had"
        if table not in UPDATED_AFTER:
            changed = [k for k in dst if dst[k] != src[k]]
            assert not changed, f"{table}: restored rows differ from the source: {changed[:5]}"
    marks = set(_rows_by_key(restored["journal_mark"][1], restored["journal_mark"][0]))
    missing = sorted(set(acked_before) - marks)
    assert not missing, f"marks acknowledged before the backup began are missing: {missing[:10]}"


def _scenario(source_env, target_env, var_src: Path, var_dst: Path, read_all, tmp_path):
    _run(source_env, "migrate", "-v0")
    _run(source_env, "generate", "--students-per-school", str(STUDENTS))
    files = _media(var_src)
    writer = Writer(source_env, tmp_path / "stop")
    try:
        assert writer.ready.wait(120), "the writer did not start"
        writer.wait_for(20)
        began = time.monotonic()
        out = _run(source_env, "backup", "--output", str(tmp_path / "archives"), "--no-progress")
        writer.wait_for(len(writer.acks) + 20)  # it kept writing through and after the backup
    finally:
        writer.finish()
    acked_before = [pk for pk, at in writer.acks if at < began]
    assert len(acked_before) >= 20
    path = Path(out.split("\t")[0])
    manifest = archive.read(path)

    _run(target_env, "restore", str(path), "--no-progress")

    source, restored = read_all("source"), read_all("target")
    _assert_state_at_the_backups_moment(source, restored, manifest.tables, acked_before)
    # Marks written after the snapshot are in the source and not in the copy.
    assert len(source["journal_mark"][1]) > len(restored["journal_mark"][1])
    for name, data in files.items():
        assert (var_dst / "media" / name).read_bytes() == data
    assert {
        str(p.relative_to(var_dst / "media")) for p in (var_dst / "media").rglob("*") if p.is_file()
    } == set(files)


def _sqlite_read_all(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        tables = [
            t
            for (t,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        result = {}
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            result[table] = ([d[0] for d in cursor.description], cursor.fetchall())
        return result
    finally:
        conn.close()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite run; PostgreSQL has its own")
def test_a_backup_made_while_marks_are_written_restores_the_state_at_its_moment_on_sqlite(tmp_path):
    var_src, var_dst = tmp_path / "source", tmp_path / "target"
    source_env = _env(ZHURNAL_VAR_DIR=str(var_src))
    target_env = _env(ZHURNAL_VAR_DIR=str(var_dst))
    files = {"source": var_src / "zhurnal.sqlite3", "target": var_dst / "zhurnal.sqlite3"}
    _scenario(
        source_env, target_env, var_src, var_dst, lambda which: _sqlite_read_all(files[which]), tmp_path
    )


def _pg_url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _pg_read_all(name: str) -> dict:
    import psycopg

    with psycopg.connect(_pg_url(name)) as conn:
        tables = [
            t
            for (t,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        ]
        result = {}
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            result[table] = ([d.name for d in cursor.description], cursor.fetchall())
        return result


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL run; SQLite has its own")
def test_a_backup_made_while_marks_are_written_restores_the_state_at_its_moment_on_postgresql(tmp_path):
    import psycopg

    base = connection.settings_dict["NAME"]
    names = {"source": f"{base}_bk_source"[:63], "target": f"{base}_bk_target"[:63]}
    with psycopg.connect(_pg_url("postgres"), autocommit=True) as admin:
        for name in names.values():
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        var_src, var_dst = tmp_path / "source", tmp_path / "target"
        source_env = _env(
            ZHURNAL_VAR_DIR=str(var_src), DATABASE_URL=_pg_url(names["source"]), CONN_MAX_AGE="0"
        )
        target_env = _env(
            ZHURNAL_VAR_DIR=str(var_dst), DATABASE_URL=_pg_url(names["target"]), CONN_MAX_AGE="0"
        )
        _scenario(
            source_env, target_env, var_src, var_dst, lambda which: _pg_read_all(names[which]), tmp_path
        )
    finally:
        with psycopg.connect(_pg_url("postgres"), autocommit=True) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
