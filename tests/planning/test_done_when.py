"""Issue 12's "done when", through the pages and the API as the people would do it: the class
teacher imports a КТП of 34 items from XLSX, the deputy approves it, and the next lessons of 2А's
mathematics show its topics in order in the journal and in the parent's diary."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests import factories as f
from tests.planning.data import ktp_rows, xlsx
from zhurnal.accounts.tokens import token_issue
from zhurnal.journal.models import Lesson
from zhurnal.planning.models import PlanItem, PlanVersion, ThematicPlan

pytestmark = pytest.mark.django_db
DAYS = [dt.date(2026, 11, 26), dt.date(2026, 11, 27), dt.date(2026, 11, 30), dt.date(2026, 12, 1)]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="zhurnal.accounts.backends.UserBackend")
    return client


def upload(data: bytes, name: str = "ktp.xlsx"):
    return SimpleUploadedFile(name, data)


def imported_through_the_page(client, assignment, data: bytes):
    preview = client.post(f"/planning/{assignment.pk}/import/", {"file": upload(data)})
    assert preview.status_code == 200
    digest = preview.context["digest"]
    return client.post(f"/planning/{assignment.pk}/import/", {"step": "confirm", "digest": digest})


def test_an_imported_and_approved_plan_gives_the_next_lessons_their_topics_in_order(cast):
    for day in DAYS:
        f.LessonFactory(assignment=cast.math_a, date=day, slot=1, topic="")
    teacher = signed_in(cast.user("classteacher"))
    preview = teacher.post(f"/planning/{cast.math_a.pk}/import/", {"file": upload(xlsx(ktp_rows(34)))})
    assert "В файле 34 пунктов, 34 ч." in preview.content.decode()
    assert not ThematicPlan.objects.exists()  # the preview writes nothing
    confirmed = teacher.post(
        f"/planning/{cast.math_a.pk}/import/", {"step": "confirm", "digest": preview.context["digest"]}
    )
    assert confirmed.status_code == 302
    assert PlanItem.objects.filter(version__plan__assignment=cast.math_a).count() == 34
    assert teacher.post(f"/planning/{cast.math_a.pk}/submit/").status_code == 302

    deputy = signed_in(cast.user("deputy"))
    assert cast.math_a.subject.name in deputy.get("/planning/review/").content.decode()
    assert deputy.post(f"/planning/{cast.math_a.pk}/decide/", {"decision": "approve"}).status_code == 302
    assert PlanVersion.objects.get(plan__assignment=cast.math_a).status == "approved"

    auth = {"Authorization": f"Bearer {token_issue(user=cast.user('classteacher'))}"}
    grid = Client().get(f"/api/v1/journal?assignment={cast.math_a.pk}", headers=auth).json()
    following = [lesson for lesson in grid["lessons"] if lesson["date"] >= "2026-11-26"]
    assert [(x["topic"], x["plan_item"]["number"], x["plan_item"]["topic"]) for x in following] == [
        ("Тема 1", 1, "Тема 1"),
        ("Тема 2", 2, "Тема 2"),
        ("Тема 3", 3, "Тема 3"),
        ("Тема 4", 4, "Тема 4"),
    ]
    earlier = next(x for x in grid["lessons"] if x["id"] == cast.lesson_a.pk)
    assert earlier["plan_item"] is None  # its own topic, given before the plan

    parent = {"Authorization": f"Bearer {token_issue(user=cast.user('parent_a'))}"}
    diary = (
        Client()
        .get(f"/api/v1/students/{cast.pupil_a.pk}/diary?from=2026-11-26&to=2026-12-01", headers=parent)
        .json()
    )
    maths = [
        (day["date"], lesson["topic"])
        for day in diary["days"]
        for lesson in day["lessons"]
        if lesson["subject"] == cast.math_a.subject.name
    ]
    assert maths == [
        ("2026-11-26", "Тема 1"),
        ("2026-11-27", "Тема 2"),
        ("2026-11-30", "Тема 3"),
        ("2026-12-01", "Тема 4"),
    ]


def test_a_bad_file_through_the_page_changes_nothing_and_names_the_bad_row(cast):
    teacher = signed_in(cast.user("classteacher"))
    imported_through_the_page(teacher, cast.math_a, xlsx(ktp_rows(3)))
    rows = ktp_rows(5)
    rows[3][3] = "0"  # line 5: no hours
    response = teacher.post(f"/planning/{cast.math_a.pk}/import/", {"file": upload(xlsx(rows))})
    assert response.status_code == 400
    assert "Строка 5, «Часы»" in response.content.decode()
    topics = PlanItem.objects.filter(version__plan__assignment=cast.math_a).order_by("number")
    assert list(topics.values_list("topic", flat=True)) == ["Тема 1", "Тема 2", "Тема 3"]


def test_a_file_that_is_not_a_spreadsheet_is_refused_by_the_upload_check(cast):
    teacher = signed_in(cast.user("classteacher"))
    response = teacher.post(
        f"/planning/{cast.math_a.pk}/import/", {"file": upload(b"%PDF-1.4 nothing", "ktp.xlsx")}, follow=True
    )
    assert "не похоже на файл .xlsx" in response.content.decode()
    assert not ThematicPlan.objects.exists()


def test_a_lesson_without_a_topic_shows_the_planned_one_on_the_teachers_day(cast):
    from tests.planning.data import approved

    Lesson.objects.filter(pk=cast.lesson_a.pk).update(topic="")
    approved(cast, cast.math_a, 3)  # today's lesson takes item 1 and its topic
    Lesson.objects.filter(pk=cast.lesson_a.pk).update(topic="")  # as if the teacher cleared it since
    teacher = signed_in(cast.user("classteacher"))
    assert "по КТП: Тема 1" in teacher.get("/journal/day/").content.decode()
    assert "по КТП: Тема 1" in teacher.get("/").content.decode()


def test_the_import_command_loads_the_file_as_the_assignments_teacher(cast, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "ktp.xlsx"
    path.write_bytes(xlsx(ktp_rows(34)))
    call_command("import", "ktp", str(path), "--assignment", str(cast.math_a.pk), "--dry-run")
    assert not ThematicPlan.objects.exists()
    call_command("import", "ktp", str(path), "--assignment", str(cast.math_a.pk))
    assert PlanItem.objects.filter(version__plan__assignment=cast.math_a).count() == 34
    rows = ktp_rows(2)
    rows[1][2] = ""
    path.write_bytes(xlsx(rows))
    with pytest.raises(CommandError, match="Строка 3"):
        call_command("import", "ktp", str(path), "--assignment", str(cast.math_a.pk))
    assert PlanItem.objects.filter(version__plan__assignment=cast.math_a).count() == 34
