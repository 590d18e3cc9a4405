"""Sessions take the course's plan in order; attendance goes through the grid, within the edit
window, all or nothing, audited, and reaches the pupil's family and nobody else's."""

import datetime as dt

import pytest

from tests.extracurricular.data import SESSION_DAY, chess, chess_group, first_session
from zhurnal.core.errors import InvalidInput, NotFound
from zhurnal.core.models import AuditEvent
from zhurnal.extracurricular import services
from zhurnal.extracurricular.models import SessionAttendance

pytestmark = pytest.mark.django_db


def _session(actor, group, day, **fields):
    return services.session_create(actor=actor, group_id=group.pk, date=day, **fields)


def test_sessions_take_the_next_planned_topic_counting_its_hours(cast, actor_of):
    teacher, group = actor_of("teacher"), chess_group(cast)
    topics = [_session(teacher, group, dt.date(2026, 11, day)).topic for day in (2, 9, 16, 23)]
    # The plan: «Шахматная доска» 1 h, «Ходы фигур» 2 h, «Мат» 1 h.
    assert topics == ["Шахматная доска", "Ходы фигур", "Ходы фигур", "Мат"]
    with pytest.raises(InvalidInput) as error:
        _session(teacher, group, dt.date(2026, 11, 24))
    assert error.value.field == "topic"


def test_a_session_with_a_topic_of_its_own_still_uses_up_the_planned_hour(cast, actor_of):
    teacher, group = actor_of("teacher"), chess_group(cast)
    own = _session(teacher, group, dt.date(2026, 11, 2), topic="Турнир класса")
    following = _session(teacher, group, dt.date(2026, 11, 9))
    assert (own.topic, own.plan_topic.number) == ("Турнир класса", 1)
    assert following.topic == "Ходы фигур"


def test_another_group_of_the_same_course_starts_the_plan_from_the_beginning(cast, actor_of):
    _session(actor_of("teacher"), chess_group(cast), dt.date(2026, 11, 2))
    second = services.group_create(actor=actor_of("deputy"), course_id=chess(cast).pk, name="Группа 2")
    assert _session(actor_of("teacher"), second, dt.date(2026, 11, 3)).topic == "Шахматная доска"


def test_a_session_outside_the_course_year_is_refused(cast, actor_of):
    with pytest.raises(InvalidInput) as error:
        _session(actor_of("teacher"), chess_group(cast), dt.date(2027, 6, 15))
    assert error.value.field == "date"


def test_attendance_entered_by_the_teacher_is_seen_by_the_parent(cast, login):
    session = first_session(cast)
    teacher = login(cast.user("teacher"))
    response = teacher.post(
        f"/extracurricular/groups/{chess_group(cast).pk}/attendance/",
        {f"a-{session.pk}-{cast.pupil_a.pk}": "н", f"a-{session.pk}-{cast.pupil_b.pk}": "+"},
    )
    assert response.status_code == 302
    parent = login(cast.user("parent_a"))
    page = parent.get(f"/extracurricular/pupils/{cast.pupil_a.pk}/").content.decode()
    assert "Шахматы, Группа 1" in page
    assert "24.11.2026 — Шахматная доска" in page
    assert "не был 1" in page and "был 0" in page


def test_a_parent_of_another_pupil_sees_nothing_of_pupil_a(cast, login, actor_of):
    session = first_session(cast)
    services.session_attendance_save(
        actor=actor_of("teacher"),
        group_id=chess_group(cast).pk,
        cells={(session.pk, cast.pupil_a.pk): "absent", (session.pk, cast.pupil_b.pk): "present"},
    )
    parent_b = login(cast.user("parent_b"))
    assert parent_b.get(f"/extracurricular/pupils/{cast.pupil_a.pk}/").status_code == 404
    assert parent_b.get(f"/extracurricular/groups/{chess_group(cast).pk}/").status_code == 404
    assert list(
        SessionAttendance.objects.visible_to(actor_of("parent_b")).values_list("student_id", flat=True)
    ) == [cast.pupil_b.pk]
    own = parent_b.get(f"/extracurricular/pupils/{cast.pupil_b.pk}/").content.decode()
    assert "был 1, не был 0" in own


def test_each_changed_cell_writes_one_audit_row_and_unchanged_ones_none(cast, actor_of):
    session = first_session(cast)
    cells = {(session.pk, cast.pupil_a.pk): "present", (session.pk, cast.pupil_b.pk): ""}
    assert (
        services.session_attendance_save(
            actor=actor_of("teacher"), group_id=chess_group(cast).pk, cells=cells
        )
        == 1
    )
    event = AuditEvent.objects.get(action="extracurricular.attendance_set")
    assert event.before == {"session": session.pk, "student": cast.pupil_a.pk, "code": ""}
    assert event.after == {"session": session.pk, "student": cast.pupil_a.pk, "code": "present"}
    assert event.group_key == f"xattendance:{session.pk}:{cast.pupil_a.pk}"


