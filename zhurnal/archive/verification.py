"""Verification codes of generated documents (decision 0016).

Every PDF the system makes carries a short code, printed as «Код проверки: …» beside the URL
`SITE_URL/verify/<code>` and a QR code of that URL. The code is reserved before the document is
drawn (it is printed on it) and registered once the bytes exist, with their SHA-256, the
document's type, class, period and school, and the class journal's state at that moment, so
`/verify/<code>` can say whether an uploaded copy is the one made and what changed since.

    stamp = verification.reserve(school_id)
    pdf = draw(..., code=stamp.code, url=stamp.url, qr=stamp.qr_data_uri)
    verification.register(stamp, content=pdf, kind="report", title="…", actor=actor)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.archive.models import VerificationStamp
from zhurnal.core import clock
from zhurnal.core.audit import audit_record
from zhurnal.journal.models import Attendance, Lesson, Mark, PeriodMark
from zhurnal.people.models import Enrollment, TeachingAssignment
from zhurnal.schools.models import ClassGroup

# Crockford's base32 without the letters read as digits (I, L, O) or as a rude word (U).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


@dataclass(frozen=True)
class Stamp:
    id: int
    code: str
    url: str
    qr_data_uri: str  # an SVG of the URL's QR code, for <img src="…"> in the document

    @property
    def qr_svg(self) -> str:
        return segno.make(self.url, error="m").svg_inline(scale=3)


def normalise(code: str) -> str:
    """What a person typed from paper, as the code is stored: «abcd-efgh-jk» → «ABCDEFGHJK»."""
    return (code or "").upper().translate(_READ_AS)


def display(code: str) -> str:
    """The code as it is printed, in groups easy to read aloud: ABCDE-FGHJK."""
    return f"{code[:5]}-{code[5:]}"


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("archive:verify", args=[display(code)])


def stamp_of(record: VerificationStamp) -> Stamp:
    """The Stamp of a reserved code (a task draws the document a page asked for)."""
    return _stamp(record)


def _stamp(record: VerificationStamp) -> Stamp:
    url = verify_url(record.code)
    return Stamp(record.pk, record.code, url, segno.make(url, error="m").svg_data_uri(scale=3))


def reserve(school_id: int, *, actor=None) -> Stamp:
    """A new, unused code for a document of the school, to print on it before it is drawn."""
    user = getattr(actor, "user", None)
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if not VerificationStamp.objects.filter(code=code).exists():
            break
    record = VerificationStamp.objects.create(school_id=school_id, code=code, created_by=user)
    return _stamp(record)


def journal_state(class_group: ClassGroup | None) -> dict:
    """What the class's journals hold now: counts of lessons, marks, attendance rows and period
    marks, and the latest change to any of them (ISO time, or "")."""
    if class_group is None:
        return {}
    in_class = TeachingAssignment.objects.filter(class_group=class_group).values("pk")
    figures = {}
    latest = []
    for name, queryset in (
        ("lessons", Lesson.objects.filter(assignment__in=in_class)),
        ("marks", Mark.objects.filter(lesson__assignment__in=in_class)),
        ("attendance", Attendance.objects.filter(lesson__assignment__in=in_class)),
        (
            "period_marks",
            PeriodMark.objects.filter(
                year_id=class_group.year_id,
                student_id__in=Enrollment.objects.filter(class_group=class_group).values("student_id"),
                subject_id__in=TeachingAssignment.objects.filter(class_group=class_group).values(
                    "subject_id"
                ),
            ),
        ),
    ):
        row = queryset.aggregate(n=Count("pk"), last=Max("updated_at"))
        figures[name] = row["n"]
        if row["last"] is not None:
            latest.append(row["last"])
    figures["changed_at"] = max(latest).isoformat() if latest else ""
    return figures


def register(
    stamp: Stamp,
    *,
    content: bytes,
    kind: str,
    title: str,
    actor=None,
    class_group: ClassGroup | None = None,
    period: str = "",
    meta: dict | None = None,
) -> VerificationStamp:
    """Record the finished document under its reserved code. A code is registered once."""
    with transaction.atomic():
        record = VerificationStamp.objects.select_for_update().get(pk=stamp.id)
        if record.registered_at is not None:
            raise ValueError(f"verification code {record.code} is already registered")
        record.kind = kind
        record.title = title[:300]
        record.class_group = class_group
        record.period = period[:100]
        record.sha256 = hashlib.sha256(content).hexdigest()
        record.size = len(content)
        record.state = journal_state(class_group)
        record.meta = meta or {}
        record.registered_at = clock.now()
        record.save(
            update_fields=[
                "kind", "title", "class_group", "period", "sha256", "size", "state", "meta",
                "registered_at", "updated_at",
            ]
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="document.register",
            obj=record,
            after={"code": record.code, "kind": kind, "title": record.title, "sha256": record.sha256},
        )
    return record


def stamp_by_code(code: str) -> VerificationStamp | None:
    """The public read behind /verify/<code>: the code printed on the paper is the key."""
    code = normalise(code)
    if len(code) != CODE_LENGTH:
        return None
    return (
        VerificationStamp.objects.filter(code=code, registered_at__isnull=False)
        .select_related("school", "class_group")
        .first()
    )


def matches(record: VerificationStamp, content: bytes) -> bool:
    return secrets.compare_digest(hashlib.sha256(content).hexdigest(), record.sha256)


STATE_LABELS = {
    "lessons": gettext_lazy("уроков"),
    "marks": gettext_lazy("отметок"),
    "attendance": gettext_lazy("отметок посещаемости"),
    "period_marks": gettext_lazy("отметок за периоды"),
}


def _moment(value: str | None):
    """A stored ISO time as an aware datetime, for the page to show in local time."""
    return dt.datetime.fromisoformat(value) if value else None


def changes_since(record: VerificationStamp) -> list[dict]:
    """The journal's figures then and now, each with whether it changed."""
    if record.class_group is None or not record.state:
        return []
    now = journal_state(record.class_group)
    rows = [
        {"label": str(label), "then": record.state.get(key), "now": now.get(key)}
        for key, label in STATE_LABELS.items()
    ]
    rows.append(
        {
            "label": _("последнее изменение"),
            "then": _moment(record.state.get("changed_at")),
            "now": _moment(now.get("changed_at")),
            "is_time": True,
        }
    )
    for row in rows:
        row["changed"] = row["then"] != row["now"]
    return rows
