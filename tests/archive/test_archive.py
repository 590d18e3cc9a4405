"""Signing off into the archive, the retention table, destruction by an act, the pages."""

import datetime as dt

import pytest

from tests import factories as f
from tests.archive.matrix_rows import archived
from tests.querycount import assert_max_queries, count_queries
from zhurnal.archive import services
from zhurnal.archive.models import ArchivedDocument, DestructionRecord, RetentionRule
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_retention_table_ships_with_domain_defaults():
    defaults = dict(RetentionRule.objects.filter(school__isnull=True).values_list("kind", "years"))
    assert defaults["class_journal"] == 5
    assert defaults["final_marks_summary"] == 25
    assert defaults["orders_main"] is None  # permanent
    assert defaults["orders_movement"] == 50 and defaults["alphabetical_book"] == 50


def test_a_signed_off_summary_is_kept_25_years_from_the_january_after_the_year(cast):
    document = archived(cast)
    # The year ends 31.05.2027; the term runs from 01.01.2028 for 25 years: until 01.01.2053.
    assert document.retention_until == dt.date(2053, 1, 1)
    assert document.signed_off_by == cast.user("deputy")
    assert document.file.read().startswith(b"%PDF")


def test_the_schools_own_term_is_used_after_the_system_administrator_sets_it(cast, actor_of):
    services.retention_rule_set(
        actor=actor_of("sysadmin"), school_id=cast.school_a.pk, kind="final_marks_summary", years="10"
    )
    # 2027 + 1 + 10
    assert archived(cast).retention_until == dt.date(2038, 1, 1)
    assert RetentionRule.objects.get(school__isnull=True, kind="final_marks_summary").years == 25


def test_a_bad_term_is_refused_by_name_and_changes_nothing(cast, actor_of):
    with pytest.raises(InvalidInput) as refused:
        services.retention_rule_set(
            actor=actor_of("sysadmin"), school_id=cast.school_a.pk, kind="class_journal", years="пять"
        )
    assert "Классный журнал" in refused.value.message and refused.value.field == "years"
    assert not RetentionRule.objects.filter(school=cast.school_a).exists()


def test_only_the_system_administrator_sets_terms(cast, actor_of):
    with pytest.raises(Forbidden):
        services.retention_rule_set(
            actor=actor_of("deputy"), school_id=cast.school_a.pk, kind="report", years="3"
        )


def test_a_document_in_its_term_cannot_be_destroyed(cast, actor_of):
    document = archived(cast)
    with pytest.raises(InvalidInput):
        services.document_destroy(actor=actor_of("sysadmin"), document_id=document.pk, reason="Акт ЭК")
    assert ArchivedDocument.objects.get(pk=document.pk).file


def test_destroying_a_document_past_its_term_writes_an_act_and_keeps_the_row(cast, actor_of):
    document = archived(cast, past_retention=True)
    act = services.document_destroy(
        actor=actor_of("sysadmin"), document_id=document.pk, reason="Протокол ЭК № 1"
    )
    document.refresh_from_db()
    assert act.number == 1 and act.sha256 == document.sha256 and act.reason == "Протокол ЭК № 1"
    assert document.destroyed_at is not None and not document.file
    assert AuditEvent.objects.filter(action="archive.destroy", object_id=document.pk).exists()
    with pytest.raises(InvalidInput):
        services.document_destroy(actor=actor_of("sysadmin"), document_id=document.pk, reason="ещё раз")
    assert DestructionRecord.objects.count() == 1


def test_a_destruction_needs_a_reason(cast, actor_of):
    document = archived(cast, past_retention=True)
    with pytest.raises(InvalidInput) as refused:
        services.document_destroy(actor=actor_of("sysadmin"), document_id=document.pk, reason=" ")
    assert refused.value.field == "reason"


def test_the_archive_flags_documents_past_their_term(cast, login):
    archived(cast)
    archived(cast, past_retention=True)
    html = login(cast.user("sysadmin")).get("/archive/?state=due").content.decode()
    assert "Сводная ведомость 2А (старая)" in html and "к уничтожению" in html
    assert "Сводная ведомость 2А<" not in html


def test_the_archive_filters_by_kind(cast, login):
    archived(cast)
    html = login(cast.user("director")).get("/archive/?kind=class_journal").content.decode()
    assert "В архиве нет документов" in html


def test_the_deputy_prints_a_journal_and_downloads_it(cast, login, django_capture_on_commit_callbacks):
    f.LessonFactory(assignment=cast.math_a, date=cast.lesson_a.date, slot=2)
    client = login(cast.user("deputy"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/archive/print/", {"class_group": cast.class_a.pk, "kind": "class_journal", "sign_off": "0"}
        )
    assert response.status_code == 302
    status = client.get(response["Location"])
    assert "Документ готов" in status.content.decode()
    download = client.get(response["Location"] + "file/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"
    assert not ArchivedDocument.objects.exists()


def test_a_printout_not_yet_drawn_says_it_is_being_made(cast, login):
    client = login(cast.user("deputy"))
    response = client.post("/archive/print/", {"class_group": cast.class_a.pk, "kind": "class_journal"})
    html = client.get(response["Location"]).content.decode()
    assert "Документ формируется" in html and 'http-equiv="refresh"' in html


def test_signing_off_on_the_print_page_puts_the_document_in_the_archive(
    cast, login, django_capture_on_commit_callbacks
):
    client = login(cast.user("deputy"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/archive/print/",
            {"class_group": cast.class_a.pk, "kind": "final_marks_summary", "sign_off": "1"},
        )
    document = ArchivedDocument.objects.get()
    assert document.kind == "final_marks_summary" and document.signed_off_by == cast.user("deputy")
    assert document.sha256 == document.stamp.sha256


def test_the_print_page_refuses_a_class_of_another_school(cast, login):
    response = login(cast.user("deputy")).post(
        "/archive/print/", {"class_group": cast.class_other.pk, "kind": "class_journal"}
    )
    assert response.status_code == 404


def test_the_archive_page_runs_the_same_queries_for_2_and_8_documents(cast, login):
    client = login(cast.user("sysadmin"))
    archived(cast)
    archived(cast, past_retention=True)
    with assert_max_queries(20) as few:
        client.get("/archive/")
    # Six more, made the way the deputy makes them (`archived` makes one per title).
    for i in range(6):
        ArchivedDocument.objects.filter(title="Сводная ведомость 2А").update(title=f"Ведомость {i}")
        archived(cast)
    assert ArchivedDocument.objects.count() == 8
    with assert_max_queries(len(few.captured_queries), exact=True):
        client.get("/archive/")


def test_drawing_the_printed_journal_runs_the_same_queries_for_1_and_21_pupils(cast, actor_of):
    deputy = actor_of("deputy")

    def draw():
        stamp = services.record_print(actor=deputy, class_id=cast.class_a.pk, kind="class_journal")
        return services.print_run(stamp.pk)

    few, _ = count_queries(draw)
    for _i in range(20):
        pupil = f.EnrollmentFactory(class_group=cast.class_a).student
        f.MarkFactory(lesson=cast.lesson_a, student=pupil)
    many, _ = count_queries(draw)
    assert many == few


def test_the_retention_page_runs_a_fixed_number_of_queries(cast, login):
    client = login(cast.user("sysadmin"))
    with assert_max_queries(8):
        client.get("/archive/retention/")
