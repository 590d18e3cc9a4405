"""Visibility rules of integrations' models (decision 0002)."""

from django.db.models import QuerySet

from zhurnal.core import scoping
from zhurnal.integrations.models import BackupRecord
from zhurnal.policy import rules


def _backups(qs: QuerySet, actor) -> QuerySet:
    return qs if rules.may_keep_backups(actor) else qs.none()


def register_all() -> None:
    scoping.register(BackupRecord, _backups)
