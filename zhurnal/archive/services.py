"""Every write of the archive: making printed records (each registered under a verification
code), signing documents off into the archive, the retention table, destruction by an act."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zhurnal.accounts.models import Role, RoleGrant, SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.archive import access, printing, verification
from zhurnal.archive.models import (
    ArchivedDocument,
    DestructionRecord,
    DocumentKind,
    RetentionRule,
    Signer,
    VerificationStamp,
)
from zhurnal.archive.selectors.journal_print import printed_journal
from zhurnal.archive.selectors.summary import final_marks_summary
from zhurnal.core import clock
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.people.models import Staff
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup


@dataclass
class Made:
    content: bytes
    filename: str
    stamp: object  # VerificationStamp
    pages: int | None = None
    archived: ArchivedDocument | None = None


# --- signers -----------------------------------------------------------------------------------


def school_signers(school_id: int) -> list[printing.Signature]:
    """The signers the school configured; without any, the deputy director for УВР (the
    regulation), named after whoever holds the deputy's role in the school."""
    configured = [
        printing.Signature(s.position, s.full_name) for s in Signer.objects.filter(school_id=school_id)
    ]
    if configured:
        return configured
    deputy_users = RoleGrant.objects.filter(school_id=school_id, role=Role.DEPUTY).values("user_id")
    deputy = Staff.objects.filter(school_id=school_id, user_id__in=deputy_users).order_by("pk").first()
    return [printing.Signature(_("Заместитель директора по УВР"), deputy.short_name if deputy else "")]


# --- retention ---------------------------------------------------------------------------------


def retention_rules(school_id: int) -> dict[str, RetentionRule]:
    """The rule for every kind of document: the school's own where it set one, else the default."""
    found: dict[str, RetentionRule] = {}
    for rule in RetentionRule.objects.filter(school__isnull=True).order_by("kind"):
        found[rule.kind] = rule
    for rule in RetentionRule.objects.filter(school_id=school_id):
        found[rule.kind] = rule
    return found


def retention_end(years: int | None, period_end: dt.date) -> dt.date | None:
    """Archival practice: a term runs from 1 January of the year after the records end; the
    document may be destroyed from 1 January after the last year of its term. None: permanent."""
    if years is None:
        return None
    return dt.date(period_end.year + 1 + years, 1, 1)


def retention_rule_set(
    *, actor: Actor, school_id: int, kind: str, years, legal_note: str = "", start_event: str = ""
) -> RetentionRule:
    """The system administrator sets the school's term for a kind of document (empty: permanent)."""
    if not rules.may_keep_retention(actor, school_id):
        raise Forbidden(_("Сроки хранения устанавливает системный администратор."))
    if kind not in DocumentKind.values:
        raise InvalidInput(_("Неизвестный вид документа."), field="kind")
    text = str(years if years is not None else "").strip()
    if text == "":
        years = None
    elif not text.isdigit() or not 1 <= int(text) <= 100:
        raise InvalidInput(
            _("Срок хранения «%(kind)s»: укажите число лет от 1 до 100 или оставьте пустым (постоянно).")
            % {"kind": DocumentKind(kind).label},
            field="years",
        )
    else:
        years = int(text)
    legal_note, start_event = (legal_note or "").strip()[:500], (start_event or "").strip()[:300]
    with transaction.atomic():
        rule = RetentionRule.objects.select_for_update().filter(school_id=school_id, kind=kind).first()
        fields = ["years", "legal_note", "start_event"]
        before = snapshot(rule, fields) if rule else None
        if rule is None:
            default = RetentionRule.objects.filter(school__isnull=True, kind=kind).first()
            rule = RetentionRule(school_id=school_id, kind=kind)
            legal_note = legal_note or (default.legal_note if default else "")
            start_event = start_event or (default.start_event if default else "")
        rule.years, rule.legal_note, rule.start_event = years, legal_note, start_event
        rule.save()
        audit_record(
            actor=actor,
            action="retention.set",
            obj=rule,
            school_id=school_id,
            before=before,
            after=snapshot(rule, fields),
        )
    return rule


# --- making printed records --------------------------------------------------------------------


