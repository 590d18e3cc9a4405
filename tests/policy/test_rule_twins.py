"""Rules and reads written twice, once for the ORM and once in Python or plain SQL, agree.

`may_read_journal` is `journal_assignment_q` for one loaded assignment; `actor_for` and
`assignment_loaded` read with plain SQL what the ORM's select_related would read.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests import factories as f
from tests.twins import columns
from zhurnal.accounts.models import Role, RoleGrant
from zhurnal.journal.access import assignment_loaded
from zhurnal.people.models import Staff, Student, TeachingAssignment
from zhurnal.policy.actor import actor_for
from zhurnal.policy.scopes import journal_assignment_q, may_read_journal

pytestmark = pytest.mark.django_db

ASSIGNMENT_RELATED = ("class_group", "subgroup", "subject", "teacher", "school", "year")
GRANT_RELATED = ("school", "class_group", "authority")


@pytest.fixture
def more_actors(cast):
    """Besides the cast: a user with no grant, a teacher's grant without a staff card, a staff card
    without a staff role, a class teacher of a class they do not teach, one more assignment, and a
    teacher of two schools with an assignment in the second."""
    school = cast.school_a
    lonely = f.UserFactory(username="lonely")
    cardless = f.UserFactory(username="cardless")
    f.RoleGrantFactory(user=cardless, role=Role.TEACHER, school=school)
    carded_parent = f.UserFactory(username="carded_parent")
    f.RoleGrantFactory(user=carded_parent, role=Role.PARENT, school=school)
    f.StaffFactory(school=school, user=carded_parent)
    leader = f.UserFactory(username="leader")
    f.RoleGrantFactory(user=leader, role=Role.TEACHER, school=school)
    f.RoleGrantFactory(user=leader, role=Role.CLASS_TEACHER, school=school, class_group=cast.class_b)
    f.StaffFactory(school=school, user=leader)
    f.TeachingAssignmentFactory(class_group=cast.class_b, teacher__user=None)
    # One login, two schools: a staff card and a teacher's grant in each (issue 10 item 2).
    travelling = f.UserFactory(username="travelling")
    for each in (school, cast.school_b):
        f.RoleGrantFactory(user=travelling, role=Role.TEACHER, school=each)
    f.StaffFactory(school=school, user=travelling)
    f.TeachingAssignmentFactory(
        class_group=cast.class_other, teacher=f.StaffFactory(school=cast.school_b, user=travelling)
    )
    return [lonely, cardless, carded_parent, leader, travelling]


def assert_journal_rule_twins_agree(actor, label):
    for assignment in TeachingAssignment.objects.order_by("pk"):
        orm = TeachingAssignment.objects.filter(journal_assignment_q(actor), pk=assignment.pk).exists()
        assert may_read_journal(actor, assignment) is orm, (label, str(assignment))
        loaded = assignment_loaded(assignment.pk)
        assert may_read_journal(actor, loaded) is orm, (label, str(assignment))


def test_may_read_journal_agrees_with_the_orm_rule_for_every_cast_member_and_assignment(cast):
    assert TeachingAssignment.objects.count() == 4
    readable = {}
    for name, user in cast.users.items():
        actor = actor_for(user)
        assert_journal_rule_twins_agree(actor, name)
        readable[name] = {a.pk for a in TeachingAssignment.objects.all() if may_read_journal(actor, a)}
    # Not vacuous: the rule says yes and no.
    assert readable["director"] == {cast.math_a.pk, cast.english_a.pk, cast.math_b.pk}
    assert readable["classteacher"] == {cast.math_a.pk, cast.english_a.pk}
    assert readable["teacher"] == {cast.english_a.pk, cast.math_b.pk}
    assert readable["outsider"] == {cast.math_other.pk}
    assert readable["parent_a"] == readable["authority"] == readable["sysadmin"] == set()


def test_may_read_journal_agrees_with_the_orm_rule_for_actors_outside_the_cast(cast, more_actors):
    assert_journal_rule_twins_agree(actor_for(AnonymousUser()), "anonymous")
    for user in [*cast.users.values(), *more_actors]:
        assert_journal_rule_twins_agree(actor_for(user), user.username)


def test_actor_for_reads_the_grants_and_cards_the_orm_reads(cast, more_actors, django_assert_num_queries):
    for user in [*cast.users.values(), *more_actors]:
        expected = list(RoleGrant.objects.filter(user=user).select_related(*GRANT_RELATED).order_by("id"))
        with django_assert_num_queries(1):
            actor = actor_for(user)
        assert [g.pk for g in actor.grants] == [g.pk for g in expected], user.username
        for grant, twin in zip(actor.grants, expected, strict=True):
            assert columns(grant) == columns(twin), user.username
            assert grant._state.adding is False and grant._state.db == "default"
            with django_assert_num_queries(0):
                related = {name: getattr(grant, name) for name in GRANT_RELATED}
            for name in GRANT_RELATED:
                assert related[name] == getattr(twin, name), (user.username, name)
                assert columns(related[name]) == columns(getattr(twin, name)), (user.username, name)
            # The cards are the user's in the grant's school (one per user and school).
            staff_card = Staff.objects.filter(user=user, school_id=twin.school_id).values_list(
                "pk", flat=True
            )
            student_card = Student.objects.filter(user=user, school_id=twin.school_id).values_list(
                "pk", flat=True
            )
            assert (grant.staff_card_id, grant.student_card_id) == (
                staff_card.first(),
                student_card.first(),
            ), user.username


def test_actor_for_gives_the_cards_and_places_the_cast_expects(cast):
    """Not vacuous: the grants compared above carry schools, classes, authorities and cards."""
    classteacher = actor_for(cast.user("classteacher"))
    assert classteacher.staff_ids == {cast.math_a.teacher_id} and classteacher.student_ids == set()
    assert classteacher.staff_id_in(cast.school_a.pk) == cast.math_a.teacher_id
    assert classteacher.staff_id_in(cast.school_b.pk) is None
    assert classteacher.led_class_ids == {cast.class_a.pk}
    assert [g.class_group for g in classteacher.grants] == [None, cast.class_a]
    pupil = actor_for(cast.user("pupil_a"))
    assert pupil.student_ids == {cast.pupil_a.pk} and pupil.staff_ids == set()
    authority = actor_for(cast.user("authority")).grants
    assert [(g.school, g.authority) for g in authority] == [(None, cast.school_a.authority)]
    assert actor_for(AnonymousUser()).grants == []


def test_assignment_loaded_is_the_orms_assignment_with_its_relations(
    cast, more_actors, django_assert_num_queries
):
    pks = list(TeachingAssignment.objects.order_by("pk").values_list("pk", flat=True))
    assert len(pks) == 6
    for pk in pks:
        twin = TeachingAssignment.objects.select_related(*ASSIGNMENT_RELATED).get(pk=pk)
        with django_assert_num_queries(1):
            loaded = assignment_loaded(pk)
        assert columns(loaded) == columns(twin)
        assert loaded._state.adding is False and loaded._state.db == "default"
        with django_assert_num_queries(0):
            related = {name: getattr(loaded, name) for name in ASSIGNMENT_RELATED}
        for name in ASSIGNMENT_RELATED:
            assert related[name] == getattr(twin, name), (pk, name)
            assert columns(related[name]) == columns(getattr(twin, name)), (pk, name)
            if related[name] is not None:
                assert related[name]._state.adding is False and related[name]._state.db == "default"
    assert assignment_loaded(cast.english_a.pk).subgroup is not None
    assert assignment_loaded(cast.math_a.pk).subgroup is None
    assert columns(assignment_loaded(str(cast.math_b.pk))) == columns(
        TeachingAssignment.objects.get(pk=cast.math_b.pk)
    )


@pytest.mark.parametrize(
    "assignment_id",
    ["missing", 0, -1, -(2**63), 2**63 - 1, 2**63, 2**64, "abc", "", " ", "1.5", "1e3", None],
)
def test_assignment_loaded_gives_none_for_what_names_no_assignment(cast, assignment_id):
    if assignment_id == "missing":
        assignment_id = TeachingAssignment.objects.order_by("-pk").first().pk + 1000
    assert assignment_loaded(assignment_id) is None


def test_a_loaded_subgroup_assignment_names_itself_without_a_query(cast, django_assert_num_queries):
    subgroup_assignment = TeachingAssignment.objects.filter(subgroup__isnull=False).first()
    assert subgroup_assignment is not None, "the cast has a subgroup's journal"
    loaded = assignment_loaded(subgroup_assignment.pk)

    with django_assert_num_queries(0):
        text = str(loaded)
    assert text == str(TeachingAssignment.objects.get(pk=subgroup_assignment.pk))
