"""When a journal cell may change: grading mode, the edit window, closed periods, unlocks."""

import datetime as dt

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.rawsql import ModelColumns, fetch, fetch_value
from zhurnal.journal.memo import memoized
from zhurnal.journal.models import JournalUnlock, Lesson
from zhurnal.people.models import TeachingAssignment
from zhurnal.schools.models import GradingMode, StudyPeriod

# The plan's mode of the assignment's subject and grade (`_plan_mode_params`), as a scalar.
_PLAN_MODE_SQL = (
    "SELECT grading_mode FROM schools_curriculumplan"
    " WHERE year_id = %s AND grade = %s AND subject_id = %s ORDER BY id LIMIT 1"
)


def _plan_mode_params(assignment: TeachingAssignment) -> list:
    return [assignment.year_id, assignment.grade, assignment.subject_id]


def mode_or_default(assignment: TeachingAssignment, planned: str | None) -> str:
    """The plan's mode, or the law's when the plan has none: grade 1 is unmarked."""
    if planned:
        return planned
    return GradingMode.NONE if assignment.grade == 1 else GradingMode.MARKS


@memoized(key=lambda assignment: assignment.pk)
def grading_mode(assignment: TeachingAssignment) -> str:
    """The curriculum's mode for the subject in the class's grade; grade 1 is unmarked by law.
    Plain SQL (core.rawsql): it is asked on every journal page and every mark saved."""
    return mode_or_default(assignment, fetch_value(_PLAN_MODE_SQL, _plan_mode_params(assignment)))


_PERIOD = ModelColumns(StudyPeriod, "p")

# The shortest period of the grade containing the day, not the year (`_period_params`).
_PERIOD_WHERE = (
    "p.year_id = %s AND p.grade_from <= %s AND p.grade_to >= %s AND p.start <= %s"
    ' AND p."end" >= %s AND p.kind <> %s ORDER BY p."end", p.id LIMIT 1'
)


def _period_params(assignment: TeachingAssignment, day: dt.date) -> list:
    grade = assignment.grade
    day = connection.ops.adapt_datefield_value(day)
    return [assignment.year_id, grade, grade, day, day, StudyPeriod.Kind.YEAR]


@memoized(key=lambda assignment, day: (assignment.pk, day))
def period_of(assignment: TeachingAssignment, day: dt.date) -> StudyPeriod | None:
    """The shortest study period of the class's grade that contains the day (quarter before year).
    Plain SQL (core.rawsql): every save asks it."""
    rows = fetch(
        f"SELECT {_PERIOD.select(connection)} FROM schools_studyperiod p WHERE {_PERIOD_WHERE}",
        _period_params(assignment, day),
    )
    return _PERIOD.build(rows[0]) if rows else None


def cell_rules_sql(extra_columns: str = "", extra_joins: str = "", db=connection) -> str:
    """One row: the day's period (`period_of`, NULLs for none) and the plan's grading mode
    (`grading_mode` before its default), with a caller's own columns (taking no params) and
    LEFT JOINs after them. A single save reads them at once (decision 0041); the params are
    `cell_rules_params` followed by the joins'."""
    columns = f"{_PERIOD.select(db)}, ({_PLAN_MODE_SQL}) AS planned_mode"
    return (
        f"SELECT {columns}{f', {extra_columns}' if extra_columns else ''}"
        f" FROM (SELECT 1 AS one) o LEFT JOIN schools_studyperiod p"
        f" ON p.id = (SELECT p.id FROM schools_studyperiod p WHERE {_PERIOD_WHERE}){extra_joins}"
    )


def cell_rules_params(assignment: TeachingAssignment, day: dt.date) -> list:
    return [*_plan_mode_params(assignment), *_period_params(assignment, day)]


def cell_rules_of(row, assignment: TeachingAssignment) -> tuple[StudyPeriod | None, str, int]:
    """(period, grading mode, where the caller's columns start) of a `cell_rules_sql` row."""
    return _PERIOD.build(row), mode_or_default(assignment, row[len(_PERIOD)]), len(_PERIOD) + 1


@memoized(key=lambda assignment_id, day: (assignment_id, day))
def _unlocked(assignment_id: int, day: dt.date) -> bool:
    return JournalUnlock.objects.filter(
        assignment_id=assignment_id, date_from__lte=day, date_to__gte=day, expires_at__gt=timezone.now()
    ).exists()


def window_days(school, *parts: str) -> int | None:
    """The school's edit window if it covers any of these parts of the journal, else None (then
    only a closed period locks them): one setting, `School.edit_window_covers`, for all four."""
    return school.edit_window_days if any(school.edit_window_locks(p) for p in parts) else None


_ASK = object()  # `period` not given: read it


def check_cell_editable(lesson: Lesson, *, part: str, reason: str = "", period=_ASK) -> None:
    """Marks and attendance (`part`): not in the future, not on a cancelled lesson, not past the
    edit window (if the school's window covers the part) or in a closed period unless the deputy
    director unlocked it — and then with a reason. `period`: the lesson day's, when the caller
    read it already (`cell_rules_sql`)."""
    today = clock.today()
    if lesson.status == Lesson.Status.CANCELLED:
        raise InvalidInput(_("Урок отменён: отметки и посещаемость не ставятся."), code="lesson_cancelled")
    if lesson.date > today:
        raise InvalidInput(
            _("Урок ещё не прошёл: отметки ставятся в день урока или позже."), code="lesson_in_future"
        )
    check_date_editable(
        lesson.assignment,
        lesson.date,
        edit_window_days=window_days(lesson.school, part),
        reason=reason,
        period=period,
    )


