"""A busy teacher for the backup test: writes marks through the journal's service, one after
another, and prints each mark's id once it is committed (acknowledged), until `stop` appears.

Run as `python -m tests.integrations.backup_writer STOPFILE` with the environment of the database
under test (ZHURNAL_VAR_DIR or DATABASE_URL).
"""

import os
import sys
import time
import uuid
from pathlib import Path


def main(stop: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhurnal.settings")
    import django

    django.setup()
    from zhurnal.core import clock
    from zhurnal.core.errors import ServiceError
    from zhurnal.journal.models import Lesson, WorkType
    from zhurnal.journal.roster import roster_filter
    from zhurnal.journal.services.marks import mark_create
    from zhurnal.people.models import Student
    from zhurnal.policy.actor import actor_for

    candidates = (
        Lesson.objects.filter(
            date__lte=clock.today(),
            status=Lesson.Status.PLANNED,
            assignment__subgroup__isnull=True,
            assignment__class_group__grade__gte=2,
        )
        .select_related("teacher__user", "assignment")
        .order_by("-date", "pk")[:50]
    )
    for lesson in candidates:  # the first a mark may be given on (graded, in the edit window)
        actor = actor_for(lesson.teacher.user)
        roster = roster_filter(lesson.assignment, lesson.date, lesson.date)
        students = list(Student.objects.filter(roster).order_by("pk").values_list("pk", flat=True))
        work_type = WorkType.objects.filter(school_id=lesson.school_id).order_by("pk").first()
        try:
            mark, _created = mark_create(
                actor=actor, lesson_id=lesson.pk, student_id=students[0], value="5", work_type_id=work_type.pk
            )
            print(mark.pk, flush=True)
            break
        except ServiceError as exc:
            print("skip", lesson.pk, exc, file=sys.stderr)
            continue
    print("ready", flush=True)
    i = 0
    while not stop.exists():
        mark, _created = mark_create(
            actor=actor,
            lesson_id=lesson.pk,
            student_id=students[i % len(students)],
            value=str(2 + i % 4),
            work_type_id=work_type.pk,
            idempotency_key=uuid.uuid4().hex,
        )
        print(mark.pk, flush=True)  # committed: mark_create's transaction has ended
        i += 1
        time.sleep(0.005)
    print("stopped", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
