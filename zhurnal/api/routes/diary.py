"""`GET /students/{id}/diary` and `GET /students/{id}/marks`: a pupil's diary (DESIGN.md §4).

Parents read their children's, a pupil their own, staff the pupils in their scope (a subject
teacher sees the lessons of the journals they read). Anyone else gets 404, as for a missing
pupil; the system administrator and the secretary, who see the pupil's record but read no
journals, get 403. The same selectors draw the diary pages.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from pydantic import field_serializer, model_validator

from zhurnal.api.errors import ErrorOut, ServiceErrorOut, ValidationErrorOut
from zhurnal.api.schemas import MAX_ID, IsoDate, LessonFileOut, PersonRefOut
from zhurnal.api.security import request_actor
from zhurnal.core import clock, fastjson
from zhurnal.core.errors import InvalidInput, NotFound
from zhurnal.diary import access, freshness, selectors

router = Router(tags=["diary"])


class DiaryMarkOut(Schema):
    id: int
    value: str
    work_type: str
    weight: int
    comment: str
    deferred_until: dt.date | None = Field(None, description="For a deferred mark («.»): the deadline.")


class DiaryAttendanceOut(Schema):
    code: str
    name: str
    minutes_late: int | None
    is_absence: bool
    is_illness: bool
    is_late: bool


class DiaryLessonOut(Schema):
    id: int
    slot: int | None
    starts: dt.time | None = Field(
        None,
        description="Bell time of the slot, when the class has a schedule, with the school's UTC offset "
        "that day (ISO 8601: 08:30:00+03:00).",
    )
    ends: dt.time | None

    @field_serializer("starts", "ends")
    def _with_offset(self, value: dt.time | None) -> str | None:
        return value.isoformat() if value is not None else None

    subject_id: int
    subject: str
    topic: str
    lesson_type: str
    homework: str
    homework_due: dt.date | None
    cancelled: bool
    teacher_id: int
    teacher: str
    marks: list[DiaryMarkOut]
    attendance: DiaryAttendanceOut | None
    files: list[LessonFileOut] = Field(default_factory=list, description="Homework files.")


class DiaryDueOut(Schema):
    lesson_id: int = Field(description="The lesson that set it (listed under its own day too).")
    subject: str
    homework: str
    set_on: dt.date
    files: list[LessonFileOut] = Field(default_factory=list)


class DiaryDayOut(Schema):
    date: dt.date
    lessons: list[DiaryLessonOut]
    due: list[DiaryDueOut] = Field(
        default_factory=list, description="Homework set on an earlier day and due on this one."
    )

    @model_validator(mode="after")
    def _bell_times_with_offset(self) -> DiaryDayOut:
        # A bell time is a wall-clock time of the school's zone; its offset depends on the day.
        zone = timezone.get_current_timezone()
        for lesson in self.lessons:
            for name in ("starts", "ends"):
                value = getattr(lesson, name)
                if value is not None and value.tzinfo is None:
                    offset = dt.datetime.combine(self.date, value, tzinfo=zone).utcoffset()
                    setattr(lesson, name, value.replace(tzinfo=dt.timezone(offset)))
        return self


class DiaryOut(Schema):
    student: PersonRefOut
    class_name: str
    start: dt.date = Field(description="The first day asked for.")
    end: dt.date
    days: list[DiaryDayOut] = Field(description="Days that have lessons or homework due, in order.")


class StudyPeriodOut(Schema):
    """A study period as the diary shows it: with its kind, dates and year (the journal's
    `PeriodRefOut` names only id, name and whether it is closed)."""

    id: int
    name: str
    kind: str
    start: dt.date
    end: dt.date
    year_id: int
    year: str


class SubjectMarkOut(Schema):
    id: int
    date: dt.date
    value: str
    work_type: str
    weight: int
    comment: str
    deferred_until: dt.date | None = Field(None, description="For a deferred mark («.»): the deadline.")


class PartMarkOut(Schema):
    period_id: int
    name: str
    value: str | None


class SubjectMarksOut(Schema):
    id: int
    name: str
    marks: list[SubjectMarkOut]
    average: str | None = Field(description="Weighted average Σ(mark×weight)/Σ(weight), two decimals.")
    period_mark: str | None
    year_mark: str | None
    period_marks: list[PartMarkOut] = Field(
        default_factory=list, description="When the period asked for is the year: each quarter's mark."
    )


class AttendanceTotalsOut(Schema):
    days_missed: int = Field(description="Days on which every lesson was missed.")
    days_missed_ill: int
    lessons_missed: int
    lessons_missed_ill: int
    late: int


class MarksOut(Schema):
    student: PersonRefOut
    period: StudyPeriodOut
    periods: list[StudyPeriodOut] = Field(description="Every period of every year the pupil studied here.")
    subjects: list[SubjectMarksOut]
    attendance: AttendanceTotalsOut


_RESPONSES = {
    400: ServiceErrorOut | ValidationErrorOut,
    401: ErrorOut,
    403: ServiceErrorOut,
    404: ServiceErrorOut,
}


def _period_out(p) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "kind": p.kind,
        "start": p.start,
        "end": p.end,
        "year_id": p.year_id,
        "year": p.year.name,
    }


@router.get(
    "/students/{student_id}/diary",
    url_name="student_diary",
    response={200: DiaryOut, **_RESPONSES},
    summary="A pupil's diary: days, lessons, homework, marks, attendance",
)
def diary(
    request: HttpRequest,
    student_id: int = Path(..., ge=1, le=MAX_ID),
    # ninja reads parameters from these defaults (B008 does not apply: they are declarations).
    date_from: IsoDate | None = Query(None, alias="from", description="First day; default: Monday."),  # noqa: B008
    date_to: IsoDate | None = Query(None, alias="to", description="Last day; default: Saturday."),  # noqa: B008
):
    """At most 62 days at a time."""
    actor = request_actor(request)
    # A family's own pupil is theirs by the actor's sets: the access query waits until the ETag
    # has been compared (freshness.family_figures); anyone else is checked first, as before.
    found = None if student_id in actor.own_student_ids else access.diary_for_viewer(actor, student_id)
    start = date_from or selectors.monday_of(date_to or clock.today())
    end = date_to or (selectors.monday_of(start) + dt.timedelta(days=selectors.DAYS_IN_WEEK - 1))
    if end < start:
        raise InvalidInput(_("Поле «to»: дата раньше, чем «from»."), field="to", code="bad_range")
    if (end - start).days + 1 > selectors.MAX_SPAN_DAYS:
        raise InvalidInput(
            _("Поле «to»: не больше %(n)s дней за один запрос.") % {"n": selectors.MAX_SPAN_DAYS},
            field="to",
            code="range_too_long",
        )
    etag = freshness.family_week_etag(request, "api-week", student_id, start, end)
    if etag is not None:
        if freshness.matches(request, etag):
            return freshness.not_modified(etag)
        if (kept := freshness.cached(request, etag)) is not None:
            return kept
    found = found or access.diary_for_viewer(actor, student_id)
    pupil = found.pupil
    etag = etag or freshness.week_etag(request, "api-week", pupil.school_id, pupil.id, start, end)
    if freshness.matches(request, etag):
        return freshness.not_modified(etag)
    if (kept := freshness.cached(request, etag)) is not None:
        return kept
    days = selectors.diary_days(request.actor, pupil.id, start, end)
    data = {
        "student": {"id": pupil.id, "full_name": pupil.full_name},
        "class_name": pupil.class_name,
        "start": start,
        "end": end,
        "days": [{"date": d.date, "lessons": d.lessons, "due": d.due} for d in days],
    }
    return _answer(request, etag, DiaryOut, data)


def _answer(request: HttpRequest, etag: str, schema: type[Schema], data: dict) -> HttpResponse:
    """The answer as the response schema makes it (validated, the same JSON ninja would write),
    sent with its ETag and kept for the next identical request."""
    body = fastjson.dumps(schema.model_validate(data).model_dump(mode="json"))
    return freshness.keep(request, etag, HttpResponse(body, content_type="application/json"))


@router.get(
    "/students/{student_id}/marks",
    url_name="student_marks",
    response={200: MarksOut, **_RESPONSES},
    summary="A pupil's marks by subject for a period, with averages and attendance totals",
)
def marks(
    request: HttpRequest,
    student_id: int = Path(..., ge=1, le=MAX_ID),
    period: int | None = Query(
        None, ge=1, le=MAX_ID, description="A study period; default: the current one."
    ),
):
    """Every mark of the period in order, the weighted average, the period and year marks."""
    actor = request_actor(request)
    etag = freshness.family_period_etag(request, "api-marks", student_id)
    if etag is not None:
        if freshness.matches(request, etag):
            return freshness.not_modified(etag)
        if (kept := freshness.cached(request, etag)) is not None:
            return kept
    found = access.diary_for_viewer(actor, student_id)
    etag = etag or freshness.period_etag(request, "api-marks", found.pupil.school_id, found.pupil.id)
    if freshness.matches(request, etag):
        return freshness.not_modified(etag)
    if (kept := freshness.cached(request, etag)) is not None:
        return kept
    periods = selectors.pupil_periods(actor, found.pupil.id)
    chosen = selectors.choose_period(periods, period)
    if chosen is None:
        if period is not None:
            raise NotFound(_("Поле «period»: такого периода у обучающегося нет."), field="period")
        raise NotFound(_("У обучающегося нет учебных периодов."), code="no_periods")
    report = selectors.period_report(actor, found.pupil.id, chosen, periods)
    data = {
        "student": {"id": found.pupil.id, "full_name": found.pupil.full_name},
        "period": _period_out(chosen),
        "periods": [_period_out(p) for p in periods],
        "subjects": [
            {
                "id": s.id,
                "name": s.name,
                "marks": s.marks,
                "average": str(s.average) if s.average is not None else None,
                "period_mark": s.period_mark or None,
                "year_mark": s.year_mark or None,
                "period_marks": [
                    {"period_id": part.pk, "name": part.name, "value": value or None}
                    for part, value in zip(report.parts, s.part_marks, strict=True)
                ],
            }
            for s in report.subjects
        ],
        "attendance": report.attendance.__dict__,
    }
    return _answer(request, etag, MarksOut, data)
