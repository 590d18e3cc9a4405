"""One access function per protected thing (STYLE.md 5).

An actor who cannot see the record gets 404 (NotFound), the same as for a missing one; an actor
who can see it but may not write gets 403 (Forbidden). Pupils and parents never write.
"""

from django.db import connection
from django.utils.translation import gettext as _

from zhurnal.accounts.models import Role
from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.core.rawsql import ModelColumns, fetch, record_id
from zhurnal.journal import memo
from zhurnal.journal.memo import memoized
from zhurnal.journal.models import Lesson, Mark, WorkType
from zhurnal.people.models import Staff, Student, TeachingAssignment
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.policy.scopes import led_pupil_ids, may_read_journal, reads_group_journal_in_part
from zhurnal.schools.models import AcademicYear, ClassGroup, School, StudyGroup, Subgroup, Subject

JOURNAL_WRITER_ROLES = (Role.TEACHER, Role.CLASS_TEACHER)


def _not_found():
    return NotFound(_("Не найдено."))


def may_write_assignment(actor: Actor, assignment: TeachingAssignment) -> bool:
    return actor.has_role(*JOURNAL_WRITER_ROLES) and assignment.teacher_id in actor.staff_ids


def may_write_lesson(actor: Actor, lesson: Lesson) -> bool:
    """The assignment's teacher, or the teacher who conducts it as a substitute."""
    return actor.has_role(*JOURNAL_WRITER_ROLES) and (
        lesson.teacher_id in actor.staff_ids or lesson.assignment.teacher_id in actor.staff_ids
    )


# The one predicate lives in policy (role logic belongs there); named here for the journal's services.
may_keep_periods = rules.may_keep_periods


def _denied_write():
    return Forbidden(_("У вас нет права вносить изменения в этот журнал."), code="forbidden")


_LESSON_RELATED = (
    "assignment__class_group",
    "assignment__subgroup",
    "assignment__study_group",
    "assignment__subject",
    "school",
)


# --- one record with everything a journal write or page reads, in one plain SQL read ----------
# (core.rawsql, decision 0006: every save and every journal page starts here). No policy here:
# the callers below decide, and tests/policy/test_rule_twins.py and tests/journal/ keep them honest.

_ASSIGNMENT = ModelColumns(TeachingAssignment, "ta")
_ASSIGNMENT_RELATED = (
    ("class_group", ModelColumns(ClassGroup, "cg"), "LEFT JOIN"),
    ("subgroup", ModelColumns(Subgroup, "sg"), "LEFT JOIN"),
    ("study_group", ModelColumns(StudyGroup, "sgr"), "LEFT JOIN"),
    ("subject", ModelColumns(Subject, "su"), "JOIN"),
    ("teacher", ModelColumns(Staff, "te"), "JOIN"),
    ("school", ModelColumns(School, "sc"), "JOIN"),
    ("year", ModelColumns(AcademicYear, "ye"), "JOIN"),
)
# What a save reads of a lesson's journal (the class's grade, the school's edit window), and no
# more: every table joined costs PostgreSQL planning time (8 tables took 2 ms to plan, 4 take
# 0.2 ms). The other relations load on access.
# A study group's journal loads its group on access (one query more on its saves only).
_SAVE_RELATED = tuple(r for r in _ASSIGNMENT_RELATED if r[0] in ("class_group", "school"))
_LESSON = ModelColumns(Lesson, "le")
_MARK = ModelColumns(Mark, "mk")
_MARK_WORK_TYPE = ModelColumns(WorkType, "wt")


def _assignment_select(connection, related=_ASSIGNMENT_RELATED) -> tuple[str, str]:
    """The assignment's columns and its relations', and the joins from `ta`."""
    columns = [_ASSIGNMENT.select(connection)]
    joins = []
    for name, model_columns, join in related:
        column = connection.ops.quote_name(TeachingAssignment._meta.get_field(name).column)
        columns.append(model_columns.select(connection))
        joins.append(
            f"{join} {model_columns.model._meta.db_table} {model_columns.alias}"
            f" ON {model_columns.alias}.id = ta.{column}"
        )
    return ", ".join(columns), " ".join(joins)