def _filename(prefix: str, class_group: ClassGroup) -> str:
    return f"{prefix}-{class_group.grade}{class_group.letter}-{class_group.year.name.replace('/', '-')}.pdf"


def make_printed_journal(class_group: ClassGroup, *, actor=None, stamp=None) -> Made:
    """The printed journal of a class for its year, registered under a verification code. No
    policy here: `record_print` (the page) checks it; the `print` command is the server's."""
    school, year = class_group.school, class_group.year
    stamp = stamp or verification.reserve(school.pk, actor=actor)
    journal = printed_journal(school, class_group, year)
    printed = printing.journal_pdf(journal, stamp, school_signers(school.pk), clock.today())
    title = _("Классный журнал %(cls)s класса, %(year)s учебный год") % {
        "cls": class_group,
        "year": year.name,
    }
    record = verification.register(
        stamp,
        content=printed.content,
        kind=DocumentKind.CLASS_JOURNAL,
        title=title,
        actor=actor,
        class_group=class_group,
        period=year.name,
        meta={"pages": printed.pages, "year_end": year.end.isoformat()},
    )
    return Made(printed.content, _filename("journal", class_group), record, printed.pages)


def make_summary_sheet(class_group: ClassGroup, *, actor=None, stamp=None) -> Made:
    school, year = class_group.school, class_group.year
    stamp = stamp or verification.reserve(school.pk, actor=actor)
    summary = final_marks_summary(school, class_group, year)
    content = printing.summary_pdf(summary, stamp, school_signers(school.pk), clock.today())
    title = _("Сводная ведомость итоговых отметок %(cls)s класса, %(year)s учебный год") % {
        "cls": class_group,
        "year": year.name,
    }
    record = verification.register(
        stamp,
        content=content,
        kind=DocumentKind.FINAL_MARKS_SUMMARY,
        title=title,
        actor=actor,
        class_group=class_group,
        period=year.name,
        meta={"year_end": year.end.isoformat()},
    )
    return Made(content, _filename("summary", class_group), record)


MAKERS = {
    DocumentKind.CLASS_JOURNAL: make_printed_journal,
    DocumentKind.FINAL_MARKS_SUMMARY: make_summary_sheet,
}


def record_print(*, actor: Actor, class_id, kind: str, sign_off: bool = False):
    """The deputy (or director) asks for a class's printed journal or summary sheet; the deputy
    may sign it off into the archive at once. The document is drawn by a task (a year's journal
    takes longer than a request may), under the code reserved here; returns that stamp."""
    from zhurnal.archive.tasks import print_record

    class_group = access.class_for_printer(actor, class_id)
    if kind not in MAKERS:
        raise InvalidInput(_("Выберите документ: классный журнал или сводную ведомость."), field="kind")
    if sign_off and not rules.may_sign_off_documents(actor, class_group.school_id):
        raise Forbidden(_("Подписывает документы в архив заместитель директора по УВР."))
    with transaction.atomic():
        stamp = verification.reserve(class_group.school_id, actor=actor)
        record = VerificationStamp.objects.get(pk=stamp.id)
        record.meta = {"kind": kind, "class_id": class_group.pk, "sign_off": bool(sign_off)}
        record.save(update_fields=["meta", "updated_at"])
        audit_record(actor=actor, action="document.print", obj=record, after=record.meta)
        security_log(
            kind=SecurityEvent.Kind.DATA_EXPORTED,
            actor=actor,
            school_id=class_group.school_id,
            subject=class_group,
            detail={"document": kind, "code": record.code},
        )
        transaction.on_commit(lambda: print_record.enqueue(record.pk))
    return record


