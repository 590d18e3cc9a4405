"""The diary's change log: what a family's 304 reads instead of counting a period's rows.

A conditional request to the diary must answer 304 when, and only when, nothing the family sees
has changed (issue 13). Counting the pupil's marks, absences, files and lessons of the period for
every such request cost most of a marks page's 304 (decisions 0040, 0041). Instead, the database
itself appends a row here for every insert, update and delete of those rows (triggers, installed
by `diary.triggers`): the pupil's rows under the pupil and the lesson's day, the lesson's and its
files' under the journal and the day. The ETag then carries the sum of the weights in the pupil's
and their journals' days of the answer: an index range read, whatever the year holds.

Why a sum of an append-only log and not a counter row per pupil: a counter updated by the writing
transaction holds its lock until commit, and two batches touching the same pupils in different
orders deadlock on PostgreSQL. Appending takes no lock that another writer waits on. The sum
cannot be fooled by commit order (a transaction that commits late still adds its rows), and it
grows by at least one with every committed change, so equal sums mean nothing changed. Rows may be
merged (one row per scope and day, weight the sum of theirs: the sums stay the same), never
deleted: a deletion could bring a sum back to a value an old ETag carried.
"""

from django.db import models


class Change(models.Model):
    class Scope(models.TextChoices):
        PUPIL = "p", "pupil"  # scope_id is the pupil: a mark or an attendance row changed
        JOURNAL = "j", "journal"  # scope_id is the journal: a lesson or a lesson's file changed

    id = models.BigAutoField(primary_key=True)
    scope = models.CharField(max_length=1, choices=Scope.choices)
    scope_id = models.BigIntegerField()
    day = models.DateField()  # the lesson's date
    weight = models.IntegerField(default=1)

    class Meta:
        db_table = "diary_change"
        # The answer's sums are range reads of this index alone (weight is in it for that).
        indexes = [models.Index(fields=["scope", "scope_id", "day", "weight"], name="diary_change_scope_day")]

    def __str__(self) -> str:
        return f"{self.scope}{self.scope_id}@{self.day}+{self.weight}"


class ChangePause(models.Model):
    """A row here pauses the log's triggers, for the one transaction that wrote it only.

    Only a bulk load of new rows uses it (`services.change_log_paused`): a school the generator
    builds is made in one transaction, so no family can hold an ETag of its pupils, and logging
    every one of its marks only made the load slower. The row is deleted before its transaction
    ends, and no other transaction ever sees a row that is not committed (PostgreSQL's MVCC;
    SQLite's one writer, whose readers see the last commit), so every other writer's rows are
    logged meanwhile (decision 0043)."""

    id = models.BigAutoField(primary_key=True)

    class Meta:
        db_table = "diary_change_pause"

    def __str__(self) -> str:
        return f"pause {self.pk}"
