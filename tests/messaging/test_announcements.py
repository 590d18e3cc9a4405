"""Announcements reach their audience only; staff see who has read them."""

import pytest

from tests import factories as f
from zhurnal.accounts.models import Role
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.messaging.announcements import announcement_publish
from zhurnal.messaging.models import Announcement, AnnouncementRead
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db


def publish(cast, who: str, **kwargs):
    return announcement_publish(actor=actor_for(cast.user(who)), title="Заголовок", body="Текст", **kwargs)


def seen_by(cast, who: str) -> set[str]:
    return set(Announcement.objects.visible_to(actor_for(cast.user(who))).values_list("title", flat=True))


def test_a_school_announcement_reaches_everyone_of_the_school_only(cast):
    announcement_publish(actor=actor_for(cast.user("director")), audience="school", title="Школе", body="Т")
    for member in ("teacher", "parent_a", "parent_b", "pupil_a", "secretary"):
        assert "Школе" in seen_by(cast, member), member
    assert "Школе" not in seen_by(cast, "outsider")
    assert "Школе" not in seen_by(cast, "authority")


def test_a_class_announcement_reaches_that_class_and_the_staff(cast):
    announcement_publish(
        actor=actor_for(cast.user("classteacher")),
        audience="class",
        class_group=cast.class_a,
        title="2А",
        body="Т",
    )
    assert "2А" in seen_by(cast, "parent_a") and "2А" in seen_by(cast, "pupil_a")
    assert "2А" not in seen_by(cast, "parent_b")
    assert "2А" in seen_by(cast, "director")


def test_a_grade_announcement_reaches_the_parents_of_that_grade_not_the_pupils(cast):
    announcement_publish(
        actor=actor_for(cast.user("deputy")), audience="grade_parents", grade=2, title="Вторым", body="Т"
    )
    assert "Вторым" in seen_by(cast, "parent_a")
    assert "Вторым" not in seen_by(cast, "parent_b")  # 3Б
    assert "Вторым" not in seen_by(cast, "pupil_a")


def test_a_class_teacher_announces_to_their_class_only(cast):
    with pytest.raises(InvalidInput) as refused:
        publish(cast, "classteacher", audience="class", class_group=cast.class_b.pk)
    assert refused.value.field == "class_group"
    with pytest.raises(InvalidInput) as school:
        publish(cast, "classteacher", audience="school")
    assert school.value.field == "audience"


def test_parents_and_teachers_do_not_announce(cast):
    for member in ("parent_a", "pupil_a", "teacher"):
        with pytest.raises(Forbidden):
            publish(cast, member, audience="school")
    assert not Announcement.objects.exists()


def test_a_grade_must_be_named_for_a_grade_announcement(cast):
    with pytest.raises(InvalidInput) as refused:
        publish(cast, "director", audience="grade_parents", grade="")
    assert refused.value.field == "grade"


def test_opening_the_list_marks_announcements_read_and_staff_see_who_read_them(cast, login):
    announcement = publish(cast, "classteacher", audience="class", class_group=cast.class_a)
    assert login(cast.user("parent_a")).get("/messages/announcements/").status_code == 200
    assert list(AnnouncementRead.objects.values_list("user__username", flat=True)) == ["parent_a"]
    html = login(cast.user("classteacher")).get("/messages/announcements/").content.decode()
    assert "Прочитал 1 человек" in html
    assert cast.user("parent_a").full_name in html
    assert announcement.reads.count() == 1  # the author's own view is not a reading


def test_the_publish_form_names_a_bad_field(cast, login):
    response = login(cast.user("director")).post(
        "/messages/announcements/new/", {"audience": "grade_parents", "grade": "", "title": "Т", "body": "Т"}
    )
    assert response.status_code == 400
    assert "Укажите параллель от 1 до 11." in response.content.decode()


def test_a_publication_is_announced_after_commit(cast, django_capture_on_commit_callbacks):
    from zhurnal.core import events

    seen = []

    def handler(event, payload):
        seen.append(payload)

    events.subscribe("announcement.published", handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            announcement = publish(cast, "director", audience="school")
    finally:
        events._subscribers["announcement.published"].remove(handler)
    assert seen == [{"announcement_id": announcement.pk}]


def test_a_parent_of_two_schools_sees_each_schools_announcements(cast):
    f.RoleGrantFactory(user=cast.user("parent_a"), role=Role.PARENT, school=cast.school_b)
    guardian = cast.pupil_a.guardian_links.get().guardian
    f.StudentGuardianFactory(student=cast.pupil_other, guardian=guardian)
    announcement_publish(
        actor=actor_for(cast.user("outsider")),
        audience="class",
        class_group=cast.class_other,
        title="Б",
        body="Т",
    )
    assert "Б" in seen_by(cast, "parent_a")
