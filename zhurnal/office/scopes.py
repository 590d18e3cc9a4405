"""Visibility of the registry's rows, built from the policy's predicates.

Orders, their files and movements: the school's administration (director, deputy, secretary,
system administrator). Personal files and their documents: the administration, and the class
teacher of a class the pupil is or was enrolled in. Nobody else, families included.
"""

from django.db.models import Q, QuerySet

from zhurnal.core import scoping
from zhurnal.office.models import (
    EnrolmentApplication,
    Movement,
    OfficeSettings,
    Order,
    OrderFile,
    OrderSeries,
    PersonalFile,
    PersonalFileDocument,
)
from zhurnal.people.models import Enrollment
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.policy.scopes import directory_q


def _orders(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(school_id__in=rules.order_reader_school_ids(actor))


def personal_file_q(actor: Actor) -> Q:
    q = Q(school_id__in=rules.personal_file_school_ids(actor))
    if actor.led_class_ids:
        led = Enrollment.objects.filter(class_group_id__in=actor.led_class_ids).values("student_id")
        q |= Q(student_id__in=led)
    return q


def _personal_files(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(personal_file_q(actor))


def _documents(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(personal_file__in=PersonalFile.objects.filter(personal_file_q(actor)).values("pk"))


def _settings(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(directory_q(actor))


def register_all() -> None:
    scoping.register(OfficeSettings, _settings)
    for model in (OrderSeries, Order, OrderFile, Movement, EnrolmentApplication):
        scoping.register(model, _orders)
    scoping.register(PersonalFile, _personal_files)
    scoping.register(PersonalFileDocument, _documents)
