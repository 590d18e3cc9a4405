"""Spreadsheet imports as the school sees them: a preview of what a file would do, and its apply.

Both read and check the whole file first (imports.base); nothing is written unless every row is
good. The apply runs in one transaction — each row through the people/schools/office services,
which check the policy and write their audit rows — and ends with one `import.apply` audit row
naming the file (its SHA-256), the kind and the counts. A failure halfway leaves nothing behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.core import clock, jobs
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound, ServiceError
from zhurnal.core.models import BackgroundJob
from zhurnal.core.tabular import RowError, TableError
from zhurnal.core.uploads import UploadRules, check_files
from zhurnal.integrations.imports import KINDS
from zhurnal.integrations.imports.base import CHANGE, CREATE, JOB_KIND, SKIP, Importer, Plan
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import School

log = logging.getLogger(__name__)


def _importer(actor: Actor, school: School, kind: str) -> Importer:
    if not rules.may_import(actor, school.pk):
        if school.pk in actor.member_school_ids:
            raise Forbidden(_("Загружать данные из таблиц может системный администратор школы."))
        raise NotFound(_("Не найдено."))
    importer = KINDS.get(kind)
    if importer is None:
        raise InvalidInput(_("Выберите, что загружать."), field="kind")
    return importer(school)


def import_preview(*, actor: Actor, school: School, kind: str, data: bytes) -> Plan:
    """What the file would create, change and skip; TableError naming every bad row."""
    return _importer(actor, school, kind).plan(data)


def import_apply(
    *,
    actor: Actor,
    school: School,
    kind: str,
    data: bytes,
    file_name: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Check the file again (the database may have changed since the preview) and apply it, all
    or nothing. `progress(done, total)` is told after each written row."""
    importer = _importer(actor, school, kind)
    plan = importer.plan(data)
    total = len(plan.writes)
    if not total:
        return plan  # the same file again: nothing to write, nothing written
    step = None if progress is None else (lambda done: progress(done, total))
    with transaction.atomic():
        try:
            importer.apply(actor, plan, step)
        except InvalidInput as error:
            # The checks above mirror the services' own; should a service still refuse a row,
            # the whole file is refused with that row named, and the transaction undone.
            line = importer.current.line if importer.current else 1
            raise TableError([RowError(line, "", error.message)]) from error
        audit_record(
            actor=actor,
            action="import.apply",
            obj=school,
            school_id=school.pk,
            after={
                "kind": kind,
                "file": file_name[:200],
                "sha256": hashlib.sha256(data).hexdigest(),
                "format": plan.file_format,
                **plan.counts,
            },
        )
    return plan


# --- the page: upload → preview → confirm → run in the background -------------------------------

PREVIEW_KEEP = dt.timedelta(hours=1)
PREVIEW_ROWS = 2000  # rows the preview lists; the counts are always whole
UPLOAD_RULES = UploadRules(max_bytes=10 * 1024 * 1024, max_count=1, extensions=("xlsx", "csv"), field="file")


def import_upload(*, actor: Actor, school: School, kind: str, upload) -> BackgroundJob:
    """Check an uploaded file and keep it, with its plan, for its uploader to confirm within an
    hour (a background job owned by them: nobody else sees it, and it expires with its file).
    Raises TableError naming every bad row, and keeps nothing then."""
    importer = _importer(actor, school, kind)
    if upload is None:
        raise InvalidInput(_("Выберите файл XLSX или CSV."), field="file")
    checked = check_files([upload], UPLOAD_RULES)[0]
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    plan = importer.plan(data)
    rows = [[i.line, i.action, i.label, i.changes] for i in plan.items if i.action != SKIP][:PREVIEW_ROWS]
    skipped = [[i.line, i.action, i.label, []] for i in plan.of(SKIP)][: max(0, PREVIEW_ROWS - len(rows))]
    with transaction.atomic():
        job = jobs.job_start(
            kind=JOB_KIND,
            owner_id=actor.user.pk,
            school_id=school.pk,
            title=str(importer.title),
            params={
                "kind": kind,
                "file_name": checked.original_name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "format": plan.file_format,
                "counts": plan.counts,
                "ignored": plan.ignored_columns,
                "rows": rows + skipped,
                "confirmed": False,
            },
            total=len(plan.writes),
            keep=PREVIEW_KEEP,
        )
        jobs.job_attach(job.pk, content=data, name=checked.original_name, content_type=checked.content_type)
        audit_record(
            actor=actor,
            action="import.upload",
            obj=job,
            school_id=school.pk,
            after={k: job.params[k] for k in ("kind", "file_name", "sha256", "counts")},
        )
    return job


