"""`zhurnal import oneroster DIR`: a package written by our export back into an empty database.

All or nothing: every file is read and every reference resolved inside one transaction, and a
bad row stops the import with its file, line and column. No people or school services exist yet
for these records (i10-people's `people.services` are being written), so each record kind is made
by one clearly named function here, `_make_<kind>`; the integrator moves them onto those services
when they land. Like the demo and the generator, an import creates a school rather than changing
one: one audit row records the import as a whole. Every record made keeps the sourcedId it was
read with (`SourcedId`), so the next export writes the same files.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.core.audit import audit_record
from zhurnal.diary.services import change_log_paused
from zhurnal.integrations.oneroster import csvfiles, ids
from zhurnal.integrations.oneroster.csvfiles import OneRosterError
from zhurnal.journal.models import Lesson, Mark, PeriodMark, WorkType
from zhurnal.people.models import (
    Enrollment,
    Guardian,
    Staff,
    Student,
    StudentGuardian,
    Subgroup,
    SubgroupMembership,
    TeachingAssignment,
)
from zhurnal.schools.models import (
    AcademicYear,
    Authority,
    ClassGroup,
    CurriculumPlan,
    School,
    StudyPeriod,
    Subject,
)

ROLE_GRANTED = {"student": Role.STUDENT, "teacher": Role.TEACHER, "parent": Role.PARENT,
                "guardian": Role.PARENT, "relative": Role.PARENT}  # fmt: skip
SEX = {"male": "m", "female": "f", "": ""}


class Package:
    """The files read, and a lookup that names the row and column when a reference is missing."""

    def __init__(self, directory: Path):
        if not (directory / "manifest.csv").is_file():
            raise OneRosterError(f"{directory}: нет файла manifest.csv — это не пакет OneRoster")
        self.files = {name: csvfiles.read(directory, name) for name in csvfiles.COLUMNS}
        self.made: dict[str, dict[str, object]] = defaultdict(dict)  # kind → sourcedId → our object
        self.kept: list[tuple[str, int, str]] = []

    def need(self, kind: str, sid: str, file: str, row: dict, column: str):
        found = self.made[kind].get(sid)
        if found is None:
            raise OneRosterError(
                f"{file}.csv, строка {row['_line']}, столбец {column}: нет записи «{sid}», на которую он ссылается"
            )
        return found

    def keep(self, kind: str, sid: str, obj) -> None:
        self.made[kind][sid] = obj
        self.kept.append((kind, obj.pk, sid))


def _date(value: str, file: str, row: dict, column: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise OneRosterError(
            f"{file}.csv, строка {row['_line']}, столбец {column}: «{value}» — не дата ГГГГ-ММ-ДД"
        ) from None


def _int(value: str, file: str, row: dict, column: str, default: int | None = None) -> int | None:
    if value == "":
        return default
    try:
        return int(Decimal(value))
    except ArithmeticError:
        raise OneRosterError(
            f"{file}.csv, строка {row['_line']}, столбец {column}: «{value}» — не число"
        ) from None


# --- one function per record kind ---------------------------------------------------------------


def _make_authority(row) -> Authority:
    return Authority.objects.create(name=row["name"], region_code=row.get("identifier", ""))


def _make_school(row, authority) -> School:
    return School.objects.create(
        authority=authority,
        name=row["name"],
        short_name=row.get("metadata.zhurnal.shortName") or row["name"][:200],
        address=row.get("metadata.zhurnal.address", ""),
    )


def _make_year(row, school) -> AcademicYear:
    return AcademicYear.objects.create(
        school=school,
        name=row["title"],
        start=_date(row["startDate"], "academicSessions", row, "startDate"),
        end=_date(row["endDate"], "academicSessions", row, "endDate"),
    )


def _make_period(row, year) -> StudyPeriod:
    low, _, high = (row.get("metadata.zhurnal.grades") or "1-11").partition("-")
    kind = row.get("metadata.zhurnal.kind") or {"semester": "half"}.get(row["type"], "quarter")
    return StudyPeriod.objects.create(
        school=year.school,
        year=year,
        kind=kind,
        number=_int(
            row.get("metadata.zhurnal.number", ""), "academicSessions", row, "metadata.zhurnal.number", 1
        ),
        name=row["title"],
        start=_date(row["startDate"], "academicSessions", row, "startDate"),
        end=_date(row["endDate"], "academicSessions", row, "endDate"),
        grade_from=int(low),
        grade_to=int(high or low),
    )


def _make_work_type(row, school) -> WorkType:
    return WorkType.objects.create(
        school=school,
        name=row["title"],
        short_name=row.get("metadata.zhurnal.shortName") or row["title"][:10],
        weight=_int(row.get("metadata.weight", ""), "categories", row, "metadata.weight", 1),
    )


def _make_subject(row, school) -> Subject:
    return Subject.objects.create(school=school, name=row["subjects"], short_name=row.get("courseCode", ""))


def _make_curriculum_plan(row, year, subject) -> CurriculumPlan:
    return CurriculumPlan.objects.create(
        school=year.school,
        year=year,
        grade=int(row["grades"]),
        subject=subject,
        hours_per_week=Decimal(row["metadata.zhurnal.hoursPerWeek"]),
        grading_mode=row["metadata.zhurnal.gradingMode"],
    )


def _make_class_group(row, year) -> ClassGroup:
    return ClassGroup.objects.create(
        school=year.school, year=year, grade=int(row["grades"]), letter=row["metadata.zhurnal.letter"]
    )


def _make_subgroup(row, class_group) -> Subgroup:
    return Subgroup.objects.create(
        school=class_group.school, class_group=class_group, name=row["metadata.zhurnal.subgroup"]
    )


def _make_user(row, school) -> User | None:
    """A login for a user who had one (username other than the sourcedId): no password until
    the school issues credentials; the role granted in the school."""
    if row["username"] == row["sourcedId"]:
        return None
    user = User.objects.create(
        username=row["username"],
        last_name=row["familyName"],
        first_name=row["givenName"],
        middle_name=row.get("middleName", ""),
        password=make_password(None),
        is_active=row["enabledUser"].lower() == "true",
    )
    RoleGrant.objects.create(user=user, role=ROLE_GRANTED[row["role"]], school=school)
    return user


def _make_student(row, school, user, demographics) -> Student:
    return Student.objects.create(
        school=school,
        user=user,
        last_name=row["familyName"],
        first_name=row["givenName"],
        middle_name=row.get("middleName", ""),
        snils=row.get("identifier", ""),
        birth_date=_date(demographics.get("birthDate", ""), "demographics", demographics or row, "birthDate"),
        sex=SEX.get(demographics.get("sex", ""), ""),
    )


def _make_staff(row, school, user) -> Staff:
    return Staff.objects.create(
        school=school,
        user=user,
        last_name=row["familyName"],
        first_name=row["givenName"],
        middle_name=row.get("middleName", ""),
        position=row.get("metadata.zhurnal.position", ""),
        email=row.get("email", ""),
        phone=row.get("phone", ""),
    )


def _make_guardian(row, school, user) -> Guardian:
    return Guardian.objects.create(
        school=school,
        user=user,
        last_name=row["familyName"],
        first_name=row["givenName"],
        middle_name=row.get("middleName", ""),
        email=row.get("email", ""),
        phone=row.get("phone", ""),
    )


def _make_guardian_link(student, guardian, relation) -> StudentGuardian:
    return StudentGuardian.objects.create(
        school=student.school, student=student, guardian=guardian, relation=relation or "other"
    )


def _make_assignment(row, class_group, subgroup, subject, teacher) -> TeachingAssignment:
    return TeachingAssignment.objects.create(
        school=class_group.school,
        year=class_group.year,
        class_group=class_group,
        subgroup=subgroup,
        subject=subject,
        teacher=teacher,
    )


def _make_enrollment(row, student, class_group) -> Enrollment:
    end = _date(row.get("endDate", ""), "enrollments", row, "endDate")
    return Enrollment.objects.create(
        school=class_group.school,
        student=student,
        class_group=class_group,
        start=_date(row["beginDate"], "enrollments", row, "beginDate"),
        end=end - dt.timedelta(days=1) if end else None,  # OneRoster's end is exclusive, ours inclusive
    )


def _make_class_teacher(class_group, staff) -> None:
    if staff.user_id is not None:
        RoleGrant.objects.create(
            user_id=staff.user_id, role=Role.CLASS_TEACHER, school=class_group.school, class_group=class_group
        )


def _make_lesson(row, assignment, teacher) -> Lesson:
    """Unsaved: lessons are many, the import saves them in bulk."""
    return Lesson(
        school=assignment.school,
        assignment=assignment,
        date=_date(row["assignDate"], "lineItems", row, "assignDate"),
        slot=_int(row.get("metadata.zhurnal.slot", ""), "lineItems", row, "metadata.zhurnal.slot"),
        topic=row.get("metadata.zhurnal.topic", row["title"]),
        homework=row.get("description", ""),
        teacher=teacher,
    )


def _make_mark(row, lesson, student, work_type) -> Mark:
    return Mark(
        school=lesson.school,
        lesson=lesson,
        student=student,
        value=row.get("metadata.zhurnal.value") or row["score"].removesuffix(".0"),
        score=_int(row["score"], "results", row, "score"),
        score2=_int(row.get("metadata.zhurnal.score2", ""), "results", row, "metadata.zhurnal.score2"),
        work_type=work_type,
        comment=row.get("comment", ""),
        deferred_until=_date(row.get("metadata.zhurnal.deferredUntil", ""), "results", row, "deferredUntil"),
    )


def _final_item(package: Package, row) -> dict:
    """What a period mark's line item says: the subject, the year, the period (none for the year) and the kind."""
    subject = package.need(
        "subject", row["metadata.zhurnal.subjectSourcedId"], "lineItems", row, "subjectSourcedId"
    )
    session = row["gradingPeriodSourcedId"]
    period = package.made["period"].get(session)
    year = (
        period.year if period else package.need("year", session, "lineItems", row, "gradingPeriodSourcedId")
    )
    kind = row["metadata.zhurnal.kind"]
    if kind not in PeriodMark.Kind.values:
        raise OneRosterError(
            f"lineItems.csv, строка {row['_line']}, столбец metadata.zhurnal.kind: «{kind}» — неизвестный вид отметки"
        )
    return {"subject": subject, "year": year, "period": period, "kind": kind}


