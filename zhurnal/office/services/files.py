"""Personal files: opened at enrolment (numbered by the school's rule), documents scanned into
them, closed and kept when the pupil leaves (services.movements closes them)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.uploads import UploadRules, check_files, storing
from zhurnal.office import access
from zhurnal.office.models import PersonalFile, PersonalFileDocument
from zhurnal.office.services.orders import office_settings
from zhurnal.people.models import Student
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor


def document_upload_rules() -> UploadRules:
    return UploadRules(
        max_bytes=int(getattr(settings, "PERSONAL_FILE_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)),
        max_count=1,
        extensions=("pdf", "jpg", "jpeg", "png"),
        field="file",
    )


def _letter(student: Student) -> str:
    name = (student.last_name or "").strip()
    return name[:1].upper() or "—"


def open_file_for(student: Student, opened_on: dt.date) -> PersonalFile:
    """Open the pupil's file (or return the one they have): the next number under the first letter
    of the surname, written by the school's rule. The caller holds the transaction."""
    existing = PersonalFile.objects.filter(student=student).first()
    if existing is not None:
        return existing
    letter = _letter(student)
    last = PersonalFile.objects.filter(school_id=student.school_id, letter=letter).aggregate(
        n=Max("sequence")
    )
    sequence = (last["n"] or 0) + 1
    rule = office_settings(student.school_id).file_number_format
    try:
        number = rule.format(letter=letter, number=sequence)
    except (KeyError, IndexError, ValueError):
        number = f"{letter}-{sequence}"
    return PersonalFile.objects.create(
        school_id=student.school_id,
        student=student,
        letter=letter,
        sequence=sequence,
        number=number[:40],
        opened_on=opened_on,
    )


def personal_file_open(*, actor: Actor, student_id) -> PersonalFile:
    """Open a file for a pupil enrolled before files were kept here."""
    student = access.student_for_file(actor, student_id)
    if not rules.may_add_to_personal_file(actor, student.school_id, access.pupil_class_ids(student.pk)):
        raise Forbidden(
            _("Личное дело открывают секретарь, системный администратор и классный руководитель.")
        )
    with transaction.atomic():
        if PersonalFile.objects.filter(student=student).exists():
            raise InvalidInput(_("Личное дело уже заведено."), field="student", code="file_exists")
        personal_file = open_file_for(student, clock.today())
        audit_record(
            actor=actor,
            action="personal_file.open",
            obj=personal_file,
            after={"number": personal_file.number},
        )
    return personal_file


def personal_file_document_add(*, actor: Actor, file_id, title, upload) -> PersonalFileDocument:
    personal_file = access.personal_file_for_keeper(actor, file_id)
    if personal_file.is_closed:
        raise InvalidInput(_("Личное дело закрыто: обучающийся выбыл."), field="file", code="file_closed")
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("Укажите, что это за документ."), field="title")
    if len(title) > 200:
        raise InvalidInput(_("Название документа длиннее 200 знаков."), field="title")
    checked = check_files([upload] if upload is not None else [], document_upload_rules())
    if not checked:
        raise InvalidInput(_("Выберите файл."), field="file", code="no_file")
    item = checked[0]
    with storing("personal-files", personal_file.school_id) as save, transaction.atomic():
        path = save(item)
        document = PersonalFileDocument.objects.create(
            school_id=personal_file.school_id,
            personal_file=personal_file,
            title=title,
            file=path,
            name=item.original_name,
            size=item.size,
            content_type=item.content_type,
            uploaded_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="personal_file.document_add",
            obj=personal_file,
            after={"document": document.pk, "title": title, "name": item.original_name},
        )
    return document