def check_date_editable(
    assignment: TeachingAssignment,
    day: dt.date,
    *,
    edit_window_days: int | None,
    reason: str = "",
    period=_ASK,
) -> None:
    """Refuse a change of a closed period's (or, with a window, a past) date unless it is unlocked.

    A change that goes through only because of the deputy's unlock must say why (DESIGN.md §1).
    `edit_window_days=None` checks the period alone (lesson topics, homework files, period marks).
    """
    if period is _ASK:
        period = period_of(assignment, day)
    closed = period is not None and period.closed
    late = edit_window_days is not None and (clock.today() - day).days > edit_window_days
    if not (closed or late):
        return
    if not _unlocked(assignment.pk, day):
        if closed:
            raise Forbidden(
                _("Период «%(period)s» закрыт: изменения возможны только с разрешения заместителя директора.")
                % {"period": period.name},
                code="period_closed",
            )
        raise Forbidden(
            _("Срок исправления истёк (%(days)s дн. после урока): нужно разрешение заместителя директора.")
            % {"days": edit_window_days},
            code="edit_window_passed",
        )
    require_reason(reason)


def require_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise InvalidInput(
            _("Изменение после закрытия периода или срока исправления: укажите причину."),
            field="reason",
            code="reason_required",
        )


def check_year_open(assignment: TeachingAssignment, *, reason: str = "") -> None:
    """Year, exam and final marks: locked once the year period of the grade is closed."""
    grade = assignment.grade
    year_period = (
        StudyPeriod.objects.filter(
            year_id=assignment.year_id, kind=StudyPeriod.Kind.YEAR, grade_from__lte=grade, grade_to__gte=grade
        )
        .order_by()
        .first()
    )
    if year_period is None or not year_period.closed:
        return
    if not _unlocked(assignment.pk, year_period.end):
        raise Forbidden(
            _("Учебный год закрыт: изменения возможны только с разрешения заместителя директора."),
            code="period_closed",
        )
    require_reason(reason)


_UNLOCK = ModelColumns(JournalUnlock, "u")


def active_unlocks(assignment_id: int) -> list[dict]:
    """The journal's unlocks not yet expired, latest expiry first. Plain SQL (core.rawsql): the
    ORM's `.values()` query cost the journal page 0.3 ms to build, on a table that is mostly empty;
    `tests/journal/test_grid_sql.py` checks it against the ORM's reading."""
    rows = fetch(
        f"SELECT {_UNLOCK.select(connection)} FROM journal_journalunlock u"
        " WHERE u.assignment_id = %s AND u.expires_at > %s ORDER BY u.expires_at DESC, u.id",
        [assignment_id, connection.ops.adapt_datetimefield_value(timezone.now())],
    )
    return [
        {"date_from": u.date_from, "date_to": u.date_to, "expires_at": u.expires_at}
        for u in map(_UNLOCK.build, rows)
    ]


def grid_locks(assignment: TeachingAssignment, lessons: list[dict], period: StudyPeriod | None) -> dict:
    """What the grid draws as locked before anyone types, by the same rules the services apply:
    `{"kinds": {kind: {"marks"|"attendance"|"topic"|"homework": why}}, "lessons": {id: kind},
    "unlock": {...} | None}`, kind being "closed" or "window". Each reason is sent once, not with
    every locked lesson: a quarter's lessons repeated it into a fifth of the page.

    A lesson in a closed period is locked whole; past the edit window only the parts the school's
    setting covers. An active unlock of the deputy director opens its dates (with a reason)."""
    school = assignment.school
    today = clock.today()
    unlocks = active_unlocks(assignment.pk)
    closed = bool(period and period.closed)
    closed_why = _("Период закрыт: изменения возможны только с разрешения заместителя директора.")
    window_why = _(
        "Срок исправления истёк (%(days)s дн. после урока): нужно разрешение заместителя директора."
    ) % {"days": school.edit_window_days}
    covered = [
        part for part in ("marks", "attendance", "topic", "homework") if school.edit_window_locks(part)
    ]
    # Dates compared as ISO text (the lessons' own form here; the order is the dates' order).
    opened = [(u["date_from"].isoformat(), u["date_to"].isoformat()) for u in unlocks]
    last_open = (today - dt.timedelta(days=school.edit_window_days)).isoformat()
    whole = dict.fromkeys(("marks", "attendance", "topic", "homework"), closed_why)
    window = dict.fromkeys(covered, window_why)
    locked: dict[str, str] = {}  # by lesson id, as text: the keys of a JSON object
    if closed or covered:
        for lesson in lessons:
            day = lesson["date"]
            if opened and any(start <= day <= end for start, end in opened):
                continue
            if closed:
                locked[str(lesson["id"])] = "closed"
            elif covered and day < last_open:
                locked[str(lesson["id"])] = "window"
    unlock = unlocks[0] if unlocks else None
    return {
        "kinds": {
            kind: why for kind, why in (("closed", whole), ("window", window)) if kind in locked.values()
        },
        "lessons": locked,
        "unlock": {
            "date_from": unlock["date_from"].strftime("%d.%m.%Y"),
            "date_to": unlock["date_to"].strftime("%d.%m.%Y"),
            "until": timezone.localtime(unlock["expires_at"]).strftime("%d.%m.%Y %H:%M"),
        }
        if unlock
        else None,
    }
