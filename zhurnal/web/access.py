"""Access functions: the one way a page gets a protected object. An outsider gets 404."""

from django.shortcuts import get_object_or_404

from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup


def class_for_viewer(actor: Actor, class_id: int) -> ClassGroup:
    """A class the actor may see; a forbidden class looks like a missing one."""
    classes = ClassGroup.objects.visible_to(actor).select_related("school", "year")
    return get_object_or_404(classes, pk=class_id)
