"""A teacher's study materials: create, change, delete, attach to a lesson's homework.

Attaching or detaching touches the lesson's `updated_at`, so the diary's caches keyed on it see
the change (the journal's own change stamp; the lesson's `version`, which guards the teacher's
edits of its fields, is left alone).
"""

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.uploads import check_files, storing
from zhurnal.journal import access as journal_access
from zhurnal.journal.models import Lesson
from zhurnal.materials import access
from zhurnal.materials.models import HomeworkMaterial, Material, MaterialFile
from zhurnal.materials.services.common import choice, link, text, upload_rules
from zhurnal.planning.models import PlanItem
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup, Subject

AUDITED = ["kind", "title", "description", "subject", "grade", "topic", "plan_item", "url", "visibility"]
LABELS = {
    "kind": gettext_lazy("Вид"),
    "title": gettext_lazy("Название"),
    "description": gettext_lazy("Описание"),
    "topic": gettext_lazy("Тема"),
    "visibility": gettext_lazy("Кому видно"),
}


def _snapshot(material: Material, class_ids) -> dict:
    return {**snapshot(material, AUDITED), "classes": sorted(class_ids)}


def _clean(fields: dict, school_id: int, author_id: int) -> tuple[dict, list[int]]:
    clean = {
        "kind": choice(fields, "kind", Material.Kind, LABELS["kind"]),
        "title": text(fields, "title", LABELS["title"], 300, required=True),
        "description": text(fields, "description", LABELS["description"], 20000),
        "topic": text(fields, "topic", LABELS["topic"], 500),
        "url": link(fields),
        "visibility": choice(fields, "visibility", Material.Visibility, LABELS["visibility"]),
    }
    subject_id = fields.get("subject") or None
    clean["subject"] = None
    if subject_id:
        try:
            clean["subject"] = Subject.objects.filter(school_id=school_id, pk=int(subject_id)).first()
        except (TypeError, ValueError):
            clean["subject"] = None
        if clean["subject"] is None:
            raise InvalidInput(_("Выберите предмет из списка."), field="subject")
    grade = fields.get("grade") or None
    clean["grade"] = None
    if grade:
        try:
            clean["grade"] = int(grade)
        except (TypeError, ValueError):
            clean["grade"] = 0
        if not 1 <= clean["grade"] <= 11:
            raise InvalidInput(_("Класс (параллель) — число от 1 до 11."), field="grade")
    class_ids: list[int] = []
    if clean["visibility"] == Material.Visibility.CLASSES:
        try:
            wanted = {int(pk) for pk in fields.get("classes") or ()}
        except (TypeError, ValueError):
            raise InvalidInput(_("Выберите классы из списка."), field="classes") from None
        class_ids = sorted(
            ClassGroup.objects.filter(school_id=school_id, pk__in=wanted).values_list("pk", flat=True)
        )
        if not wanted or len(class_ids) != len(wanted):
            raise InvalidInput(_("Выберите классы, ученикам которых виден материал."), field="classes")
    clean["plan_item"] = _plan_item(fields.get("plan_item") or None, school_id, author_id)
    if clean["plan_item"] is not None and not clean["topic"]:
        clean["topic"] = clean["plan_item"].topic[:500]
    return clean, class_ids


def _plan_item(raw, school_id: int, author_id: int):
    """An item of one of the author's own plans in the school, or None when none is chosen."""
    if raw is None:
        return None
    try:
        found = PlanItem.objects.filter(
            pk=int(raw), school_id=school_id, version__plan__assignment__teacher_id=author_id
        ).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise InvalidInput(_("Выберите пункт своего КТП из списка."), field="plan_item")
    return found


def _author_school(actor: Actor, school_id) -> int:
    schools = rules.material_author_school_ids(actor)
    if not rules.may_keep_materials(actor):
        raise Forbidden(_("Учебные материалы ведут учителя."))
    if school_id:
        try:
            school_id = int(school_id)
        except (TypeError, ValueError):
            school_id = None
    if school_id not in schools or actor.staff_id_in(school_id) is None:
        school_id = min(s for s in schools if actor.staff_id_in(s) is not None)
    return school_id


def _store_files(material: Material, checked, save) -> list[MaterialFile]:
    return [
        MaterialFile.objects.create(
            school_id=material.school_id,
            material=material,
            file=save(item),
            name=item.original_name,
            size=item.size,
            content_type=item.content_type,
        )
        for item in checked
    ]


