"""OneRoster exports asked for on the page: a background job (decision 0015) that writes the
package with its progress and keeps the ZIP for its owner for a week. The command writes the same
package straight into a folder (`zhurnal export oneroster DIR`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.core import jobs
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import NotFound
from zhurnal.core.models import BackgroundJob
from zhurnal.integrations.oneroster.export import export_steps
from zhurnal.policy import rules
from zhurnal.schools.models import School

JOB_KIND = "oneroster"
KEEP = dt.timedelta(days=7)


def oneroster_export_start(*, actor, school_id: int | None) -> BackgroundJob:
    """Check now (404 for a school the actor may not export), record the job, run it after commit."""
    from zhurnal.integrations.tasks import run_oneroster_export

    school = School.objects.filter(pk=school_id).first() if school_id is not None else None
    if (school_id is not None and school is None) or not rules.may_export_oneroster(actor, school_id):
        raise NotFound(_("Не найдено."))
    title = _("Выгрузка OneRoster — %(what)s") % {"what": school.short_name if school else _("все школы")}
    with transaction.atomic():
        job = jobs.job_start(
            kind=JOB_KIND,
            owner_id=actor.user.pk,
            school_id=school_id,
            title=title,
            params={"school": school_id},
            total=export_steps(zip_too=True),
            keep=KEEP,
        )
        audit_record(
            actor=actor, action="oneroster.export_start", obj=job, school_id=school_id, after=job.params
        )
        transaction.on_commit(lambda: run_oneroster_export.enqueue(job.pk))
    return job
