"""`/orders` and `/movements`: the orders book and the pupils' movement by orders (issue 10).

The same services and selectors as the registry's pages: read by the school's administration,
written by the secretary and the system administrator.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from zhurnal.api.errors import ErrorOut, ServiceErrorOut, ValidationErrorOut
from zhurnal.api.schemas import MAX_ID
from zhurnal.api.security import request_actor
from zhurnal.core import clock
from zhurnal.office import access, selectors, services
from zhurnal.office.models import Movement, Order

router = Router(tags=["office"])

READ_ERRORS = {
    400: ValidationErrorOut | ServiceErrorOut,
    401: ErrorOut,
    403: ServiceErrorOut,
    404: ServiceErrorOut,
}
WRITE_ERRORS = READ_ERRORS


class OrderOut(Schema):
    id: int
    number: str = Field(description="The order's number with its series, e.g. 239-ОД.")
    series: str
    year: int
    date: dt.date
    title: str
    text: str
    signed_by_id: int | None
    files: list[str]


class OrderIn(Schema):
    school: int | None = Field(None, ge=1, le=MAX_ID, description="By default the caller's first school.")
    series: str = Field(..., max_length=10, description="The series code: ОД, К, Д.")
    date: dt.date
    title: str = Field(..., max_length=300)
    text: str = Field("", max_length=20000)
    signed_by: int | None = Field(None, ge=1, le=MAX_ID, description="A staff card of the school.")


class MovementOut(Schema):
    id: int
    order: int
    order_number: str
    student: int
    student_name: str
    kind: str
    date: dt.date
    from_class: int | None
    to_class: int | None
    destination: str
    debt: str


class MovementIn(Schema):
    order: int = Field(..., ge=1, le=MAX_ID)
    kind: str = Field(..., description="enrolment, transfer, left_to_school, left, graduated.")
    student: int = Field(..., ge=1, le=MAX_ID)
    date: dt.date | None = Field(None, description="In force from; by default the order's date.")
    to_class: int | None = Field(None, ge=1, le=MAX_ID)
    destination: str = Field("", max_length=300)
    note: str = Field("", max_length=300)


def order_out(order: Order, files=None) -> OrderOut:
    return OrderOut(
        id=order.pk,
        number=order.full_number,
        series=order.series.code,
        year=order.year,
        date=order.date,
        title=order.title,
        text=order.text,
        signed_by_id=order.signed_by_id,
        files=[f.name for f in (files if files is not None else order.files.all())],
    )


def movement_out(m: Movement) -> MovementOut:
    return MovementOut(
        id=m.pk,
        order=m.order_id,
        order_number=m.order.full_number,
        student=m.student_id,
        student_name=m.student.full_name,
        kind=m.kind,
        date=m.date,
        from_class=m.from_class_id,
        to_class=m.to_class_id,
        destination=m.destination,
        debt=m.debt,
    )


@router.get(
    "/orders", url_name="orders", response={200: list[OrderOut], **READ_ERRORS}, summary="The orders book"
)
def orders(
    request: HttpRequest,
    year: int | None = Query(None, ge=1990, le=2200, description="Calendar year; by default this one."),
    school: int | None = Query(None, ge=1, le=MAX_ID),
):
    actor = request_actor(request)
    found = access.school_for_orders_reader(actor, school)
    return [order_out(o) for o in selectors.orders_of_year(actor, found, year or clock.today().year)]


@router.post(
    "/orders", url_name="order_create", response={201: OrderOut, **WRITE_ERRORS}, summary="Enter an order"
)
def order_create(request: HttpRequest, body: OrderIn):
    actor = request_actor(request)
    order = services.order_create(
        actor=actor,
        school_id=body.school,
        series=body.series,
        date=body.date,
        title=body.title,
        text=body.text,
        signed_by_id=body.signed_by,
    )
    return Status(201, order_out(order, files=[]))


@router.get(
    "/movements",
    url_name="movements",
    response={200: list[MovementOut], **READ_ERRORS},
    summary="Pupils' movement",
)
def movements(request: HttpRequest, school: int | None = Query(None, ge=1, le=MAX_ID)):
    actor = request_actor(request)
    found = access.school_for_orders_reader(actor, school)
    return [movement_out(m) for m in selectors.movements_page(actor, found).movements]


@router.post(
    "/movements",
    url_name="movement_create",
    response={201: MovementOut, **WRITE_ERRORS},
    summary="Record a movement",
)
def movement_create(request: HttpRequest, body: MovementIn):
    """Made by an order of the movement series; the enrolment in force ends the day before the
    date and the new one starts on it."""
    actor = request_actor(request)
    movement = services.movement_record(
        actor=actor,
        order_id=body.order,
        kind=body.kind,
        student_id=body.student,
        date=body.date,
        to_class_id=body.to_class,
        destination=body.destination,
        note=body.note,
    )
    movement = Movement.objects.select_related("order__series", "student").get(pk=movement.pk)
    return Status(201, movement_out(movement))


class ApplicationOut(Schema):
    id: int
    number: int
    year: int
    received_on: dt.date
    window: str
    category: str
    grade: int
    status: str
    refusal_reason: str
    child_name: str
    student: int | None


class ApplicationIn(Schema):
    school: int | None = Field(None, ge=1, le=MAX_ID)
    category: str = Field(..., description="priority, territory or other.")
    received_on: dt.date | None = Field(None, description="By default today.")
    grade: int = Field(1, ge=1, le=11)
    child_last_name: str = Field(..., max_length=100)
    child_first_name: str = Field(..., max_length=100)
    child_middle_name: str = Field("", max_length=100)
    child_birth_date: dt.date
    child_sex: str = Field("", max_length=1)
    address: str = Field("", max_length=500)
    applicant_last_name: str = Field(..., max_length=100)
    applicant_first_name: str = Field(..., max_length=100)
    applicant_middle_name: str = Field("", max_length=100)
    applicant_relation: str = Field("mother", max_length=10)
    applicant_phone: str = Field("", max_length=30)
    applicant_email: str = Field("", max_length=254)


def application_out(a) -> ApplicationOut:
    return ApplicationOut(
        id=a.pk,
        number=a.number,
        year=a.year,
        received_on=a.received_on,
        window=a.window,
        category=a.category,
        grade=a.grade,
        status=a.status,
        refusal_reason=a.refusal_reason,
        child_name=a.child_name,
        student=a.student_id,
    )


@router.get(
    "/enrolment-applications",
    url_name="enrolment_applications",
    response={200: list[ApplicationOut], **READ_ERRORS},
    summary="Enrolment applications of a year, by intake window",
)
def enrolment_applications(
    request: HttpRequest,
    year: int | None = Query(None, ge=1990, le=2200),
    window: str | None = Query(None, description="first or second"),
    school: int | None = Query(None, ge=1, le=MAX_ID),
):
    actor = request_actor(request)
    found = access.school_for_orders_reader(actor, school)
    page = selectors.applications_page(actor, found, year=year, window=window)
    return [application_out(a) for a in page["applications"]]


@router.post(
    "/enrolment-applications",
    url_name="enrolment_application_create",
    response={201: ApplicationOut, **WRITE_ERRORS},
    summary="Register an enrolment application",
)
def enrolment_application_create(request: HttpRequest, body: ApplicationIn):
    """Refused (400 `intake_closed`) outside the intake window of the applicant's category."""
    actor = request_actor(request)
    fields = body.dict(exclude={"school"})
    application = services.application_receive(actor=actor, school_id=body.school, **fields)
    return Status(201, application_out(application))
