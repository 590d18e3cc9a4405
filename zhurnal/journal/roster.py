"""Who is on a journal's roster: enrolled in the class (and in the subgroup) during the dates."""

import datetime as dt

from django.db.models import Q

from zhurnal.people.models import Enrollment, SubgroupMembership, TeachingAssignment, enrolled_between_q


def roster_filter(assignment: TeachingAssignment, start: dt.date, end: dt.date) -> Q:
    """Students enrolled in the assignment's class at any time between start and end."""
    enrolled = Enrollment.objects.filter(
        enrolled_between_q(start, end), class_group_id=assignment.class_group_id
    )
    q = Q(pk__in=enrolled.values("student_id"))
    if assignment.subgroup_id:
        q &= Q(
            pk__in=SubgroupMembership.objects.filter(subgroup_id=assignment.subgroup_id).values("student_id")
        )
    return q
