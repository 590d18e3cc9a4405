"""The diary's own writes: only the upkeep of its change log (a system job, the scheduler's, and
the bulk loader's pause; not a user's write: no policy, no audit row). What families see is
written by the journal's services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Max
from django.db.transaction import TransactionManagementError

from zhurnal.diary.models import Change, ChangePause

# The groups of rows (scope, pupil or journal, day) that hold more than one row, up to `cutoff`.
_MANY = (
    "SELECT scope, scope_id, day FROM diary_change WHERE id <= %s"
    " GROUP BY scope, scope_id, day HAVING COUNT(*) > 1"
)


def diary_changes_merge() -> int:
    """Merge the change log's rows into one per scope and day, its weight the sum of theirs; the
    number of rows gone. Every sum a family's ETag reads stays what it was (decision 0042): the
    merged rows leave in the same statement (PostgreSQL) or the same write transaction (SQLite)
    that adds their sum, and a row still uncommitted is not seen, so not merged, and counts when
    it commits."""
    with transaction.atomic():
        cutoff = Change.objects.aggregate(last=Max("id"))["last"]
        if cutoff is None:
            return 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # One statement: exactly the rows deleted are summed (under READ COMMITTED, a
                # second statement could see a row committed in between and delete it unsummed).
                cursor.execute(
                    f"WITH many AS ({_MANY}), gone AS (DELETE FROM diary_change c USING many m"
                    " WHERE c.id <= %s AND c.scope = m.scope AND c.scope_id = m.scope_id AND c.day = m.day"
                    " RETURNING c.scope, c.scope_id, c.day, c.weight),"
                    " merged AS (INSERT INTO diary_change (scope, scope_id, day, weight)"
                    " SELECT scope, scope_id, day, SUM(weight) FROM gone GROUP BY scope, scope_id, day"
                    " RETURNING 1)"
                    " SELECT (SELECT COUNT(*) FROM gone), (SELECT COUNT(*) FROM merged)",
                    [cutoff, cutoff],
                )
                deleted, added = cursor.fetchone()
            else:
                # SQLite has one writer: from the first statement on, nothing commits in between.
                cursor.execute(
                    "INSERT INTO diary_change (scope, scope_id, day, weight)"
                    " SELECT scope, scope_id, day, SUM(weight) FROM diary_change WHERE id <= %s"
                    " GROUP BY scope, scope_id, day HAVING COUNT(*) > 1",
                    [cutoff],
                )
                added = cursor.rowcount
                cursor.execute(
                    f"DELETE FROM diary_change WHERE id <= %s AND (scope, scope_id, day) IN ({_MANY})",
                    [cutoff, cutoff],
                )
                deleted = cursor.rowcount
    return deleted - added


@contextmanager
def change_log_paused() -> Iterator[None]:
    """Within the caller's transaction, write no change log rows (decision 0043): for a bulk load
    whose every row is new in this same transaction (`demo.builder.build_school`), so no family
    holds an ETag its rows could leave stale. Other transactions' writes are logged meanwhile:
    the pause row is never committed (deleted at the end, or rolled back with the savepoint when
    the block raises), and no other transaction sees a row that is not."""
    if not connection.in_atomic_block:
        raise TransactionManagementError(
            "change_log_paused() pauses the log inside the transaction that creates the rows only"
        )
    with transaction.atomic():
        pause = ChangePause.objects.create()
        yield
        ChangePause.objects.filter(pk=pause.pk).delete()
