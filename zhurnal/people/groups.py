"""Reads for the study groups pages (decision 0036): everything a page shows, in a fixed number
of queries however many groups, members and journals the school has."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from zhurnal.core import clock
from zhurnal.people.models import Enrollment, StudyGroupMembership, TeachingAssignment, enrolled_between_q
from zhurnal.people.teaching import _active_staff, _year
from zhurnal.policy import rules
from zhurnal.schools.models import StudyGroup, Subject


def groups_page(actor, school, year_id=None) -> dict:
    """The school's groups of a year, each with its members today and its journals."""
    year, years = _year(school, year_id)
    today = clock.today()
    groups = list(
        StudyGroup.objects.visible_to(actor)
        .filter(school=school, year=year)
        .select_related("subject")
        .annotate(
            members_today=Count(
                "memberships",
                filter=Q(memberships__start__lte=today)
                & (Q(memberships__end__isnull=True) | Q(memberships__end__gte=today)),
            )
        )
        .order_by("grade", "name")
    )
    journals = defaultdict(list)
    for assignment in (
        TeachingAssignment.objects.visible_to(actor)
        .filter(study_group__in=groups)
        .select_related("subject", "teacher")
        .order_by("subject__name", "pk")
    ):
        journals[assignment.study_group_id].append(assignment)
    for group in groups:
        group.journals = journals[group.pk]
    return {
        "school": school,
        "year": year,
        "years": years,
        "groups": groups,
        "subjects": list(Subject.objects.filter(school=school).order_by("name")),
        "may_keep": rules.may_keep_study_groups(actor, school.pk),
    }


def group_page(actor, group) -> dict:
    """A group's members with their dates and classes, its journals, and the pupils who may join:
    those enrolled today in the school's classes of the group's grade and year."""
    today = clock.today()
    memberships = list(
        StudyGroupMembership.objects.visible_to(actor)
        .filter(group=group)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student__pk", "start")
    )
    # Each member's class in the group's year (the latest, after a transfer).
    class_of = {
        student_id: f"{grade}{letter}"
        for student_id, grade, letter in Enrollment.objects.filter(
            student_id__in={m.student_id for m in memberships}, class_group__year=group.year
        )
        .order_by("start")
        .values_list("student_id", "class_group__grade", "class_group__letter")
    }
    for membership in memberships:
        membership.class_name = class_of.get(membership.student_id, "")
        membership.in_force = membership.start <= today and (
            membership.end is None or membership.end >= today
        )
    candidates = defaultdict(list)
    for enrolment in (
        Enrollment.objects.filter(
            enrolled_between_q(today, today),
            school_id=group.school_id,
            class_group__year=group.year,
            class_group__grade=group.grade,
        )
        .select_related("student", "class_group")
        .order_by("class_group__letter", "student__last_name", "student__first_name", "student__pk")
    ):
        candidates[str(enrolment.class_group)].append(enrolment.student)
    journals = list(
        TeachingAssignment.objects.visible_to(actor)
        .filter(study_group=group)
        .select_related("subject", "teacher")
        .order_by("subject__name", "pk")
    )
    return {
        "group": group,
        "memberships": memberships,
        "candidates": dict(candidates),
        "journals": journals,
        "subjects": list(Subject.objects.filter(school_id=group.school_id).order_by("name")),
        "staff": _active_staff(group.school_id),
        "today": today,
        "may_keep": rules.may_keep_study_groups(actor, group.school_id),
        "may_keep_load": rules.may_keep_schedule(actor, group.school_id),
    }
