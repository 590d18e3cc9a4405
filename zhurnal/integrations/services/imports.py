"""Spreadsheet imports as the school sees them: a preview of what a file would do, and its apply.

Both read and check the whole file first (imports.base); nothing is written unless every row is
good. The apply runs in one transaction — each row through the people/schools/office services,
which check the policy and write their audit rows — and ends with one `import.apply` audit row
naming the file (its SHA-256), the kind and the counts. A failure halfway leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound, ServiceError
from zhurnal.core.tabular import RowError, TableError
from zhurnal.integrations.imports import KINDS
from zhurnal.integrations.imports.base import Importer, Plan
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import School


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
        except ServiceError as error:
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
