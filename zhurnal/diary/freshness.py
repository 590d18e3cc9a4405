"""When a diary answer last changed: the ETag of the week and the period, and a cache keyed by it.

The ETag is a digest of one query's figures (count and latest `updated_at`) over every row the
answer shows — the lessons of the span (topic, homework, teacher, status; study materials bump
their lesson's `updated_at`), the pupil's marks and attendance in them, their homework files, the
pupil's period marks, enrolments and subgroups, the family's pupil cards — and of the school's
directories the answer names (subjects, work types, attendance codes, lesson types, staff). A
count catches a deletion, the latest stamp an insert or an edit. It also covers who is asking
(the user and their CSRF cookie, so a page is never another person's), the day (today's column),
and the release (the templates' files). Nothing else goes in: another pupil's mark or another
class's lesson leaves it unchanged.

A family asking for its own pupil takes a faster road to the same promise: instead of counting
the lessons, marks, attendance and files of the span, it sums the database's change log over the
span's days (`diary.models`, decision 0042), which every write of those rows extends.

Signed-in answers stay `Cache-Control: private, no-store` (core.http: school computers are
shared), so browsers do not revalidate pages; clients that keep their own copy (the mobile app,
integrations) send `If-None-Match` and get 304. Browsers gain from the kept answers below.

The answer built for an ETag is kept in the process's cache under the viewer, the address and
the ETag: a change makes a new ETag, so a stale answer is never found, whatever process wrote it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from pathlib import Path

from django.core.cache import cache as django_cache
from django.db.models import Count, F, Func, Max, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

from zhurnal.core import clock
from zhurnal.diary.models import Change
from zhurnal.journal.models import (
    AttendanceCode,
    LessonType,
    PeriodMark,
    WorkType,
)
from zhurnal.people.models import (
    Enrollment,
    Staff,
    Student,
    StudyGroupMembership,
    SubgroupMembership,
    TeachingAssignment,
)
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import StudyPeriod, Subject

CACHE_SECONDS = 10 * 60


class _Count(Func):
    # COUNT(...) without GROUP BY: a scalar subquery over the filtered rows.
    function = "COUNT"


class _Max(Func):
    function = "MAX"


def _figures(qs: QuerySet, prefix: str, stamp: str = "updated_at") -> dict:
    qs = qs.order_by()
    return {
        f"{prefix}_n": Subquery(qs.annotate(v=_Count(F("pk"))).values("v")[:1]),
        f"{prefix}_t": Subquery(qs.annotate(v=_Max(F(stamp))).values("v")[:1]),
    }


def stamp_query(
    actor: Actor, school_id: int, student_id: int, lessons: QuerySet, finals: QuerySet | None
) -> dict:
    """One query: the figures of every kind of row an answer over `lessons` shows.

    The lessons' own figures and those of the pupil's marks, attendance and the files come from
    one pass over the lessons (their scope written once: PostgreSQL spent 100+ ms planning it
    when every figure repeated it as a subquery); the small tables' as scalar subqueries."""
    family = sorted(actor.own_student_ids | {student_id})
    others = {
        **_figures(Enrollment.objects.filter(student_id__in=family), "enrolment"),
        **_figures(SubgroupMembership.objects.filter(student_id=student_id), "subgroup"),
        **_figures(StudyGroupMembership.objects.filter(student_id=student_id), "study_group"),
        **_figures(Student.objects.filter(pk__in=family), "pupil"),
    }
    if finals is not None:
        others |= _figures(finals, "final")
    for name, model in _directories(finals is not None):
        others |= _figures(model.objects.filter(school_id=school_id), name)
    return lessons.order_by().aggregate(
        lesson_n=Count("pk", distinct=True),
        lesson_t=Max("updated_at"),
        mark_n=Count("my_marks__id", distinct=True),
        mark_t=Max("my_marks__updated_at"),
        absence_n=Count("mine__id", distinct=True),
        absence_t=Max("mine__updated_at"),
        file_n=Count("files__id", distinct=True),
        file_t=Max("files__updated_at"),
        # Uncorrelated: computed once, carried through the aggregate.
        **{name: Max(value) for name, value in others.items()},
    )