def _make_period_mark(row, item: dict, student) -> PeriodMark:
    return PeriodMark(
        school=student.school,
        student=student,
        value=row.get("metadata.zhurnal.value") or row["score"].removesuffix(".0"),
        suggested=row.get("metadata.zhurnal.suggested", ""),
        reason=row.get("metadata.zhurnal.reason", ""),
        **item,
    )


# --- the import -------------------------------------------------------------------------------


def import_directory(directory: Path, *, actor=None) -> dict[str, int]:
    """Read the package into an empty database; returns how many records of each kind were made."""
    if School.objects.exists():
        raise OneRosterError("база данных не пуста: OneRoster загружается только в пустую базу (без школ)")
    package = Package(directory)
    files, need, keep = package.files, package.need, package.keep
    # Every row is new in this transaction, so the diary's change log has nothing to record
    # (decision 0043).
    with transaction.atomic(), change_log_paused():
        for row in sorted(files["orgs"], key=lambda r: r["type"] != "district"):
            if row["type"] == "district":
                keep("authority", row["sourcedId"], _make_authority(row))
            elif row["type"] == "school":
                authority = need("authority", row["parentSourcedId"], "orgs", row, "parentSourcedId")
                keep("school", row["sourcedId"], _make_school(row, authority))
        for row in (r for r in files["academicSessions"] if r["type"] == "schoolYear"):
            school = need(
                "school", row["metadata.zhurnal.orgSourcedId"], "academicSessions", row, "orgSourcedId"
            )
            keep("year", row["sourcedId"], _make_year(row, school))
        for row in (r for r in files["academicSessions"] if r["type"] != "schoolYear"):
            year = need("year", row["parentSourcedId"], "academicSessions", row, "parentSourcedId")
            keep("period", row["sourcedId"], _make_period(row, year))
        for row in files["categories"]:
            school = need("school", row["metadata.zhurnal.orgSourcedId"], "categories", row, "orgSourcedId")
            if row.get("metadata.zhurnal.final", "").lower() == "true":
                continue  # «Итоговая»: the category of period marks, not a work type of lessons
            keep("worktype", row["sourcedId"], _make_work_type(row, school))
        for row in files["courses"]:
            year = need("year", row["schoolYearSourcedId"], "courses", row, "schoolYearSourcedId")
            subject_sid = row.get("metadata.zhurnal.subjectSourcedId", "")
            if not subject_sid:
                continue  # a homeroom course: the class itself is the record
            subject = package.made["subject"].get(subject_sid)
            if subject is None:
                subject = _make_subject(row, year.school)
                keep("subject", subject_sid, subject)
            if row.get("metadata.zhurnal.hoursPerWeek"):
                _make_curriculum_plan(row, year, subject)
            package.made["course"][row["sourcedId"]] = (year, subject)
        homerooms = [r for r in files["classes"] if r["classType"] == "homeroom"]
        for row in homerooms:
            course = row["courseSourcedId"]
            year_sid = course.rsplit(".", 1)[-1]
            year = need("year", year_sid, "classes", row, "courseSourcedId")
            keep("class", row["sourcedId"], _make_class_group(row, year))

        demographics = {r["sourcedId"]: r for r in files["demographics"]}
        guardian_rows = []
        for row in files["users"]:
            orgs = csvfiles.split(row["orgSourcedIds"])
            school = need("school", orgs[0] if orgs else "", "users", row, "orgSourcedIds")
            user = _make_user(row, school)
            if row["role"] == "student":
                keep(
                    "student",
                    row["sourcedId"],
                    _make_student(row, school, user, demographics.get(row["sourcedId"], {})),
                )
            elif row["role"] in ("teacher", "administrator", "aide"):
                keep("staff", row["sourcedId"], _make_staff(row, school, user))
            else:
                keep("guardian", row["sourcedId"], _make_guardian(row, school, user))
                guardian_rows.append(row)
        for row in guardian_rows:
            guardian = package.made["guardian"][row["sourcedId"]]
            relations = csvfiles.split(row.get("metadata.zhurnal.relations", ""))
            for i, child in enumerate(csvfiles.split(row["agentSourcedIds"])):
                student = need("student", child, "users", row, "agentSourcedIds")
                _make_guardian_link(student, guardian, relations[i] if i < len(relations) else "")

        teachers = {
            r["classSourcedId"]: r
            for r in files["enrollments"]
            if r["role"] == "teacher" and r["sourcedId"].endswith(".t")
        }
        for row in (r for r in files["classes"] if r["classType"] == "scheduled"):
            class_group = need(
                "class", row["metadata.zhurnal.homeroomSourcedId"], "classes", row, "homeroomSourcedId"
            )
            _year, subject = need("course", row["courseSourcedId"], "classes", row, "courseSourcedId")
            subgroup = None
            if row.get("metadata.zhurnal.subgroupSourcedId"):
                subgroup = package.made["subgroup"].get(row["metadata.zhurnal.subgroupSourcedId"])
                if subgroup is None:
                    subgroup = _make_subgroup(row, class_group)
                    keep("subgroup", row["metadata.zhurnal.subgroupSourcedId"], subgroup)
            teacher_row = teachers.get(row["sourcedId"])
            if teacher_row is None:
                raise OneRosterError(
                    f"classes.csv, строка {row['_line']}: у класса нет учителя в enrollments.csv"
                )
            teacher = need("staff", teacher_row["userSourcedId"], "enrollments", teacher_row, "userSourcedId")
            keep(
                "assignment", row["sourcedId"], _make_assignment(row, class_group, subgroup, subject, teacher)
            )

        memberships: dict[tuple[int, int], SubgroupMembership] = {}
        for row in files["enrollments"]:
            if row["role"] == "teacher":
                if ".ct." in row["sourcedId"]:
                    class_group = need("class", row["classSourcedId"], "enrollments", row, "classSourcedId")
                    staff = need("staff", row["userSourcedId"], "enrollments", row, "userSourcedId")
                    _make_class_teacher(class_group, staff)
                continue
            student = need("student", row["userSourcedId"], "enrollments", row, "userSourcedId")
            if row["classSourcedId"] in package.made["class"]:
                keep(
                    "enrollment",
                    row["sourcedId"],
                    _make_enrollment(row, student, package.made["class"][row["classSourcedId"]]),
                )
                continue
            assignment = need("assignment", row["classSourcedId"], "enrollments", row, "classSourcedId")
            if assignment.subgroup_id:  # a subgroup's class: its pupils are the subgroup's members
                memberships.setdefault(
                    (assignment.subgroup_id, student.pk),
                    SubgroupMembership(
                        school=assignment.school, subgroup_id=assignment.subgroup_id, student=student
                    ),
                )
        SubgroupMembership.objects.bulk_create(memberships.values(), batch_size=2000)

        marks = []
        lessons: dict[str, Lesson] = {}
        items = []
        final_items = {}
        for row in files["lineItems"]:
            if row.get("metadata.zhurnal.kind"):  # a period, year, exam or final mark's line item
                final_items[row["sourcedId"]] = _final_item(package, row)
                continue
            lesson_sid = row.get("metadata.zhurnal.lessonSourcedId") or row["sourcedId"]
            if lesson_sid not in lessons:
                assignment = need("assignment", row["classSourcedId"], "lineItems", row, "classSourcedId")
                teacher = need(
                    "staff", row["metadata.zhurnal.teacherSourcedId"], "lineItems", row, "teacherSourcedId"
                )
                lessons[lesson_sid] = _make_lesson(row, assignment, teacher)
            items.append((row, lesson_sid))
        Lesson.objects.bulk_create(lessons.values(), batch_size=2000)
        for sid, lesson in lessons.items():
            keep("lesson", sid, lesson)
        for row, lesson_sid in items:
            package.made["lineitem"][row["sourcedId"]] = (
                lessons[lesson_sid],
                need("worktype", row["categorySourcedId"], "lineItems", row, "categorySourcedId"),
            )
        period_marks = []
        for row in files["results"]:
            if row["lineItemSourcedId"] in final_items:
                student = need("student", row["studentSourcedId"], "results", row, "studentSourcedId")
                period_marks.append(
                    (row["sourcedId"], _make_period_mark(row, final_items[row["lineItemSourcedId"]], student))
                )
                continue
            lesson, work_type = need(
                "lineitem", row["lineItemSourcedId"], "results", row, "lineItemSourcedId"
            )
            student = need("student", row["studentSourcedId"], "results", row, "studentSourcedId")
            marks.append((row["sourcedId"], _make_mark(row, lesson, student, work_type)))
        Mark.objects.bulk_create([m for _, m in marks], batch_size=2000)
        package.kept.extend(("mark", m.pk, sid) for sid, m in marks)
        PeriodMark.objects.bulk_create([m for _, m in period_marks], batch_size=2000)
        package.kept.extend(("periodmark", m.pk, sid) for sid, m in period_marks)

        ids.keep(package.kept)
        counts = {name: len(rows) for name, rows in files.items()}
        audit_record(
            actor=actor, action="oneroster.imported", object_type="integrations.oneroster", after=counts
        )
    return counts