def print_run(stamp_id: int) -> VerificationStamp:
    """The task's work: draw the document asked for under the reserved code, keep the file for
    its maker and, when asked, sign it off into the archive in the maker's name."""
    from zhurnal.policy.actor import actor_for

    record = VerificationStamp.objects.select_related("created_by").get(pk=stamp_id)
    actor = actor_for(record.created_by)
    meta = dict(record.meta)
    class_group = ClassGroup.objects.select_related("school", "year").get(pk=meta["class_id"])
    made = MAKERS[meta["kind"]](class_group, actor=actor, stamp=verification.stamp_of(record))
    record = made.stamp
    record.meta = {**meta, **record.meta}
    record.file.save(made.filename, ContentFile(made.content), save=False)
    record.save(update_fields=["file", "meta", "updated_at"])
    if meta.get("sign_off"):
        document_sign_off(
            actor=actor,
            stamp=record,
            content=made.content,
            filename=made.filename,
            period_end=class_group.year.end,
        )
    return record


# --- the archive -------------------------------------------------------------------------------


def document_sign_off(
    *, actor: Actor, stamp, content: bytes, filename: str, period_end: dt.date, kind: str | None = None
) -> ArchivedDocument:
    """Register a signed-off document (a printed record, or any report the deputy marks final)
    in the archive, with its term from the school's retention table. `stamp` is the registered
    VerificationStamp of exactly these bytes."""
    if not rules.may_sign_off_documents(actor, stamp.school_id):
        raise Forbidden(_("Подписывает документы в архив заместитель директора по УВР."))
    if stamp.registered_at is None or not verification.matches(stamp, content):
        raise InvalidInput(
            _("Документ не совпадает с зарегистрированным под кодом проверки."), field="content"
        )
    kind = kind or stamp.kind
    if kind not in DocumentKind.values:
        kind = DocumentKind.REPORT
    rule = retention_rules(stamp.school_id).get(kind)
    years = rule.years if rule else None
    user = actor.user
    staff = Staff.objects.filter(user=user, school_id=stamp.school_id).first()
    with transaction.atomic():
        document = ArchivedDocument(
            school_id=stamp.school_id,
            stamp=stamp,
            kind=kind,
            title=stamp.title,
            class_group_id=stamp.class_group_id,
            period=stamp.period,
            period_end=period_end,
            size=len(content),
            sha256=stamp.sha256,
            signed_off_by=user,
            signed_off_name=(staff.full_name if staff else user.get_full_name() or user.username)[:300],
            signed_off_at=clock.now(),
            retention_until=retention_end(years, period_end),
            retention_note=(rule.legal_note if rule else "")[:500],
        )
        document.file.save(filename, ContentFile(content), save=False)
        document.save()
        audit_record(
            actor=actor,
            action="archive.sign_off",
            obj=document,
            after={
                "kind": kind,
                "title": document.title,
                "code": stamp.code,
                "sha256": document.sha256,
                "retention_until": document.retention_until.isoformat() if document.retention_until else None,
            },
        )
    return document


def document_destroy(*, actor: Actor, document_id: int, reason: str) -> DestructionRecord:
    """Destroy a document past its retention: its file goes, the row stays, an act is written."""
    document = access.document_for_destroyer(actor, document_id)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("Укажите основание уничтожения (например, решение экспертной комиссии)."), field="reason"
        )
    today = clock.today()
    if document.destroyed_at is not None:
        raise InvalidInput(_("Документ уже уничтожен."), field="document")
    if document.retention_until is None or document.retention_until > today:
        raise InvalidInput(
            _("Срок хранения документа не истёк: уничтожить его нельзя."),
            field="document",
            code="retention_running",
        )
    with transaction.atomic():
        document = ArchivedDocument.objects.select_for_update().get(pk=document.pk)
        last = DestructionRecord.objects.filter(school_id=document.school_id).aggregate(n=Max("number"))["n"]
        user = actor.user
        staff = Staff.objects.filter(user=user, school_id=document.school_id).first()
        act = DestructionRecord.objects.create(
            school_id=document.school_id,
            number=(last or 0) + 1,
            document=document,
            title=document.title,
            sha256=document.sha256,
            retention_until=document.retention_until,
            reason=reason[:500],
            destroyed_by=user,
            destroyed_by_name=(staff.full_name if staff else user.username)[:300],
        )
        if document.file:
            document.file.delete(save=False)
        document.destroyed_at = clock.now()
        document.save(update_fields=["file", "destroyed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="archive.destroy",
            obj=document,
            reason=reason,
            after={"act": act.number, "sha256": document.sha256},
        )
    return act