def import_confirm(*, actor: Actor, job: BackgroundJob) -> BackgroundJob:
    """The uploader confirms the preview: the import runs in the background (progress on the page)."""
    from zhurnal.integrations.tasks import run_import

    if job.owner_id != actor.user.pk:
        raise NotFound(_("Не найдено."))
    with transaction.atomic():
        locked = BackgroundJob.objects.select_for_update().get(pk=job.pk)
        if locked.params.get("confirmed") or locked.status != BackgroundJob.Status.QUEUED:
            raise InvalidInput(_("Эта загрузка уже подтверждена."), field="job", code="already_confirmed")
        if locked.expires_at <= clock.now():
            raise InvalidInput(_("Предпросмотр устарел: загрузите файл снова."), field="job", code="expired")
        locked.params = {**locked.params, "confirmed": True}
        # The result stays a day for its owner to read.
        locked.expires_at = clock.now() + dt.timedelta(days=1)
        locked.save(update_fields=["params", "expires_at"])
        audit_record(
            actor=actor,
            action="import.confirm",
            obj=locked,
            school_id=locked.school_id,
            after={k: locked.params[k] for k in ("kind", "file_name", "sha256")},
        )
        transaction.on_commit(lambda: run_import.enqueue(locked.pk))
    return locked


def import_job_run(job_id: int) -> None:
    """The task's work: the kept file, checked against its SHA-256, applied as its owner."""
    from zhurnal.accounts.models import User
    from zhurnal.policy.actor import actor_for

    job = BackgroundJob.objects.get(pk=job_id)
    params = job.params
    try:
        with job.result_file.open("rb") as kept:
            data = kept.read()
        if hashlib.sha256(data).hexdigest() != params["sha256"]:
            raise InvalidInput(_("Файл изменился после предпросмотра: загрузите его снова."), field="file")
        school = School.objects.get(pk=job.school_id)
        actor = actor_for(User.objects.get(pk=job.owner_id))
        jobs.job_progress(job_id, done=0, message=_("Проверка строк"))

        def progress(done: int, total: int) -> None:
            if done == total or done % 100 == 0:
                jobs.job_progress(job_id, done=done, total=total, message=_("Запись"))

        plan = import_apply(
            actor=actor,
            school=school,
            kind=params["kind"],
            data=data,
            file_name=params["file_name"],
            progress=progress,
        )
    except TableError as error:
        jobs.job_fail(job_id, message=_("Ничего не загружено: %(errors)s") % {"errors": error.message})
        return
    except ServiceError as error:
        jobs.job_fail(job_id, message=_("Ничего не загружено: %(error)s") % {"error": error.message})
        return
    except Exception:  # the owner sees that it failed; the log has the traceback
        log.exception("import job %s failed", job_id)
        jobs.job_fail(job_id, message=_("Ничего не загружено: внутренняя ошибка, сообщите администратору."))
        return
    counts = plan.counts
    jobs.job_finish(
        job_id,
        content=_result_csv(plan),
        name="import-result.csv",
        content_type="text/csv; charset=utf-8",
        message=_("Создано %(c)s, изменено %(u)s, без изменений %(s)s.")
        % {"c": counts[CREATE], "u": counts[CHANGE], "s": counts[SKIP]},
    )


ACTION_NAMES = {
    CREATE: gettext_lazy("создано"),
    CHANGE: gettext_lazy("изменено"),
    SKIP: gettext_lazy("без изменений"),
}


def _result_csv(plan: Plan) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Строка"), _("Что сделано"), _("Запись"), _("Изменения")])
    for item in plan.items:
        writer.writerow(
            [item.line, str(ACTION_NAMES[item.action]), item.label, ", ".join(map(str, item.changes))]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