def _directories(finals: bool) -> list[tuple[str, type]]:
    """The school's rows an answer names; the marks answers also list the school's periods."""
    found = [
        ("subject", Subject),
        ("work_type", WorkType),
        ("code", AttendanceCode),
        ("lesson_type", LessonType),
        ("staff", Staff),
    ]
    return found + [("period", StudyPeriod)] if finals else found


def period_asked(request: HttpRequest) -> int | None:
    """The period the marks answer was asked for (`?period=`), when it names one."""
    raw = request.GET.get("period", "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@cache
def _release() -> str:
    """The templates' files as this process found them: a deployment changes the ETags."""
    root = Path(__file__).resolve().parent.parent
    times = sorted(str(p.stat().st_mtime_ns) for p in root.glob("**/templates/**/*.html"))
    return hashlib.sha256("".join(times).encode()).hexdigest()[:12]


def etag_of(request: HttpRequest, kind: str, figures: tuple, *extra) -> str:
    viewer = (request.user.pk, request.COOKIES.get("csrftoken", ""))
    raw = repr((kind, _release(), clock.today().isoformat(), viewer, request.get_full_path(), figures, extra))
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def week_lessons(actor: Actor, student_id: int, start: dt.date, end: dt.date) -> QuerySet:
    from zhurnal.diary.selectors import MAX_SPAN_DAYS, _pupil_lessons

    set_earlier = Q(homework_due__gte=start, homework_due__lte=end) & ~Q(homework="")
    return _pupil_lessons(actor, student_id, start - dt.timedelta(days=MAX_SPAN_DAYS), end).filter(
        Q(date__gte=start) | set_earlier
    )


def week_etag(request, kind: str, school_id: int, student_id: int, start: dt.date, end: dt.date) -> str:
    if (fast := family_week_etag(request, kind, student_id, start, end)) is not None:
        return fast
    lessons = week_lessons(request.actor, student_id, start, end)
    figures = tuple(sorted(stamp_query(request.actor, school_id, student_id, lessons, None).items()))
    return etag_of(request, kind, figures, start, end)


def period_etag(request, kind: str, school_id: int, student_id: int) -> str:
    """The marks page and its API answer show one period: asked for by `?period=`, the figures
    cover the pupil's lessons, marks and attendance of its dates (a pupil's history does not
    grow them); otherwise the period is chosen by the day among all the pupil's, and they cover
    all. Always all the pupil's period marks and the school's periods (bounded by the pupil's
    journals all the same)."""
    from zhurnal.diary.selectors import _pupil_lessons

    if (fast := family_period_etag(request, kind, student_id)) is not None:
        return fast
    start, end = _period_bounds(period_asked(request))
    lessons = _pupil_lessons(request.actor, student_id, start, end)
    finals = PeriodMark.objects.visible_to(request.actor).filter(student_id=student_id)
    figures = tuple(sorted(stamp_query(request.actor, school_id, student_id, lessons, finals).items()))
    return etag_of(request, kind, figures)


def _period_bounds(period_id: int | None) -> tuple[dt.date, dt.date]:
    """The dates of the asked-for period, or every date when none (or no such period) is asked."""
    found = None
    if period_id is not None:
        found = StudyPeriod.objects.filter(pk=period_id).values_list("start", "end").first()
    return found or (dt.date.min, dt.date.max)


def applies(request: HttpRequest) -> bool:
    """Conditional answers and the cache are for plain reads, not while a one-time message waits
    to be shown (it would never be). A page is kept only once the browser holds its CSRF cookie
    (a kept page's forms carry a token of that cookie, and the ETag names it)."""
    return request.method in ("GET", "HEAD") and "messages" not in request.COOKIES


def _keepable(request: HttpRequest) -> bool:
    return "csrftoken" in request.COOKIES or request.path.startswith("/api/")


def matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return etag in {tag.strip().removeprefix("W/") for tag in header.split(",")}


def not_modified(etag: str) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    return response


def _key(request: HttpRequest, etag: str) -> str:
    return f"diary:{request.user.pk}:{etag}"


def cached(request: HttpRequest, etag: str) -> HttpResponse | None:
    found = django_cache.get(_key(request, etag)) if _keepable(request) else None
    if found is None:
        return None
    status, content_type, body = found
    response = HttpResponse(body, status=status, content_type=content_type)
    response["ETag"] = etag
    return response


def keep(request: HttpRequest, etag: str, response: HttpResponse) -> HttpResponse:
    """Send the ETag with a good answer and keep its body for the next identical request."""
    if response.status_code == 200:
        response["ETag"] = etag
        django_cache.set(
            _key(request, etag), (200, response["Content-Type"], response.content), CACHE_SECONDS
        )
    return response


# --- the family's fast path -------------------------------------------------------------------
# A family opening its own pupil (most of a region's diary traffic) needs no access query: the
# pupil is theirs by the actor's own sets. Its figures come from one plain SQL statement (decision
# 0006: building the ORM's took most of a 304's time). The lessons, the pupil's marks and
# attendance and the lessons' files are not counted: the database's change log (`diary.Change`,
# written by triggers) is summed over the answer's days instead, the pupil's own and those of the
# journals the pupil is in on each day (decision 0042). The small tables keep their figures; those
# are checked against their ORM twin in tests/diary/test_etag.py.


@cache
def _family_sql(vendor: str, finals: bool, family: int, period: bool = False) -> str:
    from django.db import connection

    q = connection.ops.quote_name
    t = {m.__name__: m._meta.db_table for m in (TeachingAssignment, Enrollment, SubgroupMembership)}
    t |= {"StudyGroupMembership": StudyGroupMembership._meta.db_table, "Change": Change._meta.db_table}
    t |= {m.__name__: m._meta.db_table for m in (Student, PeriodMark)}
    in_family = ", ".join(["%s"] * family)

    # Each kind of row read once for both its figures: a one-row derived table of COUNT and MAX.
    # Every read has its own alias, so that a plan names the table it reads (tests/plans.py).
    def figures(table: str, alias: str, where: str) -> str:
        return f"(SELECT COUNT(*) AS n, MAX({alias}.updated_at) AS t FROM {table} {alias} WHERE {where})"

    columns = [
        # The journals' lessons and files, on the pupil's days in each journal.
        f"(SELECT COALESCE(SUM(cj.weight), 0) AS n, NULL AS t FROM iv"
        f" JOIN {t['Change']} cj ON cj.scope = '{Change.Scope.JOURNAL}' AND cj.scope_id = iv.journal"
        f" AND cj.day >= iv.lo AND cj.day <= iv.hi)",
        # The pupil's marks and attendance.
        f"(SELECT COALESCE(SUM(cp.weight), 0) AS n, NULL AS t FROM b"
        f" JOIN {t['Change']} cp ON cp.scope = '{Change.Scope.PUPIL}' AND cp.scope_id = %s"
        f" AND cp.day >= b.lo AND cp.day <= b.hi)",
        figures(t["Enrollment"], "en", f"en.student_id IN ({in_family})"),
        figures(t["SubgroupMembership"], "sm", "sm.student_id = %s"),
        figures(t["StudyGroupMembership"], "sg", "sg.student_id = %s"),
        figures(t["Student"], "st", f"st.id IN ({in_family})"),
    ]
    if finals:
        columns.append(figures(t["PeriodMark"], "pm", "pm.student_id = %s"))
    for i, (_name, model) in enumerate(_directories(finals)):
        where = f"d{i}.school_id = (SELECT school_id FROM {t['Student']} WHERE id = %s)"
        columns.append(figures(model._meta.db_table, f"d{i}", where))
    # A period asked for bounds the days by its dates (the given dates when there is none).
    sp = StudyPeriod._meta.db_table
    bounds = (
        f"COALESCE((SELECT p.start FROM {sp} p WHERE p.id = %s), %s) AS lo,"
        f" COALESCE((SELECT p.{q('end')} FROM {sp} p WHERE p.id = %s), %s) AS hi"
        if period
        else "%s AS lo, %s AS hi"
    )
    ta = t["TeachingAssignment"]
    # The later and the earlier of two dates: SQLite's MAX and MIN of two arguments are scalar.
    later, earlier = ("GREATEST", "LEAST") if vendor == "postgresql" else ("MAX", "MIN")
    in_subgroup = (
        f" AND (ta.subgroup_id IS NULL OR ta.subgroup_id IN"
        f" (SELECT subgroup_id FROM {t['SubgroupMembership']} WHERE student_id = %s))"
    )

    def journals_of(group: str, column: str, condition: str = "") -> str:
        """The journals of the pupil's class or study group, read by their index from it. On
        PostgreSQL a fenced LATERAL subquery (OFFSET 0) keeps them read from the pupil's row:
        joined plainly, a small test table's plan read every journal first (tests/plans.py)."""
        if vendor == "postgresql":
            return f"CROSS JOIN LATERAL (SELECT ta.id FROM {ta} ta WHERE ta.{column} = {group}{condition} OFFSET 0) ta"
        return f"JOIN {ta} ta ON ta.{column} = {group}{condition}"

    return (
        f"WITH b AS (SELECT {bounds}),"
        # The pupil's journals and the days the pupil is in each: the class's (of the pupil's
        # subgroup, when it is a subgroup's) while enrolled, a cross-class study group's while a
        # member (decision 0036). Read from the pupil's own rows, never the region's journals.
        # Each journal's days are cut to the answer's, so that the log is read from its index by
        # both ends of the range.
        f" iv AS (SELECT ta.id AS journal, {later}(e.start, b.lo) AS lo,"
        f" {earlier}(COALESCE(e.{q('end')}, b.hi), b.hi) AS hi FROM b CROSS JOIN {t['Enrollment']} e"
        f" {journals_of('e.class_group_id', 'class_group_id', in_subgroup)} WHERE e.student_id = %s"
        f" UNION ALL SELECT ta.id, {later}(gm.start, b.lo), {earlier}(COALESCE(gm.{q('end')}, b.hi), b.hi)"
        f" FROM b CROSS JOIN {t['StudyGroupMembership']} gm"
        f" {journals_of('gm.group_id', 'study_group_id')} WHERE gm.student_id = %s)"
        f" SELECT {', '.join(f'f{i}.n, f{i}.t' for i in range(len(columns)))}"
        f" FROM {', '.join(f'{table} f{i}' for i, table in enumerate(columns))}"
    )


def family_figures(
    actor: Actor,
    student_id: int,
    start: dt.date,
    end: dt.date,
    *,
    finals: bool,
    period_id: int | None = None,
):
    """The figures of a family's own pupil over the days `start`–`end` (None for anyone else:
    they take `stamp_query`). With `period_id`, the days are that period's (`start`–`end` when
    it is no period)."""
    from django.db import connection

    from zhurnal.core.rawsql import fetch
    from zhurnal.policy import rules

    if student_id not in actor.own_student_ids or not rules.may_open_diaries(actor):
        return None
    family = sorted(actor.own_student_ids)
    # In the order of the placeholders: the days, the pupil's journals, then each figure's.
    params = [start, end] if period_id is None else [period_id, start, period_id, end]
    params += [student_id] * 3 + [student_id] + family + [student_id] * 2 + family
    if finals:
        params += [student_id]
    params += [student_id] * len(_directories(finals))
    sql = _family_sql(connection.vendor, finals, len(family), period_id is not None)
    return tuple(fetch(sql, params)[0])


def family_week_etag(request, kind: str, student_id: int, start: dt.date, end: dt.date) -> str | None:
    from zhurnal.diary.selectors import MAX_SPAN_DAYS

    # From the earliest lesson whose homework the week can show (set up to MAX_SPAN_DAYS before).
    window = start - dt.timedelta(days=MAX_SPAN_DAYS)
    figures = family_figures(request.actor, student_id, window, end, finals=False)
    return None if figures is None else etag_of(request, kind, figures, start, end)


def family_period_etag(request, kind: str, student_id: int) -> str | None:
    figures = family_figures(
        request.actor,
        student_id,
        dt.date(1, 1, 1),
        dt.date(9999, 12, 31),
        finals=True,
        period_id=period_asked(request),
    )
    return None if figures is None else etag_of(request, kind, figures)
