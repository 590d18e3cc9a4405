"""One access function per protected thing (STYLE.md 5).

An actor who cannot see the record gets 404 (NotFound), the same as for a missing one; an actor
who can see it but may not write gets 403 (Forbidden). Pupils and parents never write.
"""

from django.db import connection
from django.utils.translation import gettext as _

from zhurnal.accounts.models import Role
from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.core.rawsql import ModelColumns, fetch
from zhurnal.journal.models import Lesson, Mark
from zhurnal.people.models import Staff, Student, TeachingAssignment
from zhurnal.policy.actor import Actor
from zhurnal.policy.scopes import may_read_journal
from zhurnal.schools.models import AcademicYear, ClassGroup, School, Subgroup, Subject

JOURNAL_WRITER_ROLES = (Role.TEACHER, Role.CLASS_TEACHER)
PERIOD_KEEPER_ROLES = (Role.DEPUTY, Role.DIRECTOR)


def _not_found():
    return NotFound(_("Не найдено."))


def may_write_assignment(actor: Actor, assignment: TeachingAssignment) -> bool:
    return actor.has_role(*JOURNAL_WRITER_ROLES) and actor.staff_id == assignment.teacher_id


def may_write_lesson(actor: Actor, lesson: Lesson) -> bool:
    """The assignment's teacher, or the teacher who conducts it as a substitute."""
    return (
        actor.has_role(*JOURNAL_WRITER_ROLES)
        and actor.staff_id is not None
        and (actor.staff_id in (lesson.teacher_id, lesson.assignment.teacher_id))
    )


def may_keep_periods(actor: Actor, school_id: int) -> bool:
    """Close and reopen periods, unlock journals, assign substitutes: the deputy (and director)."""
    return school_id in actor.school_ids(*PERIOD_KEEPER_ROLES)


def _denied_write():
    return Forbidden(_("У вас нет права вносить изменения в этот журнал."), code="forbidden")


_LESSON_RELATED = ("assignment__class_group", "assignment__subgroup", "assignment__subject", "school")


_ASSIGNMENT = ModelColumns(TeachingAssignment, "ta")
# The assignment's relations the journal's pages, services and API read, loaded with it.
_ASSIGNMENT_RELATED = (
    ("class_group", ModelColumns(ClassGroup, "cg"), "JOIN"),
    ("subgroup", ModelColumns(Subgroup, "sg"), "LEFT JOIN"),
    ("subject", ModelColumns(Subject, "su"), "JOIN"),
    ("teacher", ModelColumns(Staff, "te"), "JOIN"),
    ("school", ModelColumns(School, "sc"), "JOIN"),
    ("year", ModelColumns(AcademicYear, "ye"), "JOIN"),
)


def _assignment_sql(connection) -> str:
    columns = [_ASSIGNMENT.select(connection)]
    joins = []
    for name, related, join in _ASSIGNMENT_RELATED:
        field = TeachingAssignment._meta.get_field(name)
        columns.append(related.select(connection))
        joins.append(
            f"{join} {related.model._meta.db_table} {related.alias}"
            f" ON {related.alias}.id = ta.{connection.ops.quote_name(field.column)}"
        )
    return f"SELECT {', '.join(columns)} FROM people_teachingassignment ta {' '.join(joins)} WHERE ta.id = %s"


def assignment_loaded(assignment_id) -> TeachingAssignment | None:
    """One assignment with its class, subgroup, subject, teacher, school and year, in one plain
    SQL read (core.rawsql) — every journal page and API call starts here. No policy: callers check."""
    try:
        assignment_id = int(assignment_id)
    except (TypeError, ValueError):
        return None
    if not 0 < assignment_id < 2**63:  # a BIGINT; a larger number names no row
        return None
    rows = fetch(_assignment_sql(connection), [assignment_id])
    if not rows:
        return None
    row = rows[0]
    assignment = _ASSIGNMENT.build(row)
    offset = len(_ASSIGNMENT)
    for name, related, _join in _ASSIGNMENT_RELATED:
        TeachingAssignment._meta.get_field(name).set_cached_value(assignment, related.build(row, offset))
        offset += len(related)
    return assignment


def assignment_for_reader(actor: Actor, assignment_id) -> TeachingAssignment:
    """A journal the actor reads as staff: their own, their class's, or all for the deputy/director."""
    assignment = assignment_loaded(assignment_id)
    if assignment is None or not may_read_journal(actor, assignment):
        raise _not_found()
    return assignment


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
    lesson = Lesson.objects.select_related(*_LESSON_RELATED).filter(pk=lesson_id).first()
    if lesson is not None and may_write_lesson(actor, lesson):
        return lesson
    if lesson is None or not Lesson.objects.visible_to(actor).filter(pk=lesson_id).exists():
        raise _not_found()
    raise _denied_write()


def mark_for_writer(actor: Actor, mark_id) -> Mark:
    """As lesson_for_writer: the teacher's own mark by key; only a refusal checks visibility."""
    mark = (
        Mark.objects.select_related(*(f"lesson__{name}" for name in _LESSON_RELATED), "work_type")
        .filter(pk=mark_id)
        .first()
    )
    if mark is not None and may_write_lesson(actor, mark.lesson):
        return mark
    if mark is None or not Mark.objects.visible_to(actor).filter(pk=mark_id).exists():
        raise _not_found()
    raise _denied_write()


def student_of_lesson(lesson: Lesson, student_id) -> Student:
    """A pupil on the lesson's roster that day (class enrolment, and subgroup if any)."""
    from zhurnal.journal.roster import roster_filter

    student = Student.objects.filter(
        roster_filter(lesson.assignment, lesson.date, lesson.date), pk=student_id
    ).first()
    if student is None:
        raise NotFound(
            _("Обучающийся не найден в списке класса на дату урока."), field="student", code="not_in_class"
        )
    return student
