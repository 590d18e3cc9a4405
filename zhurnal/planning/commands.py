"""`zhurnal import ktp FILE --assignment ID [--dry-run]`: the same import as the plan's page,
done as the assignment's teacher (the plan is theirs; the audit row names them)."""

from pathlib import Path

from django.core.management.base import CommandError

from zhurnal.core.errors import ServiceError
from zhurnal.people.models import TeachingAssignment
from zhurnal.planning import services
from zhurnal.policy.actor import actor_for


def import_ktp(path: Path, assignment_id: int, *, dry_run: bool = False) -> str:
    assignment = TeachingAssignment.objects.select_related("teacher__user").filter(pk=assignment_id).first()
    if assignment is None:
        raise CommandError(f"Нагрузка {assignment_id} не найдена.")
    if assignment.teacher.user is None:
        raise CommandError("У учителя этой нагрузки нет учётной записи: КТП загружать некому.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Файл не прочитан: {exc}") from exc
    try:
        result = services.plan_import(
            actor=actor_for(assignment.teacher.user), assignment_id=assignment.pk, data=data, dry_run=dry_run
        )
    except ServiceError as exc:
        raise CommandError(f"Ничего не загружено: {exc.message}") from exc
    done = "Проверено, не загружено" if dry_run else "Загружено в черновик КТП"
    return f"{done}: {len(result.items)} пунктов, {result.hours} ч ({assignment})."
