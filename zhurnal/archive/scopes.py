"""Visibility of the archive's rows, built from the policy's predicates.

The public verification page reads a stamp by its code alone (the code is what the paper
carries); that read is `verification.stamp_by_code`, not a list, and shows no personal data.
"""

from django.db.models import Q, QuerySet

from zhurnal.archive.models import (
    ArchivedDocument,
    DestructionRecord,
    RetentionRule,
    Signer,
    VerificationStamp,
)
from zhurnal.core import scoping
from zhurnal.policy.actor import Actor
from zhurnal.policy.rules import archive_reader_school_ids


def _archive_readers(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(school_id__in=archive_reader_school_ids(actor))


def _retention_rules(qs: QuerySet, actor: Actor) -> QuerySet:
    """The shipped defaults and the overrides of the schools whose archive the actor reads."""
    schools = archive_reader_school_ids(actor)
    if not schools:
        return qs.none()
    return qs.filter(Q(school__isnull=True) | Q(school_id__in=schools))


def register_all() -> None:
    for model in (ArchivedDocument, DestructionRecord, Signer, VerificationStamp):
        scoping.register(model, _archive_readers)
    scoping.register(RetentionRule, _retention_rules)
