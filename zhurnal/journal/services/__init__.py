"""Every write to the journal: policy check, transaction, audit row (STYLE.md 3–4)."""

from zhurnal.journal.services.attendance import attendance_all_present, attendance_clear, attendance_set
from zhurnal.journal.services.batch import CellChange, CellOutcome, cell_batches_expire, cells_save
from zhurnal.journal.services.files import lesson_file_remove, lesson_files_add
from zhurnal.journal.services.lessons import lesson_create, lesson_substitute, lesson_update
from zhurnal.journal.services.marks import mark_create, mark_delete, mark_update
from zhurnal.journal.services.periods import journal_unlock, period_close, period_mark_set, period_reopen

__all__ = [
    "attendance_all_present",
    "attendance_clear",
    "attendance_set",
    "cell_batches_expire",
    "CellChange",
    "CellOutcome",
    "cells_save",
    "journal_unlock",
    "lesson_create",
    "lesson_file_remove",
    "lesson_files_add",
    "lesson_substitute",
    "lesson_update",
    "mark_create",
    "mark_delete",
    "mark_update",
    "period_close",
    "period_mark_set",
    "period_reopen",
]
