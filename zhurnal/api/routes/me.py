"""`GET /me`: who is calling, with their roles and, for a parent, their children."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from zhurnal.api import selectors
from zhurnal.api.errors import ErrorOut
from zhurnal.api.schemas import MeOut, RoleOut, StudentBriefOut
from zhurnal.api.security import request_actor

router = Router(tags=["me"])


def student_brief(student) -> StudentBriefOut:
    return StudentBriefOut(id=student.pk, full_name=student.full_name, class_id=student.current_class_id)


@router.get("/me", url_name="me", response={200: MeOut, 401: ErrorOut, 403: ErrorOut}, summary="The caller")
def me(request: HttpRequest):
    actor = request_actor(request)
    user = actor.user
    own = selectors.own_student(actor)
    return MeOut(
        id=user.pk,
        username=user.get_username(),
        full_name=user.full_name,
        roles=[RoleOut(role=g.role, school_id=g.school_id, class_id=g.class_group_id) for g in actor.grants],
        children=[student_brief(s) for s in selectors.children_of(actor)],
        student=student_brief(own) if own is not None else None,
    )
