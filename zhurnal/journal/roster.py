"""Who is on a journal's roster: enrolled in the class (and in the subgroup) during the dates; for
a cross-class study group's journal, the group's members in force during the dates who are
enrolled in some class of the school then (decision 0036)."""

import datetime as dt

from django.db import connection
from django.db.models import Q

from zhurnal.people.models import (
    Enrollment,
    StudyGroupMembership,
    SubgroupMembership,
    TeachingAssignment,
    enrolled_between_q,
)


def roster_filter(assignment: TeachingAssignment, start: dt.date, end: dt.date) -> Q:
    """Students enrolled in the assignment's class at any time between start and end (or the
    study group's members then, enrolled in the school then)."""
    if assignment.study_group_id:
        members = StudyGroupMembership.objects.filter(
            enrolled_between_q(start, end), group_id=assignment.study_group_id
        )
        enrolled = Enrollment.objects.filter(enrolled_between_q(start, end))
        return Q(pk__in=members.values("student_id")) & Q(pk__in=enrolled.values("student_id"))
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


# A study group's journal: a member of the group at some time from the start to the end, and
# enrolled in some class of the school then. Parameters from `in_group_params`.
IN_GROUP_SQL = """EXISTS (
    SELECT 1 FROM people_studygroupmembership gm
    WHERE gm.student_id = s.id AND gm.group_id = %s AND gm.start <= %s AND (gm."end" IS NULL OR gm."end" >= %s)
) AND EXISTS (
    SELECT 1 FROM people_enrollment e
    WHERE e.student_id = s.id AND e.start <= %s AND (e."end" IS NULL OR e."end" >= %s)
)"""


def in_group_params(assignment: TeachingAssignment, start: dt.date, end: dt.date) -> list:
    adapt = connection.ops.adapt_datefield_value
    return [assignment.study_group_id, adapt(end), adapt(start), adapt(end), adapt(start)]


def on_roster(assignment: TeachingAssignment, start: dt.date, end: dt.date) -> tuple[str, list]:
    """The roster condition on `people_student s` for this journal, with its parameters: the
    class (and subgroup) rule, or the study group's."""
    if assignment.study_group_id:
        return IN_GROUP_SQL, in_group_params(assignment, start, end)
    return ON_ROSTER_SQL, on_roster_params(assignment, start, end)


def roster_driver(assignment: TeachingAssignment) -> tuple[str, list]:
    """An indexed subquery of pupil ids that holds the whole roster (the class's enrolments, or
    the group's memberships), so a roster read never scans every pupil of the region."""
    if assignment.study_group_id:
        return "SELECT gm.student_id FROM people_studygroupmembership gm WHERE gm.group_id = %s", [
            assignment.study_group_id
        ]
    return "SELECT e.student_id FROM people_enrollment e WHERE e.class_group_id = %s", [
        assignment.class_group_id
    ]
