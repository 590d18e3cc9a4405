"""The backups page: who keeps the archives, what it lists, asking for one, downloading one."""

from pathlib import Path

import pytest

from tests import factories as f
from tests.integrations.data import finished_backup
from tests.querycount import assert_max_queries, count_queries
from zhurnal.accounts.models import Role, SecurityEvent
from zhurnal.core.models import AuditEvent
from zhurnal.integrations.models import BackupRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_school():
    return f.SchoolFactory(short_name="МКОУ НШДС № 12")


def _user_with(role, school):
    user = f.UserFactory()
    f.RoleGrantFactory(user=user, role=role, school=school)
    return user


def test_the_system_administrator_of_the_only_school_sees_the_archives_and_the_last_drill(one_school, login):
    kept = finished_backup()
    kept.drill_at, kept.drill_ok, kept.drill_message = kept.made_at, True, "восстановлено и сверено"
    kept.save()
    page = login(_user_with(Role.SYSADMIN, one_school)).get("/integrations/backups/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "zhurnal-backup-20261125T000000000000Z.tar.gz" in html
    assert f"/integrations/backups/{kept.pk}/download/" in html
    assert "Скачать zhurnal-backup-20261125T000000000000Z.tar.gz" in html  # the link says which
    assert "восстановлено и сверено" in html
    assert "цела" in html


def test_a_system_administrator_of_one_school_among_several_gets_404(one_school, login):
    f.SchoolFactory(short_name="Другая школа")
    client = login(_user_with(Role.SYSADMIN, one_school))
    assert client.get("/integrations/backups/").status_code == 404
    assert client.post("/integrations/backups/make/").status_code == 404
    assert not BackupRecord.objects.exists()


def test_the_superuser_keeps_the_backups_of_a_region(one_school, login):
    f.SchoolFactory(short_name="Другая школа")
    root = f.UserFactory(is_superuser=True)
    assert login(root).get("/integrations/backups/").status_code == 200


def test_the_director_of_the_school_does_not_keep_backups(one_school, login):
    assert login(_user_with(Role.DIRECTOR, one_school)).get("/integrations/backups/").status_code == 404


def test_asking_for_a_backup_queues_it_with_an_audit_row_and_the_task_makes_it(
    one_school, login, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    client = login(_user_with(Role.SYSADMIN, one_school))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/integrations/backups/make/")
    assert response.status_code == 302
    record = BackupRecord.objects.get()
    assert record.state == BackupRecord.State.QUEUED and record.kind == BackupRecord.Kind.MANUAL
    assert AuditEvent.objects.filter(action="backup.requested", object_id=record.pk).exists()
    assert len(callbacks) == 1
    # While it waits, the page polls its table.
    assert 'hx-trigger="every 3s"' in client.get("/integrations/backups/").content.decode()


def test_downloading_an_archive_gives_the_file_and_logs_a_security_event(one_school, login):
    record = finished_backup(content=b"the archive's bytes")
    response = login(_user_with(Role.SYSADMIN, one_school)).get(
        f"/integrations/backups/{record.pk}/download/"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"the archive's bytes"
    assert "attachment" in response["Content-Disposition"]
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.DATA_EXPORTED)
    assert event.detail["path"] == record.path


def test_an_archive_deleted_by_retention_is_not_downloaded(one_school, login):
    record = finished_backup()
    Path(record.path).unlink()
    record.deleted_at = record.made_at
    record.save()
    assert (
        login(_user_with(Role.SYSADMIN, one_school))
        .get(f"/integrations/backups/{record.pk}/download/")
        .status_code
        == 404
    )


def test_the_page_does_not_grow_with_the_archives(one_school, login):
    client = login(_user_with(Role.SYSADMIN, one_school))
    finished_backup()
    few, response = count_queries(client.get, "/integrations/backups/")
    assert response.status_code == 200
    for _ in range(30):
        finished_backup()
    with assert_max_queries(few, exact=True):
        client.get("/integrations/backups/")
    assert few <= 12
