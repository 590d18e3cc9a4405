"""Ask the consent registry: `has_consent(student, kind, on=date)`.

Other apps (publishing photos or ratings, portfolio pages) ask here before they show a pupil.
A consent counts from the day it was given until (not including) the day it was withdrawn.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from zhurnal.core import clock
from zhurnal.people.models import Consent


def in_force_q(on: dt.date) -> Q:
    return Q(given_on__lte=on) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))


def has_consent(student, kind: str, on: dt.date | None = None) -> bool:
    student_id = getattr(student, "pk", student)
    return Consent.objects.filter(in_force_q(on or clock.today()), student_id=student_id, kind=kind).exists()
