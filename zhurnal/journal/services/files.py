"""Homework files: added and removed by whoever may write the lesson, checked before storing."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import InvalidInput, NotFound
from zhurnal.core.events import publish
from zhurnal.core.uploads import UploadRules, check_files, storing
from zhurnal.journal import access, locks
from zhurnal.journal.models import Lesson, LessonFile
from zhurnal.policy.actor import Actor


def homework_upload_rules() -> UploadRules:
    return UploadRules(
        max_bytes=int(getattr(settings, "HOMEWORK_FILE_MAX_BYTES", 10 * 1024 * 1024)),
        max_count=int(getattr(settings, "HOMEWORK_FILES_PER_LESSON", 5)),
        field="files",
    )


def lesson_files_add(*, actor: Actor, lesson_id: int, files, reason: str = "") -> list[LessonFile]:
    lesson = access.lesson_for_writer(actor, lesson_id)
    locks.check_date_editable(
        lesson.assignment,
        lesson.date,
        edit_window_days=locks.window_days(lesson.school, "homework"),
        reason=reason,
    )
    rules = homework_upload_rules()
    checked = check_files(files, rules)
    if not checked:
        raise InvalidInput(_("Выберите файл."), field="files", code="no_file")
    with storing("homework", lesson.school_id) as save, transaction.atomic():
        # Counted under the lesson's row lock, so two uploads cannot both slip under the limit.
        Lesson.objects.select_for_update().filter(pk=lesson.pk).first()
        if LessonFile.objects.filter(lesson=lesson).count() + len(checked) > rules.max_count:
            raise InvalidInput(
                _("К уроку можно приложить не больше %(n)s файлов.") % {"n": rules.max_count},
                field="files",
                code="too_many_attachments",
            )
        made = []
        for item in checked:
            path = save(item)
            made.append(
                LessonFile.objects.create(
                    school_id=lesson.school_id,
                    lesson=lesson,
                    file=path,
                    name=item.original_name,
                    size=item.size,
                    content_type=item.content_type,
                    uploaded_by_id=actor.staff_id_in(lesson.school_id),
                )
            )
        audit_record(
            actor=actor,
            action="lesson.files_add",
            obj=lesson,
            after={"files": [f.name for f in made]},
        )
        publish("lesson.homework_set", lesson_id=lesson.pk, actor_user_id=actor.user.pk)
    return made


def lesson_file_remove(*, actor: Actor, file_id: int, reason: str = "") -> None:
    found = LessonFile.objects.filter(pk=file_id).first()
    if found is None:
        raise NotFound(_("Не найдено."))
    lesson = access.lesson_for_writer(actor, found.lesson_id)  # 404 unseen, 403 read-only
    locks.check_date_editable(
        lesson.assignment,
        lesson.date,
        edit_window_days=locks.window_days(lesson.school, "homework"),
        reason=reason,
    )
    path = found.file.name
    with transaction.atomic():
        audit_record(actor=actor, action="lesson.file_remove", obj=lesson, before={"file": found.name})
        found.delete()
        transaction.on_commit(lambda: default_storage.delete(path))
