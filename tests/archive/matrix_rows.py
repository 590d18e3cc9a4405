"""Permission matrix rows for printed records, the archive, retention and verification.

The archive is the administration's: director, deputy and system administrator read it; the
deputy (and director) print; the deputy signs off; the system administrator keeps the retention
table and destroys by an act. Teachers, families, the secretary and the authority get 403; a
document of school A is 404 to the outsider. /verify/<code> is public.
"""

import datetime as dt

from tests.matrix import Row, statuses
from zhurnal.archive import services, verification
from zhurnal.archive.models import ArchivedDocument, DocumentKind
from zhurnal.policy.actor import actor_for

PDF = b"%PDF-1.4\n%archived\n"
READERS = statuses(403, anonymous=302, director=200, deputy=200, sysadmin=200)


def archived(cast, *, past_retention: bool = False) -> ArchivedDocument:
    """A summary sheet of 2А signed off by the deputy (made once per test)."""
    title = "Сводная ведомость 2А (старая)" if past_retention else "Сводная ведомость 2А"
    existing = ArchivedDocument.objects.filter(title=title).first()
    if existing is not None:
        return existing
    deputy = actor_for(cast.user("deputy"))
    content = PDF + title.encode()
    stamp = verification.reserve(cast.school_a.pk, actor=deputy)
    record = verification.register(
        stamp,
        content=content,
        kind=DocumentKind.FINAL_MARKS_SUMMARY,
        title=title,
        actor=deputy,
        class_group=cast.class_a,
        period="2026/2027",
    )
    return services.document_sign_off(
        actor=deputy,
        stamp=record,
        content=content,
        filename="summary.pdf",
        period_end=dt.date(1990, 5, 31) if past_retention else cast.class_a.year.end,
    )


def printed(cast):
    """The summary sheet of 2А the deputy asked for on the print page, drawn (once per test)."""
    from zhurnal.archive.models import VerificationStamp

    existing = VerificationStamp.objects.filter(meta__has_key="kind", created_by=cast.user("deputy")).first()
    if existing is not None:
        return existing
    stamp = services.record_print(
        actor=actor_for(cast.user("deputy")), class_id=cast.class_a.pk, kind="final_marks_summary"
    )
    return services.print_run(stamp.pk)


# The maker's own printout: the deputy; the director prints too but not this one (404).
MAKER_ONLY = statuses(403, anonymous=302, deputy=200, director=404)

NOT_READERS_404 = dict.fromkeys(
    ("secretary", "classteacher", "teacher", "parent_a", "parent_b", "pupil_a", "outsider", "authority"), 404
)

ROWS: list[Row] = [
    Row(route="archive:list", url=lambda cast: "/archive/", expect=READERS),
    Row(
        route="archive:document_file",
        url=lambda cast: f"/archive/{archived(cast).pk}/file/",
        expect=READERS,
        note="a download of personal data: logged in the security event log",
    ),
    Row(
        route="archive:document_destroy",
        method="POST",
        url=lambda cast: f"/archive/{archived(cast, past_retention=True).pk}/destroy/",
        body=lambda cast: {"reason": "Решение экспертной комиссии, протокол № 1"},
        expect=statuses(403, anonymous=302, sysadmin=302, **NOT_READERS_404),
        audited=True,
        note="who cannot read the archive does not see the document (404); readers who may not destroy: 403",
    ),
    Row(route="archive:retention", url=lambda cast: "/archive/retention/", expect=READERS),
    Row(
        route="archive:retention",
        method="POST",
        url=lambda cast: "/archive/retention/",
        body=lambda cast: {"kind": "class_journal", "years": "6"},
        expect=statuses(403, anonymous=302, sysadmin=302),
        audited=True,
    ),
    Row(
        route="archive:print",
        url=lambda cast: "/archive/print/",
        expect=statuses(403, anonymous=302, director=200, deputy=200),
    ),
    Row(
        route="archive:print",
        method="POST",
        url=lambda cast: "/archive/print/",
        body=lambda cast: {"class_group": cast.class_a.pk, "kind": "final_marks_summary", "sign_off": "1"},
        expect=statuses(403, anonymous=302, deputy=302),
        audited=True,
        note="the deputy signs off into the archive; the director prints but does not sign off (403)",
    ),
    Row(
        route="archive:print_status",
        url=lambda cast: f"/archive/print/{printed(cast).pk}/",
        expect=MAKER_ONLY,
    ),
    Row(
        route="archive:print_file",
        url=lambda cast: f"/archive/print/{printed(cast).pk}/file/",
        expect=MAKER_ONLY,
    ),
    Row(
        route="archive:verify",
        url=lambda cast: f"/verify/{archived(cast).stamp.code}",
        expect=statuses(200),
        note="public: the code printed on the paper is the key",
    ),
    Row(
        route="archive:verify",
        method="POST",
        url=lambda cast: f"/verify/{archived(cast).stamp.code}/",
        body=lambda cast: {},
        expect=statuses(400),
        note="no file chosen: the page says so",
    ),
]