def material_create(*, actor: Actor, school_id=None, files=(), **fields) -> Material:
    school_id = _author_school(actor, school_id)
    clean, class_ids = _clean(fields, school_id, actor.staff_id_in(school_id))
    checked = check_files(files, upload_rules())
    material = Material(school_id=school_id, owner_id=actor.staff_id_in(school_id), **clean)
    with storing("materials", school_id) as save, transaction.atomic():
        material.save()
        material.classes.set(class_ids)
        made = _store_files(material, checked, save)
        audit_record(
            actor=actor,
            action="material.create",
            obj=material,
            after={**_snapshot(material, class_ids), "files": [f.name for f in made]},
        )
    return material


def material_update(*, actor: Actor, material_id, files=(), remove_files=(), **fields) -> Material:
    material = access.material_for_editor(actor, material_id)
    clean, class_ids = _clean(fields, material.school_id, material.owner_id)
    checked = check_files(files, upload_rules())
    before = _snapshot(material, material.classes.values_list("pk", flat=True))
    removed = list(
        MaterialFile.objects.filter(
            material=material, pk__in=[int(x) for x in remove_files or () if str(x).isdigit()]
        )
    )
    if material.files.count() - len(removed) + len(checked) > upload_rules().max_count:
        raise InvalidInput(
            _("К материалу можно приложить не больше %(n)s файлов.") % {"n": upload_rules().max_count},
            field="files",
        )
    for name, value in clean.items():
        setattr(material, name, value)
    paths = [f.file.name for f in removed]
    with storing("materials", material.school_id) as save, transaction.atomic():
        material.save()
        material.classes.set(class_ids)
        MaterialFile.objects.filter(pk__in=[f.pk for f in removed]).delete()
        made = _store_files(material, checked, save)
        after = _snapshot(material, class_ids)
        audit_record(
            actor=actor,
            action="material.update",
            obj=material,
            before={**before, "files_removed": [f.name for f in removed]},
            after={**after, "files_added": [f.name for f in made]},
        )
        _touch_lessons(material)
        transaction.on_commit(lambda: [default_storage.delete(p) for p in paths])
    return material


def material_delete(*, actor: Actor, material_id) -> None:
    material = access.material_for_editor(actor, material_id)
    paths = list(material.files.values_list("file", flat=True))
    with transaction.atomic():
        _touch_lessons(material)
        audit_record(actor=actor, action="material.delete", obj=material, before=snapshot(material, AUDITED))
        material.delete()
        transaction.on_commit(lambda: [default_storage.delete(p) for p in paths])


def _touch_lessons(material: Material) -> None:
    """The lessons whose homework shows the material changed too (the diary's caches)."""
    lesson_ids = HomeworkMaterial.objects.filter(material=material).values("lesson_id")
    Lesson.objects.filter(pk__in=lesson_ids).update(updated_at=timezone.now())


def _lesson_and_material(actor: Actor, material_id, lesson_id):
    material = access.material_for_editor(actor, material_id)
    try:
        lesson_id = int(lesson_id)
    except (TypeError, ValueError):
        raise InvalidInput(_("Выберите урок."), field="lesson") from None
    lesson = journal_access.lesson_for_writer(actor, lesson_id)
    if lesson.school_id != material.school_id:
        raise InvalidInput(_("Материал другой школы нельзя приложить к этому уроку."), field="lesson")
    return material, lesson


def material_attach(*, actor: Actor, material_id, lesson_id) -> HomeworkMaterial:
    """Give a material with a lesson's homework: its author, on a lesson they may write."""
    material, lesson = _lesson_and_material(actor, material_id, lesson_id)
    with transaction.atomic():
        link_row, created = HomeworkMaterial.objects.get_or_create(
            school_id=lesson.school_id, lesson=lesson, material=material, defaults={"attached_by": actor.user}
        )
        if created:
            Lesson.objects.filter(pk=lesson.pk).update(updated_at=timezone.now())
            audit_record(
                actor=actor,
                action="material.attach",
                obj=material,
                after={"lesson": lesson.pk, "date": lesson.date.isoformat()},
            )
    return link_row


def material_detach(*, actor: Actor, material_id, lesson_id) -> None:
    material, lesson = _lesson_and_material(actor, material_id, lesson_id)
    with transaction.atomic():
        deleted, _rows = HomeworkMaterial.objects.filter(lesson=lesson, material=material).delete()
        if deleted:
            Lesson.objects.filter(pk=lesson.pk).update(updated_at=timezone.now())
            audit_record(
                actor=actor,
                action="material.detach",
                obj=material,
                before={"lesson": lesson.pk, "date": lesson.date.isoformat()},
            )
