"""Who sees which rows: the scoped querysets every list starts from."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.querycount import assert_max_queries
from zhurnal.core import scoping
from zhurnal.journal.models import Mark
from zhurnal.people.models import Student, TeachingAssignment
from zhurnal.schools.models import ClassGroup

pytestmark = pytest.mark.django_db


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_a_parent_sees_only_their_own_child(cast, actor_of):
    assert ids(Student.objects.visible_to(actor_of("parent_a"))) == {cast.pupil_a.pk}
    assert ids(Student.objects.visible_to(actor_of("parent_b"))) == {cast.pupil_b.pk}


def test_a_pupil_sees_only_themself(cast, actor_of):
    assert ids(Student.objects.visible_to(actor_of("pupil_a"))) == {cast.pupil_a.pk}


def test_a_class_teacher_sees_their_class_and_the_classes_they_teach(cast, actor_of):
    assert ids(ClassGroup.objects.visible_to(actor_of("classteacher"))) == {cast.class_a.pk}


def test_a_subject_teacher_sees_only_the_pupils_they_teach(cast, actor_of):
    visible = ids(Student.objects.visible_to(actor_of("teacher")))
    # English is taught to 2А's subgroup (pupil A is in it); mathematics to the whole of 3Б.
    assert visible == {cast.pupil_a.pk, cast.pupil_b.pk}


def test_the_administration_sees_its_whole_school_and_nothing_of_another(cast, actor_of):
    visible = ids(Student.objects.visible_to(actor_of("director")))
    assert visible == {cast.pupil_a.pk, cast.pupil_b.pk}
    assert cast.pupil_other.pk not in visible


def test_an_outsider_sees_nothing_of_another_school(cast, actor_of):
    actor = actor_of("outsider")
    assert ids(Student.objects.visible_to(actor)) == {cast.pupil_other.pk}
    assert ids(ClassGroup.objects.visible_to(actor)) == {cast.class_other.pk}
    assert ids(TeachingAssignment.objects.visible_to(actor)) == {cast.math_other.pk}


def test_the_authority_sees_no_pupil_records(cast, actor_of):
    assert ids(Student.objects.visible_to(actor_of("authority"))) == set()


def test_a_parent_sees_their_childs_marks_only(cast, actor_of):
    marks = Mark.objects.visible_to(actor_of("parent_a"))
    assert set(marks.values_list("student_id", flat=True)) == {cast.pupil_a.pk}


def test_a_subject_teacher_reads_only_their_own_journals(cast, actor_of):
    visible = ids(TeachingAssignment.objects.visible_to(actor_of("teacher")))
    assert visible == {cast.english_a.pk, cast.math_b.pk}


def test_a_model_without_a_rule_refuses_to_list(cast, actor_of):
    from zhurnal.accounts.models import ApiToken

    with pytest.raises(ImproperlyConfigured):
        ApiToken.objects.all().model.objects  # noqa: B018
        scoping.apply(ApiToken.objects.all(), actor_of("director"))


def test_the_scoped_student_list_takes_the_same_queries_for_any_role(cast, actor_of):
    for name in ("director", "classteacher", "teacher", "parent_a", "pupil_a"):
        actor = actor_of(name)
        with assert_max_queries(4):
            list(Student.objects.visible_to(actor))
