"""Writing, replying, reading: who may write to whom, and the unread counts going up and down."""

import pytest

from tests.messaging.helpers import reply, second_pupil_with_login, write
from zhurnal.core import events
from zhurnal.core.errors import InvalidInput
from zhurnal.core.events import subscribe
from zhurnal.core.models import AuditEvent
from zhurnal.messaging.models import Thread, ThreadParticipant
from zhurnal.messaging.selectors import recipient_choices, unread_thread_count
from zhurnal.messaging.services import class_parents_broadcast, thread_mark_read, thread_start
from zhurnal.policy.messaging import allowed_recipients

pytestmark = pytest.mark.django_db


def nav_badge(client) -> int:
    nav = client.get("/").context["nav_items"]
    item = next(i for i in nav if i.label == "Сообщения")
    return item.label.unread


def test_a_parent_writes_to_the_class_teacher_who_replies_and_the_badge_goes_up_then_down(cast, login):
    client = login(cast.user("parent_a"))
    response = client.post(
        "/messages/new/",
        {"recipients": [cast.user("classteacher").pk], "subject": "Пропуск", "body": "Сын болеет."},
    )
    thread = Thread.objects.get(subject="Пропуск")
    assert response.status_code == 302 and response["Location"] == f"/messages/{thread.pk}/"
    assert nav_badge(client) == 0

    reply(cast, "classteacher", thread, body="Выздоравливайте!")
    assert nav_badge(client) == 1
    inbox = client.get("/messages/")
    assert inbox.context["page"].object_list[0].unread == 1

    page = client.get(f"/messages/{thread.pk}/")
    assert "Выздоравливайте!" in page.content.decode()
    assert nav_badge(client) == 0
    assert client.get("/messages/").context["page"].object_list[0].unread == 0


def test_the_class_teacher_sees_when_the_parent_has_read_the_reply(cast, login):
    thread = write(cast, "parent_a", "classteacher").thread
    reply(cast, "classteacher", thread, body="Ответ")
    teacher = login(cast.user("classteacher"))
    assert "не прочитано" in teacher.get(f"/messages/{thread.pk}/").content.decode()
    thread_mark_read(actor=_actor(cast, "parent_a"), thread=thread)
    html = teacher.get(f"/messages/{thread.pk}/").content.decode()
    assert "прочитано" in html and "не прочитано" not in html


def test_a_parent_does_not_see_read_receipts(cast, login):
    thread = write(cast, "parent_a", "classteacher").thread
    html = login(cast.user("parent_a")).get(f"/messages/{thread.pk}/").content.decode()
    assert "прочитано" not in html


def test_a_parent_may_write_to_the_class_teacher_teachers_and_administration_only(cast, actor_of):
    allowed = set(allowed_recipients(actor_of("parent_a")).values_list("username", flat=True))
    assert allowed == {"classteacher", "teacher", "director", "deputy"}
    groups = {g.code: [u.username for u in g.users] for g in recipient_choices(actor_of("parent_a"))}
    assert groups == {
        "class_teacher": ["classteacher"],
        "teachers": ["teacher"],
        "administration": sorted(["director", "deputy"], key=lambda n: cast.user(n).last_name),
    }


def test_a_parent_cannot_write_to_another_parent_and_the_message_names_the_recipient(cast, actor_of):
    parent_b = cast.user("parent_b")
    with pytest.raises(InvalidInput) as refused:
        thread_start(actor=actor_of("parent_a"), recipients=[parent_b.pk], subject="Т", body="Т")
    assert f"№{parent_b.pk}" in refused.value.message
    assert refused.value.field == "recipients"
    assert not Thread.objects.exists()


def test_a_parent_cannot_write_to_a_teacher_of_another_school(cast, login):
    outsider = cast.user("outsider")
    response = login(cast.user("parent_a")).post(
        "/messages/new/", {"recipients": [outsider.pk], "subject": "Т", "body": "Т"}
    )
    assert response.status_code == 400
    assert f"Получателю №{outsider.pk} написать нельзя" in response.content.decode()
    assert not Thread.objects.exists()


def test_a_student_cannot_write_to_another_student(cast, actor_of):
    classmate = second_pupil_with_login(cast)
    with pytest.raises(InvalidInput, match=f"№{classmate.user_id}"):
        thread_start(actor=actor_of("pupil_a"), recipients=[classmate.user_id], subject="Т", body="Т")
    assert classmate.user_id not in set(allowed_recipients(actor_of("pupil_a")).values_list("pk", flat=True))


def test_staff_write_to_colleagues_and_to_the_families_they_teach(cast, actor_of):
    teacher = set(allowed_recipients(actor_of("teacher")).values_list("username", flat=True))
    assert {"classteacher", "director", "parent_a", "pupil_a", "parent_b"} <= teacher
    assert "outsider" not in teacher and "teacher" not in teacher
    director = set(allowed_recipients(actor_of("director")).values_list("username", flat=True))
    assert {"parent_a", "parent_b", "pupil_a"} <= director
    secretary = set(allowed_recipients(actor_of("secretary")).values_list("username", flat=True))
    assert "parent_a" not in secretary and "director" in secretary


def test_the_authority_has_no_messages(cast, actor_of):
    assert not allowed_recipients(actor_of("authority")).exists()


def test_a_message_publishes_an_event_after_commit(cast, django_capture_on_commit_callbacks):
    seen = []

    def handler(event, payload):
        seen.append(payload)

    subscribe("message.created", handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            message = write(cast, "parent_a", "classteacher")
    finally:
        events._subscribers["message.created"].remove(handler)
    assert seen == [{"message_id": message.pk}]


def test_writing_is_audited_without_the_text(cast):
    write(cast, "parent_a", "classteacher", body="Личное")
    row = AuditEvent.objects.get(action="message.thread_start")
    assert row.after["recipients"] == [cast.user("classteacher").pk]
    assert "Личное" not in str(row.after)


def test_an_empty_subject_or_body_is_refused_by_field(cast, actor_of):
    to = [cast.user("classteacher").pk]
    with pytest.raises(InvalidInput) as no_subject:
        thread_start(actor=actor_of("parent_a"), recipients=to, subject=" ", body="Т")
    assert no_subject.value.field == "subject"
    with pytest.raises(InvalidInput) as no_body:
        thread_start(actor=actor_of("parent_a"), recipients=to, subject="Т", body="")
    assert no_body.value.field == "body"


def test_the_class_teacher_writes_to_each_family_of_the_class_in_its_own_conversation(cast, actor_of):
    from tests import factories as f

    other_pupil = f.EnrollmentFactory(class_group=cast.class_a).student
    f.StudentGuardianFactory(student=other_pupil, guardian__user=f.UserFactory(username="parent_c"))
    threads = class_parents_broadcast(
        actor=actor_of("classteacher"), class_group=cast.class_a, subject="Собрание", body="В четверг"
    )
    members = [
        sorted(ThreadParticipant.objects.filter(thread=t).values_list("user__username", flat=True))
        for t in threads
    ]
    assert sorted(members) == [["classteacher", "parent_a"], ["classteacher", "parent_c"]]
    assert unread_thread_count(cast.user("parent_a").pk) == 1


def test_only_the_class_teacher_writes_to_all_parents_of_the_class(cast, actor_of):
    from zhurnal.core.errors import Forbidden

    with pytest.raises(Forbidden):
        class_parents_broadcast(actor=actor_of("teacher"), class_group=cast.class_a, subject="Т", body="Т")


def _actor(cast, name):
    from zhurnal.policy.actor import actor_for

    return actor_for(cast.user(name))
