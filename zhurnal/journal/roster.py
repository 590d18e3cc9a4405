"""Who is on a journal's roster: enrolled in the class (and in the subgroup) during the dates."""

import datetime as dt

from django.db import connection
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


# The same rule in SQL, for a `people_student s` row: enrolled in the class at some time from the
# start to the end, and a member of the subgroup if the journal is a subgroup's (a NULL subgroup
# makes that half true). Its parameters come from `on_roster_params`.
ON_ROSTER_SQL = """EXISTS (
    SELECT 1 FROM people_enrollment e
    WHERE e.student_id = s.id AND e.class_group_id = %s AND e.start <= %s AND (e."end" IS NULL OR e."end" >= %s)
) AND (CAST(%s AS BIGINT) IS NULL OR EXISTS (
    SELECT 1 FROM people_subgroupmembership sm WHERE sm.student_id = s.id AND sm.subgroup_id = %s
))"""


def on_roster_params(assignment: TeachingAssignment, start: dt.date, end: dt.date) -> list:
    adapt = connection.ops.adapt_datefield_value
    return [
        assignment.class_group_id,
        adapt(end),
        adapt(start),
        assignment.subgroup_id,
        assignment.subgroup_id,
    ]
