"""`GET /extracurricular/groups` and `GET /extracurricular/sessions`: the extracurricular journal."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from zhurnal.api.errors import ErrorOut, ServiceErrorOut, ValidationErrorOut, forbidden
from zhurnal.api.schemas import MAX_ID
from zhurnal.api.security import request_actor
from zhurnal.extracurricular import access, selectors
from zhurnal.policy import rules

router = Router(tags=["extracurricular"])


class XCourseOut(Schema):
    id: int
    name: str
    direction: str
    hours: int


class XMemberOut(Schema):
    student: int
    start: dt.date
    end: dt.date | None


class XGroupOut(Schema):
    id: int
    name: str
    course: XCourseOut
    teacher_ids: list[int]
    plan_hours: int
    held_hours: int
    members: list[XMemberOut]


class XPlanTopicOut(Schema):
    id: int
    number: int
    title: str


class XSessionOut(Schema):
    id: int
    date: dt.date
    time: str | None
    topic: str
    notes: str
    plan_topic: XPlanTopicOut | None


class XAttendanceOut(Schema):
    session: int
    student: int
    code: str


class XSessionsOut(Schema):
    group: int
    sessions: list[XSessionOut]
    attendance: list[XAttendanceOut]


@router.get(
    "/extracurricular/groups",
    url_name="extracurricular_groups",
    response={200: list[XGroupOut], 401: ErrorOut, 403: ErrorOut},
    summary="Extracurricular groups of the year under way",
)
def groups(request: HttpRequest):
    """Staff get the groups of the courses they teach (the deputy and the director every group of
    their school); parents and pupils the groups of their own pupils, with only those pupils among
    the members. The authority gets 403."""
    actor = request_actor(request)
    if not rules.may_open_extracurricular(actor):
        raise forbidden()
    return [
        XGroupOut(
            id=g.pk,
            name=g.name,
            course=XCourseOut(
                id=g.course_id, name=g.course.name, direction=g.course.direction, hours=g.course.hours
            ),
            teacher_ids=[t.pk for t in g.course.teachers.all()],
            plan_hours=g.plan_hours,
            held_hours=g.held,
            members=[XMemberOut(student=m.student_id, start=m.start, end=m.end) for m in g.visible_members],
        )
        for g in selectors.groups_for_reader(actor)
    ]


@router.get(
    "/extracurricular/sessions",
    url_name="extracurricular_sessions",
    response={200: XSessionsOut, 400: ValidationErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ServiceErrorOut},
    summary="Sessions of one extracurricular group with their attendance",
)
def sessions(
    request: HttpRequest,
    group: int = Query(..., ge=1, le=MAX_ID, description="The extracurricular group."),
):
    """The group's sessions in order, each with its topic and the plan topic it took, and every
    recorded attendance («present» or «absent»). For the group's readers: its course's teachers,
    the deputy and the director; anyone else gets 404."""
    actor = request_actor(request)
    found = access.group_for_reader(actor, group)
    journal = selectors.group_journal(actor, found, with_candidates=False)
    topics = {t.pk: t for t in selectors.plan_topics_of(found.course)}
    return XSessionsOut(
        group=found.pk,
        sessions=[
            XSessionOut(
                id=s.pk,
                date=s.date,
                time=s.time.isoformat(timespec="minutes") if s.time else None,
                topic=s.topic,
                notes=s.notes,
                plan_topic=XPlanTopicOut(id=t.pk, number=t.number, title=t.title)
                if (t := topics.get(s.plan_topic_id))
                else None,
            )
            for s in journal.sessions
        ],
        attendance=[
            XAttendanceOut(session=cell.session.pk, student=row.student.pk, code=cell.code)
            for row in journal.rows
            for cell in row.cells
            if cell.code
        ],
    )
