"""Reads for the extracurricular pages; each runs a fixed number of queries however many
courses, groups, pupils and sessions it shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from zhurnal.core import clock
from zhurnal.extracurricular.access import teacher_ids
from zhurnal.extracurricular.models import (
    Course,
    CourseGroup,
    Direction,
    GroupMembership,
    PlanTopic,
    Session,
    SessionAttendance,
)
from zhurnal.extracurricular.scopes import staff_course_q
from zhurnal.extracurricular.services.sessions import next_plan_topic
from zhurnal.people.models import Enrollment, Staff, Student, enrolled_between_q
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import School

MARK = {SessionAttendance.Code.PRESENT: "+", SessionAttendance.Code.ABSENT: "н"}


def _plan_hours() -> Coalesce:
    """The hours of a course's plan, as a subquery column (no join, no duplicated rows)."""
    total = (
        PlanTopic.objects.filter(course_id=OuterRef("pk"))
        .order_by()
        .values("course_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def _held_sessions(today: dt.date, outer: str = "pk") -> Coalesce:
    """Sessions of a group held by `today`: each is one academic hour delivered."""
    held = (
        Session.objects.filter(group_id=OuterRef(outer), date__lte=today)
        .order_by()
        .values("group_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def _members_on(today: dt.date) -> Coalesce:
    members = (
        GroupMembership.objects.filter(enrolled_between_q(today, today), group_id=OuterRef("pk"))
        .order_by()
        .values("group_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), Value(0))


# --- the list of courses ---------------------------------------------------------------------------


@dataclass
class CourseRow:
    course: Course
    groups: list[CourseGroup]  # each with .held and .members
    teachers: list[Staff]

    @property
    def plan_hours(self) -> int:
        return self.course.plan_hours


@dataclass
class KeeperForm:
    school: School
    teachers: list[Staff]


@dataclass
class IndexPage:
    rows: list[CourseRow]
    children: list[Student]
    keeper_forms: list[KeeperForm] = field(default_factory=list)
    directions: list = field(default_factory=lambda: Direction.choices)


def course_list(actor: Actor) -> IndexPage:
    """The courses the actor reads as staff, with hours: the programme's, the plan's and, per
    group, those delivered (sessions held by today); and the family's pupils to open."""
    today = clock.today()
    rows: list[CourseRow] = []
    if actor.is_staff_member:
        groups = Prefetch(
            "groups",
            queryset=CourseGroup.objects.annotate(
                held=_held_sessions(today), members=_members_on(today)
            ).order_by("name"),
        )
        courses = (
            Course.objects.visible_to(actor)
            .filter(staff_course_q(actor), year__start__lte=today, year__end__gte=today)
            .select_related("school")
            .annotate(plan_hours=_plan_hours())
            .prefetch_related(groups, Prefetch("teachers", queryset=Staff.objects.order_by("last_name")))
            .order_by("school__short_name", "direction", "name")
        )
        rows = [
            CourseRow(course=c, groups=list(c.groups.all()), teachers=list(c.teachers.all())) for c in courses
        ]
    children: list[Student] = []
    if rules.may_follow_children(actor) or rules.may_read_own_diary(actor):
        children = list(
            Student.objects.visible_to(actor)
            .filter(pk__in=actor.own_student_ids)
            .order_by("last_name", "first_name")
        )
    keeper_schools = rules.extracurricular_keeper_school_ids(actor)
    forms = []
    if keeper_schools:
        staff = (
            Staff.objects.visible_to(actor)
            .filter(school_id__in=keeper_schools)
            .order_by("last_name", "first_name")
        )
        by_school: dict[int, list[Staff]] = {}
        for person in staff:
            by_school.setdefault(person.school_id, []).append(person)
        for school in School.objects.visible_to(actor).filter(pk__in=keeper_schools).order_by("short_name"):
            forms.append(KeeperForm(school=school, teachers=by_school.get(school.pk, [])))
    return IndexPage(rows=rows, children=children, keeper_forms=forms)


# --- one course --------------------------------------------------------------------------------------


@dataclass
class CoursePage:
    course: Course
    topics: list[PlanTopic]
    groups: list[CourseGroup]
    plan_hours: int
    may_keep: bool
    may_plan: bool


def course_page(actor: Actor, course: Course) -> CoursePage:
    today = clock.today()
    topics = list(PlanTopic.objects.filter(course=course).order_by("number", "pk"))
    groups = list(
        CourseGroup.objects.visible_to(actor)
        .filter(course=course)
        .annotate(held=_held_sessions(today), members=_members_on(today))
        .order_by("name")
    )
    teachers = teacher_ids(course)
    return CoursePage(
        course=course,
        topics=topics,
        groups=groups,
        plan_hours=sum(t.hours for t in topics),
        may_keep=rules.may_keep_extracurricular(actor, course.school_id),
        may_plan=rules.may_keep_course_plan(actor, course.school_id, teachers),
    )


# --- a group's journal --------------------------------------------------------------------------------


@dataclass
class Cell:
    session: Session
    code: str  # "present", "absent" or ""
    member: bool  # the pupil belonged to the group on the session's day
    editable: bool

    @property
    def mark(self) -> str:
        return MARK.get(self.code, "")


@dataclass
class GridRow:
    student: Student
    class_name: str
    memberships: list[GroupMembership]
    cells: list[Cell]
    present: int
    absent: int


@dataclass
class Candidate:
    student: Student
    class_name: str


@dataclass
class GroupJournal:
    group: CourseGroup
    sessions: list[Session]
    rows: list[GridRow]
    plan_hours: int
    held: int
    next_topic: PlanTopic | None
    may_keep: bool
    may_conduct: bool
    any_editable: bool
    candidates: list[Candidate]
    today: dt.date


def _class_name_of(student_ids, year_id, day) -> dict[int, str]:
    """Each pupil's class in the course's year on `day` (or their latest one that year)."""
    names: dict[int, str] = {}
    enrolments = (
        Enrollment.objects.filter(student_id__in=student_ids, class_group__year_id=year_id, start__lte=day)
        .select_related("class_group")
        .order_by("start")
    )
    for enrolment in enrolments:
        names[enrolment.student_id] = str(enrolment.class_group)
    return names


def group_journal(actor: Actor, group: CourseGroup, *, with_candidates: bool = True) -> GroupJournal:
    today = clock.today()
    course = group.course
    teachers = teacher_ids(course)
    sessions = list(Session.objects.filter(group=group).order_by("date", "time", "pk"))
    memberships = list(
        GroupMembership.objects.visible_to(actor)
        .filter(group=group)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student_id", "start")
    )
    codes = {
        (a.session_id, a.student_id): a.code
        for a in SessionAttendance.objects.filter(session__group=group).only(
            "session_id", "student_id", "code"
        )
    }
    by_student: dict[int, list[GroupMembership]] = {}
    for membership in memberships:
        by_student.setdefault(membership.student_id, []).append(membership)
    class_names = _class_name_of(list(by_student), course.year_id, min(today, course.year.end))
    editable_on = {
        s.pk: rules.may_record_session_attendance(actor, course.school, teachers, s.date, today)
        for s in sessions
    }
    rows = []
    for student_memberships in by_student.values():
        student = student_memberships[0].student
        cells = []
        for session in sessions:
            member = any(m.covers(session.date) for m in student_memberships)
            cells.append(
                Cell(
                    session=session,
                    code=codes.get((session.pk, student.pk), ""),
                    member=member,
                    editable=member and editable_on[session.pk],
                )
            )
        rows.append(
            GridRow(
                student=student,
                class_name=class_names.get(student.pk, ""),
                memberships=student_memberships,
                cells=cells,
                present=sum(c.code == SessionAttendance.Code.PRESENT for c in cells),
                absent=sum(c.code == SessionAttendance.Code.ABSENT for c in cells),
            )
        )
    may_keep = rules.may_keep_extracurricular(actor, group.school_id)
    candidates: list[Candidate] = []
    if may_keep and with_candidates:
        day = min(max(today, course.year.start), course.year.end)
        enrolments = (
            Enrollment.objects.filter(enrolled_between_q(day, day), class_group__year_id=course.year_id)
            .select_related("student", "class_group")
            .order_by(
                "class_group__grade", "class_group__letter", "student__last_name", "student__first_name"
            )
        )
        candidates = [Candidate(student=e.student, class_name=str(e.class_group)) for e in enrolments]
    plan_hours = PlanTopic.objects.filter(course=course).aggregate(total=Sum("hours"))["total"] or 0
    return GroupJournal(
        group=group,
        sessions=sessions,
        rows=rows,
        plan_hours=plan_hours,
        held=sum(1 for s in sessions if s.date <= today),
        next_topic=next_plan_topic(group),
        may_keep=may_keep,
        may_conduct=rules.may_conduct_course(actor, teachers) or may_keep,
        any_editable=any(editable_on.values()) and bool(rows),
        candidates=candidates,
        today=today,
    )


# --- a pupil's courses ----------------------------------------------------------------------------------


@dataclass
class PupilCourse:
    group: CourseGroup
    memberships: list[GroupMembership]
    sessions: list[tuple[Session, str]]  # sessions held while a member, with the mark
    present: int
    absent: int


def pupil_courses(actor: Actor, student: Student) -> list[PupilCourse]:
    """The pupil's groups and, for each, the sessions held while they belonged to it with their
    attendance. Read-only; the actor sees only memberships the scope allows."""
    today = clock.today()
    memberships = list(
        GroupMembership.objects.visible_to(actor)
        .filter(student=student)
        .select_related("group__course")
        .order_by("group__course__name", "group__name", "start")
    )
    by_group: dict[int, list[GroupMembership]] = {}
    for membership in memberships:
        by_group.setdefault(membership.group_id, []).append(membership)
    sessions = Session.objects.filter(group_id__in=list(by_group), date__lte=today).order_by(
        "date", "time", "pk"
    )
    codes = dict(
        SessionAttendance.objects.visible_to(actor)
        .filter(student=student, session__group_id__in=list(by_group))
        .values_list("session_id", "code")
    )
    held: dict[int, list[tuple[Session, str]]] = {}
    for session in sessions:
        if any(m.covers(session.date) for m in by_group[session.group_id]):
            held.setdefault(session.group_id, []).append((session, MARK.get(codes.get(session.pk, ""), "")))
    result = []
    for group_id, group_memberships in by_group.items():
        rows = held.get(group_id, [])
        result.append(
            PupilCourse(
                group=group_memberships[0].group,
                memberships=group_memberships,
                sessions=rows,
                present=sum(mark == "+" for _, mark in rows),
                absent=sum(mark == "н" for _, mark in rows),
            )
        )
    return result


# --- the API's reads -------------------------------------------------------------------------------


def groups_for_reader(actor: Actor) -> list[CourseGroup]:
    """Groups of the year under way the actor reads (staff: keepers and teachers; families: their
    pupils'), each with its course (and `.plan_hours`), teachers, `.held` and the memberships the
    actor may see (a family only its own pupils')."""
    today = clock.today()
    members = Prefetch(
        "memberships",
        queryset=GroupMembership.objects.visible_to(actor).order_by("student_id", "start"),
        to_attr="visible_members",
    )
    return list(
        CourseGroup.objects.visible_to(actor)
        .filter(course__year__start__lte=today, course__year__end__gte=today)
        .select_related("course")
        .annotate(held=_held_sessions(today), plan_hours=_plan_hours_of_group())
        .prefetch_related(members, Prefetch("course__teachers", queryset=Staff.objects.order_by("pk")))
        .order_by("course__name", "name", "pk")
    )


def _plan_hours_of_group() -> Coalesce:
    total = (
        PlanTopic.objects.filter(course_id=OuterRef("course_id"))
        .order_by()
        .values("course_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def plan_topics_of(course: Course) -> list[PlanTopic]:
    return list(PlanTopic.objects.filter(course=course).order_by("number", "pk"))