def _assignment_built(row, offset: int, related=_ASSIGNMENT_RELATED) -> TeachingAssignment:
    assignment = _ASSIGNMENT.build(row, offset)
    offset += len(_ASSIGNMENT)
    for name, model_columns, _join in related:
        TeachingAssignment._meta.get_field(name).set_cached_value(
            assignment, model_columns.build(row, offset)
        )
        offset += len(model_columns)
    if TeachingAssignment._meta.get_field("subgroup").is_cached(assignment):
        subgroup = assignment.subgroup
        if subgroup is not None and subgroup.class_group_id == assignment.class_group_id:
            # A subgroup names itself with its class («2А · группа 1»): the class is already here.
            Subgroup._meta.get_field("class_group").set_cached_value(subgroup, assignment.class_group)
    return assignment


def _lesson_built(row, offset: int) -> Lesson:
    lesson = _LESSON.build(row, offset)
    assignment = _assignment_built(row, offset + len(_LESSON), _SAVE_RELATED)
    Lesson._meta.get_field("assignment").set_cached_value(lesson, assignment)
    if lesson.school_id == assignment.school_id:
        Lesson._meta.get_field("school").set_cached_value(lesson, assignment.school)
    return lesson


def assignment_loaded(assignment_id) -> TeachingAssignment | None:
    """One assignment with its class, subgroup, subject, teacher, school and year."""
    assignment_id = record_id(assignment_id)
    if assignment_id is None:
        return None
    columns, joins = _assignment_select(connection)
    rows = fetch(
        f"SELECT {columns} FROM people_teachingassignment ta {joins} WHERE ta.id = %s", [assignment_id]
    )
    return _assignment_built(rows[0], 0) if rows else None


@memoized(key=lambda lesson_id: record_id(lesson_id))
def lesson_loaded(lesson_id) -> Lesson | None:
    """One lesson with its school, and its assignment with the class and the school."""
    lesson_id = record_id(lesson_id)
    if lesson_id is None:
        return None
    columns, joins = _assignment_select(connection, _SAVE_RELATED)
    rows = fetch(
        f"SELECT {_LESSON.select(connection)}, {columns} FROM journal_lesson le"
        f" JOIN people_teachingassignment ta ON ta.id = le.assignment_id {joins} WHERE le.id = %s",
        [lesson_id],
    )
    return _lesson_built(rows[0], 0) if rows else None


def mark_loaded(mark_id) -> Mark | None:
    """One mark with its work type and its lesson (as `lesson_loaded` loads it)."""
    mark_id = record_id(mark_id)
    if mark_id is None:
        return None
    columns, joins = _assignment_select(connection, _SAVE_RELATED)
    rows = fetch(
        f"SELECT {_MARK.select(connection)}, {_MARK_WORK_TYPE.select(connection)},"
        f" {_LESSON.select(connection)}, {columns} FROM journal_mark mk"
        " JOIN journal_worktype wt ON wt.id = mk.work_type_id"
        " JOIN journal_lesson le ON le.id = mk.lesson_id"
        f" JOIN people_teachingassignment ta ON ta.id = le.assignment_id {joins} WHERE mk.id = %s",
        [mark_id],
    )
    if not rows:
        return None
    row = rows[0]
    mark = _MARK.build(row)
    Mark._meta.get_field("work_type").set_cached_value(mark, _MARK_WORK_TYPE.build(row, len(_MARK)))
    lesson = _lesson_built(row, len(_MARK) + len(_MARK_WORK_TYPE))
    Mark._meta.get_field("lesson").set_cached_value(mark, lesson)
    return mark


def assignment_for_reader(actor: Actor, assignment_id) -> TeachingAssignment:
    """A journal the actor reads as staff: their own, their class's, or all for the deputy/director."""
    assignment = assignment_loaded(assignment_id)
    if assignment is None or not may_read_journal(actor, assignment):
        raise _not_found()
    return assignment