def test_clearing_a_cell_removes_the_mark_and_is_audited(cast, actor_of):
    session, group = first_session(cast), chess_group(cast)
    cell = (session.pk, cast.pupil_a.pk)
    services.session_attendance_save(actor=actor_of("teacher"), group_id=group.pk, cells={cell: "absent"})
    services.session_attendance_save(actor=actor_of("teacher"), group_id=group.pk, cells={cell: ""})
    assert not SessionAttendance.objects.filter(session=session).exists()
    assert AuditEvent.objects.filter(action="extracurricular.attendance_set").count() == 2


def test_a_bad_cell_changes_nothing_in_the_whole_grid(cast, login):
    session = first_session(cast)
    client = login(cast.user("teacher"))
    response = client.post(
        f"/extracurricular/groups/{chess_group(cast).pk}/attendance/",
        {f"a-{session.pk}-{cast.pupil_a.pk}": "н", f"a-{session.pk}-{cast.pupil_other.pk}": "+"},
        follow=True,
    )
    assert "Занятие или обучающийся выбраны неверно" in response.content.decode()
    assert not SessionAttendance.objects.exists()


def test_an_unknown_code_is_refused_with_what_to_type(cast, login):
    session = first_session(cast)
    client = login(cast.user("teacher"))
    response = client.post(
        f"/extracurricular/groups/{chess_group(cast).pk}/attendance/",
        {f"a-{session.pk}-{cast.pupil_a.pk}": "5"},
        follow=True,
    )
    assert "«+» присутствовал, «н» отсутствовал" in response.content.decode()
    assert not SessionAttendance.objects.exists()


def test_after_the_edit_window_the_teacher_is_refused_and_the_deputy_corrects(cast, actor_of):
    group = chess_group(cast)
    old = _session(actor_of("teacher"), group, SESSION_DAY - dt.timedelta(days=10))  # window: 7 days
    cell = {(old.pk, cast.pupil_a.pk): "present"}
    with pytest.raises(InvalidInput) as error:
        services.session_attendance_save(actor=actor_of("teacher"), group_id=group.pk, cells=cell)
    assert "14.11.2026" in error.value.message
    assert services.session_attendance_save(actor=actor_of("deputy"), group_id=group.pk, cells=cell) == 1


def test_attendance_of_a_session_still_to_come_is_refused(cast, actor_of):
    group = chess_group(cast)
    coming = _session(actor_of("teacher"), group, dt.date(2026, 11, 30))
    with pytest.raises(InvalidInput):
        services.session_attendance_save(
            actor=actor_of("teacher"), group_id=group.pk, cells={(coming.pk, cast.pupil_a.pk): "absent"}
        )


def test_a_colleague_who_holds_no_course_cannot_even_find_the_journal(cast, actor_of):
    session = first_session(cast)
    with pytest.raises(NotFound):
        services.session_attendance_save(
            actor=actor_of("classteacher"),
            group_id=chess_group(cast).pk,
            cells={(session.pk, cast.pupil_a.pk): "present"},
        )


def test_the_grid_shows_inputs_only_where_the_teacher_may_write(cast, login):
    first_session(cast)
    html = (
        login(cast.user("teacher")).get(f"/extracurricular/groups/{chess_group(cast).pk}/").content.decode()
    )
    assert f'name="a-{first_session(cast).pk}-{cast.pupil_a.pk}"' in html
    assert "Пусто — следующая тема плана: 2. Ходы фигур" in html


def test_a_corrected_session_keeps_its_plan_topic_and_is_audited(cast, actor_of):
    session = first_session(cast)
    services.session_update(
        actor=actor_of("teacher"),
        group_id=session.group_id,
        session_id=session.pk,
        topic="Доска и нотация",
        time=dt.time(16, 0),
    )
    session.refresh_from_db()
    assert (session.topic, session.plan_topic.number, session.time) == ("Доска и нотация", 1, dt.time(16, 0))
    event = AuditEvent.objects.get(action="extracurricular.session_update")
    assert (event.before["topic"], event.after["topic"]) == ("Шахматная доска", "Доска и нотация")
    assert event.after["time"] == "16:00"


def test_a_session_with_attendance_cannot_be_deleted(cast, actor_of):
    session = first_session(cast)
    group_id = session.group_id
    services.session_attendance_save(
        actor=actor_of("teacher"), group_id=group_id, cells={(session.pk, cast.pupil_a.pk): "present"}
    )
    with pytest.raises(InvalidInput) as error:
        services.session_delete(actor=actor_of("teacher"), group_id=group_id, session_id=session.pk)
    assert error.value.field == "session"
    services.session_attendance_save(
        actor=actor_of("teacher"), group_id=group_id, cells={(session.pk, cast.pupil_a.pk): ""}
    )
    services.session_delete(actor=actor_of("teacher"), group_id=group_id, session_id=session.pk)
    assert AuditEvent.objects.filter(action="extracurricular.session_delete", object_id=session.pk).exists()
