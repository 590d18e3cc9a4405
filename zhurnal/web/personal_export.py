"""A person's data export for a data subject's request (152-ФЗ art. 14): everything held about
one pupil — the record, parents and links, enrolments, marks, attendance, period marks, the
messages their own login wrote, consents, and who viewed their record — as one ZIP of JSON
files with a PDF summary.

It lives in `web` (the top layer) because it reads every app's tables; each read is by the
pupil's id, so nobody else's data can enter the file except the names of the staff who made
the entries (the teacher of a mark) — never another pupil.
"""

from __future__ import annotations

import io
import json
import zipfile

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zhurnal.accounts.models import SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.core import clock
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden
from zhurnal.journal.models import Attendance, Mark, PeriodMark
from zhurnal.messaging.models import Message
from zhurnal.people.models import Consent, Enrollment, Student, StudentGuardian
from zhurnal.policy import fields as visibility
from zhurnal.policy.fields import GUARDIAN_CONTACT_FIELDS, NAME_FIELDS, STUDENT_PERSONAL_FIELDS


def _jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _rows(values) -> list[dict]:
    return [{k: _jsonable(v) for k, v in row.items()} for row in values]


def person_data(student: Student) -> dict[str, list | dict]:
    """Every table's rows about the pupil, as plain JSON-ready data, one query each."""
    record = {name: _jsonable(getattr(student, name)) for name in (*NAME_FIELDS, *STUDENT_PERSONAL_FIELDS)}
    record["health_group"] = student.health_group
    record["school"] = student.school.name
    record["login"] = student.user.username if student.user_id else None
    links = StudentGuardian.objects.filter(student=student).select_related("guardian")
    guardians = [
        {
            **{name: getattr(link.guardian, name) for name in (*NAME_FIELDS, *GUARDIAN_CONTACT_FIELDS)},
            "relation": link.get_relation_display(),
            "legal_representative": link.is_legal_representative,
        }
        for link in links
    ]
    return {
        "record": record,
        "guardians": guardians,
        "enrolments": _rows(
            Enrollment.objects.filter(student=student)
            .order_by("start")
            .values("class_group__grade", "class_group__letter", "class_group__year__name", "start", "end")
        ),
        "marks": _rows(
            Mark.objects.filter(student=student)
            .order_by("lesson__date", "pk")
            .values(
                "lesson__date", "lesson__assignment__subject__name", "value", "work_type__name", "comment"
            )
        ),
        "attendance": _rows(
            Attendance.objects.filter(student=student)
            .order_by("lesson__date", "pk")
            .values(
                "lesson__date",
                "lesson__slot",
                "lesson__assignment__subject__name",
                "code__code",
                "minutes_late",
            )
        ),
        "period_marks": _rows(
            PeriodMark.objects.filter(student=student)
            .order_by("subject__name", "pk")
            .values("subject__name", "period__name", "kind", "value")
        ),
        "messages": _rows(
            Message.objects.filter(author_id=student.user_id)
            .order_by("created_at")
            .values("created_at", "thread__subject", "body")
        )
        if student.user_id
        else [],
        "consents": _rows(
            Consent.objects.filter(student=student)
            .order_by("kind", "given_on")
            .values("kind", "given_on", "withdrawn_on", "guardian__last_name", "scan_name")
        ),
        "record_views": _rows(
            SecurityEvent.objects.filter(subject_type="people.student", subject_id=student.pk)
            .order_by("at")
            .values("at", "kind", "username", "ip")
        ),
    }


def person_export(*, actor, student: Student) -> bytes:
    """The ZIP for one pupil: the system administrator (or director) of the pupil's school."""
    if not visibility.may_see_view_history(actor, student.school_id):
        raise Forbidden(_("Выгружать персональные данные может системный администратор школы."))
    with transaction.atomic():
        security_log(kind=SecurityEvent.Kind.DATA_EXPORTED, actor=actor, subject=student)
        audit_record(actor=actor, action="person.export", obj=student, school_id=student.school_id)
        data = person_data(student)
    from weasyprint import HTML

    summary = HTML(
        string=render_to_string(
            "web/person_export.html", {"student": student, "data": data, "today": clock.today()}
        )
    ).write_pdf()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in data.items():
            archive.writestr(f"{name}.json", json.dumps(content, ensure_ascii=False, indent=2, default=str))
        archive.writestr("summary.pdf", summary)
    return buffer.getvalue()