def grid_pupils_for(actor: Actor, assignment: TeachingAssignment) -> set[int] | None:
    """The pupils whose rows a reader of this journal sees, or None for all: a class teacher who
    reads a study group's journal only because their pupils are in it sees only those."""
    return led_pupil_ids(actor) if reads_group_journal_in_part(actor, assignment) else None


def assignment_for_writer(actor: Actor, assignment_id) -> TeachingAssignment:
    assignment = assignment_for_reader(actor, assignment_id)
    if not may_write_assignment(actor, assignment):
        raise _denied_write()
    return assignment


def lesson_for_reader(actor: Actor, lesson_id) -> Lesson:
    lesson = Lesson.objects.visible_to(actor).select_related(*_LESSON_RELATED).filter(pk=lesson_id).first()
    if lesson is None:
        raise _not_found()
    return lesson


def lesson_for_staff_reader(actor: Actor, lesson_id) -> Lesson:
    """A lesson the actor reads as staff (not as a parent): cell histories, other pupils' data."""
    from zhurnal.journal.scopes import lesson_q_staff

    lesson = Lesson.objects.filter(lesson_q_staff(actor)).filter(pk=lesson_id).first()
    if lesson is None:
        raise _not_found()
    return lesson


def lesson_for_writer(actor: Actor, lesson_id) -> Lesson:
    """The writer's own lesson by primary key (being its teacher implies seeing it, and skips the
    visibility subqueries on every save); only a refusal asks whether it is 404 or 403."""
    lesson = lesson_loaded(lesson_id)
    if lesson is not None and may_write_lesson(actor, lesson):
        return lesson
    if lesson is None or not Lesson.objects.visible_to(actor).filter(pk=lesson_id).exists():
        raise _not_found()
    raise _denied_write()


def mark_for_writer(actor: Actor, mark_id) -> Mark:
    """As lesson_for_writer: the teacher's own mark by key; only a refusal checks visibility."""
    mark = mark_loaded(mark_id)
    if mark is not None and may_write_lesson(actor, mark.lesson):
        return mark
    if mark is None or not Mark.objects.visible_to(actor).filter(pk=mark_id).exists():
        raise _not_found()
    raise _denied_write()


_STUDENT = ModelColumns(Student, "s")


def student_of_lesson(lesson: Lesson, student_id) -> Student:
    """A pupil on the lesson's roster that day (class enrolment, and subgroup if any): the
    journal.roster rule, as one plain SQL read on every save."""
    from zhurnal.journal.roster import on_roster

    student_id = record_id(student_id)
    if memo.active():
        student = _roster_of(lesson).get(student_id)
        if student is None:
            raise NotFound(
                _("Обучающийся не найден в списке класса на дату урока."),
                field="student",
                code="not_in_class",
            )
        return student
    condition, params = on_roster(lesson.assignment, lesson.date, lesson.date)
    rows = (
        fetch(
            f"SELECT {_STUDENT.select(connection)} FROM people_student s WHERE s.id = %s AND {condition}",
            [student_id, *params],
        )
        if student_id is not None
        else []
    )
    student = _STUDENT.build(rows[0]) if rows else None
    if student is None:
        raise NotFound(
            _("Обучающийся не найден в списке класса на дату урока."), field="student", code="not_in_class"
        )
    return student


@memoized(key=lambda lesson: lesson.pk)
def _roster_of(lesson: Lesson) -> dict[int, Student]:
    """The lesson's whole roster that day in one read, for a batch of its cells."""
    from zhurnal.journal.roster import on_roster, roster_driver

    # Driven by the class's enrolments (indexed), never a scan of every pupil of the region.
    driver, driver_params = roster_driver(lesson.assignment)
    condition, params = on_roster(lesson.assignment, lesson.date, lesson.date)
    rows = fetch(
        f"SELECT {_STUDENT.select(connection)} FROM people_student s WHERE s.id IN ({driver}) AND {condition}",
        [*driver_params, *params],
    )
    students = [_STUDENT.build(row) for row in rows]
    return {student.pk: student for student in students}
