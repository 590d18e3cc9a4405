"""Every read of the registry's pages, the API and the printed books: scoped to the actor, with
all prefetching done here (a fixed number of queries whatever the size of the book)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.office.models import Movement, Order, OrderFile, PersonalFile
from zhurnal.office.printing import Register
from zhurnal.office.services.movements import K, promotion_pupils, year_of
from zhurnal.office.services.orders import order_series_ensure
from zhurnal.people.models import Enrollment, Staff, Student, enrolled_between_q
from zhurnal.schools.models import ClassGroup, School


def orders_of_year(actor, school: School, year: int) -> list[Order]:
    return list(
        Order.objects.visible_to(actor)
        .filter(school=school, year=year)
        .select_related("series", "signed_by")
        .prefetch_related(Prefetch("files", queryset=OrderFile.objects.order_by("id")))
        .order_by("series__code", "number")
    )


@dataclass
class OrdersPage:
    school: School
    year: int
    years: list[int]
    orders: list[Order]
    series: list
    signers: list[Staff] = field(default_factory=list)


def orders_page(actor, school: School, year: int | None) -> OrdersPage:
    year = year or clock.today().year
    years = sorted(
        set(Order.objects.visible_to(actor).filter(school=school).values_list("year", flat=True)) | {year},
        reverse=True,
    )
    signers = list(Staff.objects.filter(school=school).order_by("last_name", "first_name"))
    return OrdersPage(
        school=school,
        year=year,
        years=years,
        orders=orders_of_year(actor, school, year),
        series=order_series_ensure(school.pk),
        signers=signers,
    )


def order_detail(actor, order: Order) -> dict:
    movements = list(
        Movement.objects.visible_to(actor)
        .filter(order=order)
        .select_related("student", "from_class", "to_class")
        .order_by("student__last_name", "student__first_name")
    )
    files = list(OrderFile.objects.visible_to(actor).filter(order=order).order_by("id"))
    return {"order": order, "movements": movements, "files": files}


def orders_register(actor, school: School, year: int) -> Register:
    rows = [
        [
            o.full_number,
            f"{o.date:%d.%m.%Y}",
            o.series.name,
            o.title,
            o.signed_by.short_name if o.signed_by else "",
            ", ".join(f.name for f in o.files.all()),
        ]
        for o in orders_of_year(actor, school, year)
    ]
    return Register(
        title=_("Книга приказов за %(year)s год") % {"year": year},
        subtitle=school.name,
        headers=[_("Номер"), _("Дата"), _("Серия"), _("Заголовок"), _("Подписал"), _("Файлы")],
        rows=rows,
        widths=[10, 12, 26, 60, 22, 30],
    )


# --- movement ------------------------------------------------------------------------------------


@dataclass
class MovementsPage:
    school: School
    movements: list[Movement]
    orders: list[Order]
    pupils: list[Enrollment]
    classes: list[ClassGroup]
    kinds: list


def movements_page(actor, school: School, *, limit: int = 200) -> MovementsPage:
    from zhurnal.office.models import OrderSeries
    from zhurnal.office.services.movements import SINGLE_KINDS

    today = clock.today()
    movements = list(
        Movement.objects.visible_to(actor)
        .filter(school=school)
        .select_related("student", "from_class", "to_class", "order__series")
        .order_by("-date", "-id")[:limit]
    )
    orders = list(
        Order.objects.visible_to(actor)
        .filter(school=school, series__purpose=OrderSeries.Purpose.MOVEMENT, year__gte=today.year - 1)
        .select_related("series")
        .order_by("-date", "-number")[:50]
    )
    pupils = list(
        Enrollment.objects.visible_to(actor)
        .filter(enrolled_between_q(today, dt.date.max), school=school)
        .select_related("student", "class_group")
        .order_by("student__last_name", "student__first_name")
    )
    classes = list(
        ClassGroup.objects.visible_to(actor)
        .filter(school=school, year__end__gte=today)
        .order_by("year__start", "grade", "letter")
    )
    kinds = [(k.value, k.label) for k in SINGLE_KINDS]
    return MovementsPage(school, movements, orders, pupils, classes, kinds)


@dataclass
class PromotionPage:
    school: School
    year: object
    pupils: list[Enrollment]
    orders: list[Order]
    last_grade: int
    kinds: list


def promotion_page(actor, school: School) -> PromotionPage:
    from zhurnal.office.models import OrderSeries
    from zhurnal.office.services.movements import PROMOTION_KINDS
    from zhurnal.office.services.orders import office_settings

    year = year_of(school.pk, clock.today())
    pupils = promotion_pupils(year) if year is not None else []
    orders = list(
        Order.objects.visible_to(actor)
        .filter(school=school, series__purpose=OrderSeries.Purpose.MOVEMENT)
        .select_related("series")
        .order_by("-date", "-number")[:20]
    )
    kinds = [(k.value, k.label) for k in PROMOTION_KINDS]
    return PromotionPage(school, year, pupils, orders, office_settings(school.pk).last_grade, kinds)


# --- the alphabetical book --------------------------------------------------------------------------


@dataclass
class BookLine:
    student: Student
    classes: str
    enrolled: str
    enrolment_order: str
    left: str
    leaving_order: str


def alphabet_book(actor, school: School) -> list[BookLine]:
    """Every pupil who ever studied at the school (an enrolment), by surname, with the orders of
    their enrolment and leaving. Three queries however long the book."""
    students = (
        Student.objects.visible_to(actor)
        .filter(school=school, pk__in=Enrollment.objects.filter(school=school).values("student_id"))
        .prefetch_related(
            Prefetch(
                "enrollments", queryset=Enrollment.objects.select_related("class_group").order_by("start")
            ),
            Prefetch(
                "movements", queryset=Movement.objects.select_related("order__series").order_by("date", "id")
            ),
        )
        .order_by("last_name", "first_name", "middle_name", "pk")
    )
    lines = []
    for student in students:
        enrollments = list(student.enrollments.all())
        movements = list(student.movements.all())
        enrolment = next((m for m in movements if m.kind == K.ENROLMENT), None)
        leaving = next((m for m in reversed(movements) if m.kind in Movement.LEAVING), None)
        last = enrollments[-1] if enrollments else None
        left = ""
        if leaving is not None:
            left = f"{leaving.date:%d.%m.%Y}, {leaving.get_kind_display()}"
            if leaving.destination:
                left += f": {leaving.destination}"
        elif last is not None and last.end is not None:
            left = f"{last.end + dt.timedelta(days=1):%d.%m.%Y}"
        lines.append(
            BookLine(
                student=student,
                classes=", ".join(str(e.class_group) for e in enrollments),
                enrolled=f"{enrollments[0].start:%d.%m.%Y}" if enrollments else "",
                enrolment_order=str(enrolment.order) if enrolment else "",
                left=left,
                leaving_order=str(leaving.order) if leaving else "",
            )
        )
    return lines


def alphabet_register(actor, school: School) -> Register:
    lines = alphabet_book(actor, school)
    rows = [
        [
            i,
            line.student.full_name,
            f"{line.student.birth_date:%d.%m.%Y}" if line.student.birth_date else "",
            line.classes,
            line.enrolled,
            line.enrolment_order,
            line.left,
            line.leaving_order,
        ]
        for i, line in enumerate(lines, start=1)
    ]
    return Register(
        title=_("Алфавитная книга обучающихся"),
        subtitle=school.name,
        headers=[
            _("№"),
            _("ФИО"),
            _("Дата рождения"),
            _("Классы"),
            _("Зачислен"),
            _("Приказ о зачислении"),
            _("Выбыл"),
            _("Приказ о выбытии"),
        ],
        rows=rows,
        widths=[5, 34, 14, 16, 12, 24, 34, 24],
    )


# --- personal files ------------------------------------------------------------------------------------


def personal_file_page(actor, student: Student) -> dict:
    personal_file = (
        PersonalFile.objects.visible_to(actor).filter(student=student).prefetch_related("documents").first()
    )
    return {"student": student, "personal_file": personal_file}


# --- enrolment applications -------------------------------------------------------------------------


def applications_page(actor, school: School, *, year: int | None, window: str | None) -> dict:
    from zhurnal.office.models import EnrolmentApplication, OrderSeries

    year = year or clock.today().year
    qs = EnrolmentApplication.objects.visible_to(actor).filter(school=school, year=year)
    if window in EnrolmentApplication.Window.values:
        qs = qs.filter(window=window)
    applications = list(qs.select_related("student").order_by("number"))
    orders = list(
        Order.objects.visible_to(actor)
        .filter(school=school, series__purpose=OrderSeries.Purpose.MOVEMENT, year__gte=year - 1)
        .select_related("series")
        .order_by("-date", "-number")[:50]
    )
    classes = list(
        ClassGroup.objects.visible_to(actor)
        .filter(school=school, year__end__gte=clock.today())
        .select_related("year")
        .order_by("year__start", "grade", "letter")
    )
    return {
        "school": school,
        "year": year,
        "window": window or "",
        "windows": EnrolmentApplication.Window.choices,
        "categories": EnrolmentApplication.Category.choices,
        "statuses": EnrolmentApplication.Status,
        "applications": applications,
        "orders": orders,
        "classes": classes,
    }


# --- classes and subgroups -------------------------------------------------------------------------


def classes_page(actor, school: School, year_id=None) -> dict:
    from zhurnal.people.selectors import class_teachers
    from zhurnal.schools.models import AcademicYear

    years = list(AcademicYear.objects.visible_to(actor).filter(school=school).order_by("-start"))
    today = clock.today()
    year = next((y for y in years if str(y.pk) == str(year_id)), None) or next(
        (y for y in years if y.start <= today <= y.end), years[0] if years else None
    )
    classes = (
        list(ClassGroup.objects.filter(school=school, year=year).order_by("grade", "letter")) if year else []
    )
    teachers = class_teachers([c.pk for c in classes])
    rows = [(c, teachers.get(c.pk)) for c in classes]
    staff = list(Staff.objects.filter(school=school, user__isnull=False).order_by("last_name", "first_name"))
    return {"school": school, "years": years, "year": year, "rows": rows, "staff": staff}


def subgroups_page(actor, class_group: ClassGroup) -> dict:
    from zhurnal.office.services.classes import class_pupil_ids
    from zhurnal.people.models import SubgroupMembership
    from zhurnal.schools.models import Subgroup

    pupils = list(
        Student.objects.filter(pk__in=class_pupil_ids(class_group)).order_by("last_name", "first_name")
    )
    subgroups = list(Subgroup.objects.filter(class_group=class_group).order_by("name"))
    members: dict[int, set[int]] = {s.pk: set() for s in subgroups}
    for subgroup_id, student_id in SubgroupMembership.objects.filter(
        subgroup__class_group=class_group
    ).values_list("subgroup_id", "student_id"):
        members.setdefault(subgroup_id, set()).add(student_id)
    groups = [(s, members.get(s.pk, set())) for s in subgroups]
    return {"class_group": class_group, "pupils": pupils, "groups": groups}
