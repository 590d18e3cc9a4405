"""The school whose card and directories are asked for: 404 for an outsider, 403 for a member of
the school who does not keep them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import School


def school_for_keeper(actor: Actor, school_id=None) -> School:
    keeps = rules.directory_keeper_school_ids(actor)
    if school_id in (None, ""):
        if not keeps:
            if actor.member_school_ids:
                raise Forbidden(_("Справочники школы ведёт системный администратор."))
            raise NotFound(_("Не найдено."))
        school_id = min(keeps)
    try:
        wanted = int(school_id)
    except (TypeError, ValueError):
        raise NotFound(_("Не найдено.")) from None
    school = School.objects.visible_to(actor).select_related("authority").filter(pk=wanted).first()
    if school is None:
        raise NotFound(_("Не найдено."))
    if school.pk not in keeps:
        raise Forbidden(_("Справочники школы ведёт системный администратор."))
    return school
