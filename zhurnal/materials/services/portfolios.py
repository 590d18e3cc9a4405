"""Portfolios: entries of a pupil's, a teacher's or a project's portfolio, their files, and
their publication on the school's showcase (a pupil's only with the consent to publish results).
"""

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.core import clock
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.tabular import parse_date
from zhurnal.core.uploads import check_files, storing
from zhurnal.materials import access
from zhurnal.materials.models import PortfolioEntry, PortfolioFile, Project
from zhurnal.materials.services.common import choice, text, upload_rules
from zhurnal.people.consents import has_consent
from zhurnal.people.models import Consent, Student
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor

AUDITED = ["kind", "title", "description", "achieved_on", "student", "teacher", "project", "published_at"]
# The consent a pupil's entry needs before the school shows it to everyone (DOMAIN.md §7).
PUBLICATION_CONSENT = Consent.Kind.RESULTS
LABELS = {
    "kind": gettext_lazy("Вид"),
    "title": gettext_lazy("Название"),
    "description": gettext_lazy("Описание"),
}


def _clean(fields: dict) -> dict:
    clean = {
        "kind": choice(fields, "kind", PortfolioEntry.Kind, LABELS["kind"]),
        "title": text(fields, "title", LABELS["title"], 300, required=True),
        "description": text(fields, "description", LABELS["description"], 5000),
        "achieved_on": None,
    }
    raw = (fields.get("achieved_on") or "").strip()
    if raw:
        try:
            clean["achieved_on"] = parse_date(raw)
        except ValueError as error:
            raise InvalidInput(_("Дата: %(reason)s.") % {"reason": error}, field="achieved_on") from None
    return clean


def _entry_add(actor: Actor, owner: dict, school_id: int, fields: dict, files) -> PortfolioEntry:
    clean = _clean(fields)
    checked = check_files(files, upload_rules(max_count=5))
    entry = PortfolioEntry(school_id=school_id, added_by=actor.user, **owner, **clean)
    with storing("portfolios", school_id) as save, transaction.atomic():
        entry.save()
        made = [
            PortfolioFile.objects.create(
                school_id=school_id,
                entry=entry,
                file=save(item),
                name=item.original_name,
                size=item.size,
                content_type=item.content_type,
            )
            for item in checked
        ]
        audit_record(
            actor=actor,
            action="portfolio.entry_add",
            obj=entry,
            after={**snapshot(entry, AUDITED), "files": [f.name for f in made]},
        )
    return entry


def pupil_entry_add(*, actor: Actor, student_id, files=(), **fields) -> PortfolioEntry:
    """The pupil, a parent or the class teacher adds to the pupil's portfolio."""
    student = access.pupil_for_portfolio_writer(actor, student_id)
    return _entry_add(actor, {"student": student}, student.school_id, fields, files)


def teacher_entry_add(*, actor: Actor, staff_id, files=(), **fields) -> PortfolioEntry:
    staff = access.teacher_for_portfolio_writer(actor, staff_id)
    return _entry_add(actor, {"teacher": staff}, staff.school_id, fields, files)


def project_entry_add(*, actor: Actor, project_id, files=(), **fields) -> PortfolioEntry:
    project = access.project_for_writer(actor, project_id)
    return _entry_add(actor, {"project": project}, project.school_id, fields, files)


def portfolio_entry_delete(*, actor: Actor, entry_id) -> None:
    entry = access.entry_for_writer(actor, entry_id)
    paths = list(entry.files.values_list("file", flat=True))
    with transaction.atomic():
        audit_record(actor=actor, action="portfolio.entry_delete", obj=entry, before=snapshot(entry, AUDITED))
        entry.delete()
        transaction.on_commit(lambda: [default_storage.delete(p) for p in paths])


def _pupils_without_consent(entry: PortfolioEntry) -> list[Student]:
    if entry.student_id is not None:
        pupils = [entry.student]
    elif entry.project_id is not None:
        pupils = list(entry.project.members.order_by("last_name", "first_name"))
    else:
        return []  # a teacher publishes their own entry
    today = clock.today()
    return [pupil for pupil in pupils if not has_consent(pupil, PUBLICATION_CONSENT, on=today)]


def portfolio_entry_publish(*, actor: Actor, entry_id) -> PortfolioEntry:
    """Show the entry to the whole school (the showcase page). A pupil's entry, or a project's,
    needs every pupil's consent to publish results in force today; without it nothing changes."""
    entry = access.entry_for_publisher(actor, entry_id)
    missing = _pupils_without_consent(entry)
    if missing:
        raise InvalidInput(
            _(
                "Публикация невозможна: нет согласия законного представителя на публикацию "
                "результатов (%(names)s). Согласие вносится в карточку ученика."
            )
            % {"names": ", ".join(pupil.short_name for pupil in missing)},
            field="consent",
            code="no_consent",
        )
    if entry.published_at is not None:
        return entry
    before = snapshot(entry, AUDITED)
    entry.published_at = timezone.now()
    with transaction.atomic():
        entry.save(update_fields=["published_at", "updated_at"])
        audit_record(
            actor=actor,
            action="portfolio.entry_publish",
            obj=entry,
            before=before,
            after=snapshot(entry, AUDITED),
        )
    return entry


def portfolio_entry_unpublish(*, actor: Actor, entry_id) -> PortfolioEntry:
    entry = access.entry_for_reader(actor, entry_id)
    # Whoever may publish, and whoever keeps the portfolio (a parent withdrawing it), may hide it.
    if not (access.may_publish_entry(actor, entry) or access.may_change_entry(actor, entry)):
        raise Forbidden(_("Снять запись с публикации вы не можете."))
    if entry.published_at is None:
        return entry
    before = snapshot(entry, AUDITED)
    entry.published_at = None
    with transaction.atomic():
        entry.save(update_fields=["published_at", "updated_at"])
        audit_record(
            actor=actor,
            action="portfolio.entry_unpublish",
            obj=entry,
            before=before,
            after=snapshot(entry, AUDITED),
        )
    return entry


def project_create(*, actor: Actor, title: str = "", description: str = "", member_ids=()) -> Project:
    """A teacher opens a project of their school's pupils and supervises it."""
    if not rules.may_lead_projects(actor):
        raise Forbidden(_("Проекты открывают учителя."))
    school_id = min(s for s in rules.material_author_school_ids(actor) if actor.staff_id_in(s) is not None)
    fields = {"title": title, "description": description}
    clean = {
        "title": text(fields, "title", LABELS["title"], 300, required=True),
        "description": text(fields, "description", LABELS["description"], 5000),
    }
    try:
        wanted = {int(pk) for pk in member_ids or ()}
    except (TypeError, ValueError):
        raise InvalidInput(_("Выберите участников из списка."), field="members") from None
    members = list(Student.objects.visible_to(actor).filter(school_id=school_id, pk__in=wanted))
    if not wanted or len(members) != len(wanted):
        raise InvalidInput(_("Выберите участников проекта из учеников школы."), field="members")
    project = Project(school_id=school_id, supervisor_id=actor.staff_id_in(school_id), **clean)
    with transaction.atomic():
        project.save()
        project.members.set(members)
        audit_record(
            actor=actor,
            action="project.create",
            obj=project,
            after={**clean, "members": sorted(m.pk for m in members)},
        )
    return project
