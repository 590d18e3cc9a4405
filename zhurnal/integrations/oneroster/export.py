"""`zhurnal export oneroster DIR`: our records as a OneRoster 1.1 CSV bulk package (mapping in
docs/integrations/oneroster.md). A read: plain rows, a fixed number of queries per package."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from zhurnal.accounts.models import Role, RoleGrant
from zhurnal.integrations.oneroster import csvfiles
from zhurnal.integrations.oneroster.ids import Ids
from zhurnal.journal.models import Lesson, Mark, PeriodMark, WorkType
from zhurnal.people.models import (
    Enrollment,
    Guardian,
    Staff,
    Student,
    StudentGuardian,
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
    Subgroup,
    Subject,
)

KINDS = [
    "authority", "school", "year", "period", "subject", "class", "subgroup", "assignment", "student",
    "staff", "guardian", "enrollment", "worktype", "lesson", "mark", "periodmark",
]  # fmt: skip
SESSION_TYPE = {"quarter": "term", "trimester": "term", "half": "semester", "year": "term"}
ROLE_OF_RELATION = {"mother": "parent", "father": "parent", "other": "guardian"}
SPECIAL_STATUS = {"осв": "exempt", "осв.": "exempt", "н/а": "not submitted"}
HOMEROOM_COURSE = "Классное руководство"
FINAL_CATEGORY = "Итоговая"
KIND_TITLE = {"period": "Отметка за период", "year": "Годовая отметка", "exam": "Экзаменационная отметка",
              "final": "Итоговая отметка"}  # fmt: skip


def final_category_id(school_sid: str) -> str:
    """Period, year, exam and final marks are line items of one category per school, «Итоговая»."""
    return f"{school_sid}.final"


def grades(n: int) -> str:
    return f"{n:02d}"


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def course_id(year_sid: str, grade: int, subject_sid: str | None) -> str:
    return f"{subject_sid or 'homeroom'}.g{grades(grade)}.{year_sid}"


# The export's steps, for a progress bar: the parts `build` reads, then one per file written.
BUILD_STEPS = ("orgs", "academicSessions", "courses", "users", "enrollments", "lineItems", "results")
Progress = Callable[[str, int, int], None]  # (what, done, total), as the backups report theirs


def _quiet(what: str, done: int, total: int) -> None:
    pass


def export_steps(*, zip_too: bool = False) -> int:
    return len(BUILD_STEPS) + len(csvfiles.COLUMNS) + 1 + int(zip_too)


def export_directory(
    directory: Path, *, school_id: int | None = None, zip_too: bool = False, progress: Progress = _quiet
) -> dict[str, int]:
    directory.mkdir(parents=True, exist_ok=True)
    total = export_steps(zip_too=zip_too)
    files = build(school_id=school_id, progress=lambda what, done: progress(what, done, total))
    done = len(BUILD_STEPS)
    counts = {}
    for name, rows in files.items():
        counts[name] = csvfiles.write(directory, name, rows)
        done += 1
        progress(f"{name}.csv", done, total)
    csvfiles.write_manifest(directory)
    progress("manifest.csv", done + 1, total)
    if zip_too:
        shutil.make_archive(str(directory), "zip", directory)
        progress("zip", total, total)
    return counts


def build(  # noqa: C901 — one mapping, file by file
    *, school_id: int | None = None, progress: Callable[[str, int], None] = lambda what, done: None
) -> dict[str, list[dict]]:
    step = iter(range(1, len(BUILD_STEPS) + 1))
    ids = Ids(KINDS)
    schools_qs = School.objects.all() if school_id is None else School.objects.filter(pk=school_id)
    schools = list(schools_qs.order_by("pk").values("pk", "name", "short_name", "address", "authority_id"))
    sids = [s["pk"] for s in schools]
    at = {"school_id__in": sids}
    school_sid = {s["pk"]: ids.of("school", s["pk"]) for s in schools}

    # --- orgs -------------------------------------------------------------------------------
    authorities = Authority.objects.filter(pk__in={s["authority_id"] for s in schools}).values(
        "pk", "name", "region_code"
    )
    orgs = [
        {"sourcedId": ids.of("authority", a["pk"]), "name": a["name"], "type": "district",
         "identifier": a["region_code"]}
        for a in authorities
    ] + [
        {"sourcedId": school_sid[s["pk"]], "name": s["name"], "type": "school",
         "parentSourcedId": ids.of("authority", s["authority_id"]), "metadata.zhurnal.shortName": s["short_name"],
         "metadata.zhurnal.address": s["address"]}
        for s in schools
    ]  # fmt: skip

    progress("orgs", next(step))

    # --- academic sessions ----------------------------------------------------------------------
    years = list(AcademicYear.objects.filter(**at).values("pk", "school_id", "name", "start", "end"))
    year_sid = {y["pk"]: ids.of("year", y["pk"]) for y in years}
    periods = list(
        StudyPeriod.objects.filter(**at).values(
            "pk", "school_id", "year_id", "kind", "number", "name", "start", "end", "grade_from", "grade_to"
        )
    )
    sessions = [
        {"sourcedId": year_sid[y["pk"]], "title": y["name"], "type": "schoolYear", "startDate": _date(y["start"]),
         "endDate": _date(y["end"]), "schoolYear": y["end"].year, "metadata.zhurnal.orgSourcedId": school_sid[y["school_id"]]}
        for y in years
    ] + [
        {"sourcedId": ids.of("period", p["pk"]), "title": p["name"], "type": SESSION_TYPE[p["kind"]],
         "startDate": _date(p["start"]), "endDate": _date(p["end"]), "parentSourcedId": year_sid[p["year_id"]],
         "schoolYear": next(y["end"].year for y in years if y["pk"] == p["year_id"]),
         "metadata.zhurnal.orgSourcedId": school_sid[p["school_id"]], "metadata.zhurnal.kind": p["kind"],
         "metadata.zhurnal.number": p["number"], "metadata.zhurnal.grades": f"{p['grade_from']}-{p['grade_to']}"}
        for p in periods
    ]  # fmt: skip
    periods_of_year = defaultdict(list)
    for p in periods:
        periods_of_year[p["year_id"]].append(p)

    def terms(year_id: int, grade: int) -> list[str]:
        return sorted(
            ids.of("period", p["pk"])
            for p in periods_of_year[year_id]
            if p["kind"] != "year" and p["grade_from"] <= grade <= p["grade_to"]
        )

    def grading_period(year_id: int, grade: int, day: dt.date) -> str:
        for p in sorted(periods_of_year[year_id], key=lambda p: (p["kind"] == "year", p["start"])):
            if p["grade_from"] <= grade <= p["grade_to"] and p["start"] <= day <= p["end"]:
                return ids.of("period", p["pk"])
        return year_sid[year_id]

    progress("academicSessions", next(step))

    # --- categories -----------------------------------------------------------------------------
    work_types = list(WorkType.objects.filter(**at).values("pk", "school_id", "name", "short_name", "weight"))
    categories = [
        {"sourcedId": ids.of("worktype", w["pk"]), "title": w["name"], "metadata.weight": w["weight"],
         "metadata.zhurnal.shortName": w["short_name"], "metadata.zhurnal.orgSourcedId": school_sid[w["school_id"]]}
        for w in work_types
    ] + [
        {"sourcedId": final_category_id(school_sid[s["pk"]]), "title": FINAL_CATEGORY, "metadata.weight": "",
         "metadata.zhurnal.orgSourcedId": school_sid[s["pk"]], "metadata.zhurnal.final": True}
        for s in schools
    ]  # fmt: skip

    # --- courses and classes ------------------------------------------------------------------
    subjects = {s["pk"]: s for s in Subject.objects.filter(**at).values("pk", "name", "short_name")}
    subject_sid = {pk: ids.of("subject", pk) for pk in subjects}
    classes_rows = list(
        ClassGroup.objects.filter(**at).values("pk", "school_id", "year_id", "grade", "letter")
    )
    class_by_pk = {c["pk"]: c for c in classes_rows}
    class_sid = {c["pk"]: ids.of("class", c["pk"]) for c in classes_rows}
    subgroups = {s["pk"]: s for s in Subgroup.objects.filter(**at).values("pk", "class_group_id", "name")}
    # A cross-class study group's journal (decision 0036) has no class to hang a OneRoster class
    # on: left out of the export until the format's mapping for it is decided.
    assignments = list(
        TeachingAssignment.objects.filter(**at, class_group__isnull=False).values(
            "pk", "school_id", "year_id", "class_group_id", "subgroup_id", "subject_id", "teacher_id"
        )
    )
    plans = {
        (p["year_id"], p["grade"], p["subject_id"]): p
        for p in CurriculumPlan.objects.filter(**at).values(
            "year_id", "grade", "subject_id", "hours_per_week", "grading_mode"
        )
    }
    year_school = {y["pk"]: y["school_id"] for y in years}
    course_keys = set(plans) | {
        (a["year_id"], class_by_pk[a["class_group_id"]]["grade"], a["subject_id"]) for a in assignments
    }
    course_keys |= {(c["year_id"], c["grade"], None) for c in classes_rows}
    courses = []
    for year_id, grade, subject_id in course_keys:
        plan = plans.get((year_id, grade, subject_id))
        subject = subjects.get(subject_id)
        title = f"{subject['name'] if subject else HOMEROOM_COURSE}, {grade}"
        courses.append(
            {"sourcedId": course_id(year_sid[year_id], grade, subject_sid.get(subject_id)),
             "schoolYearSourcedId": year_sid[year_id], "title": title,
             "courseCode": subject["short_name"] if subject else "", "grades": grades(grade),
             "orgSourcedId": school_sid[year_school[year_id]], "subjects": subject["name"] if subject else "",
             "metadata.zhurnal.subjectSourcedId": subject_sid.get(subject_id, ""),
             "metadata.zhurnal.hoursPerWeek": plan["hours_per_week"] if plan else "",
             "metadata.zhurnal.gradingMode": plan["grading_mode"] if plan else ""}
        )  # fmt: skip
    classes = [
        {"sourcedId": class_sid[c["pk"]], "title": f"{c['grade']}{c['letter']}", "grades": grades(c["grade"]),
         "courseSourcedId": course_id(year_sid[c["year_id"]], c["grade"], None), "classCode": f"{c['grade']}{c['letter']}",
         "classType": "homeroom", "schoolSourcedId": school_sid[c["school_id"]],
         "termSourcedIds": terms(c["year_id"], c["grade"]), "metadata.zhurnal.letter": c["letter"]}
        for c in classes_rows
    ]  # fmt: skip
    assignment_sid = {a["pk"]: ids.of("assignment", a["pk"]) for a in assignments}
    for a in assignments:
        c = class_by_pk[a["class_group_id"]]
        subgroup = subgroups.get(a["subgroup_id"])
        name = subjects[a["subject_id"]]["name"]
        title = f"{name}, {c['grade']}{c['letter']}" + (f" ({subgroup['name']})" if subgroup else "")
        classes.append(
            {"sourcedId": assignment_sid[a["pk"]], "title": title, "grades": grades(c["grade"]),
             "courseSourcedId": course_id(year_sid[a["year_id"]], c["grade"], subject_sid[a["subject_id"]]),
             "classCode": f"{c['grade']}{c['letter']}", "classType": "scheduled",
             "schoolSourcedId": school_sid[a["school_id"]], "termSourcedIds": terms(a["year_id"], c["grade"]),
             "subjects": name, "metadata.zhurnal.letter": c["letter"],
             "metadata.zhurnal.homeroomSourcedId": class_sid[c["pk"]],
             "metadata.zhurnal.subgroup": subgroup["name"] if subgroup else "",
             "metadata.zhurnal.subgroupSourcedId": ids.of("subgroup", subgroup["pk"]) if subgroup else ""}
        )  # fmt: skip

    progress("courses", next(step))

    # --- users --------------------------------------------------------------------------------
    students = list(
        Student.objects.filter(**at).values(
            "pk",
            "school_id",
            "last_name",
            "first_name",
            "middle_name",
            "snils",
            "birth_date",
            "sex",
            "user__username",
            "user__is_active",
        )
    )
    staff = list(
        Staff.objects.filter(**at).values(
            "pk",
            "school_id",
            "last_name",
            "first_name",
            "middle_name",
            "position",
            "email",
            "phone",
            "user__username",
            "user__is_active",
        )
    )
    guardians = list(
        Guardian.objects.filter(**at).values(
            "pk",
            "school_id",
            "last_name",
            "first_name",
            "middle_name",
            "email",
            "phone",
            "user__username",
            "user__is_active",
        )
    )
    links = list(
        StudentGuardian.objects.filter(**at).order_by("pk").values("student_id", "guardian_id", "relation")
    )
    enrollments = list(
        Enrollment.objects.filter(**at).values(
            "pk", "school_id", "student_id", "class_group_id", "start", "end"
        )
    )
    student_sid = {s["pk"]: ids.of("student", s["pk"]) for s in students}
    staff_sid = {s["pk"]: ids.of("staff", s["pk"]) for s in staff}
    guardian_sid = {g["pk"]: ids.of("guardian", g["pk"]) for g in guardians}
    current_grade = {}
    for e in sorted(enrollments, key=lambda e: e["start"]):
        current_grade[e["student_id"]] = class_by_pk[e["class_group_id"]]["grade"]
    agents = defaultdict(list)
    children = defaultdict(list)
    for link in links:
        agents[link["student_id"]].append(guardian_sid[link["guardian_id"]])
        children[link["guardian_id"]].append((student_sid[link["student_id"]], link["relation"]))

    def login(row, sid):
        return {"enabledUser": bool(row["user__username"]) and bool(row["user__is_active"]),
                "username": row["user__username"] or sid}  # fmt: skip

    users = [
        {"sourcedId": student_sid[s["pk"]], **login(s, student_sid[s["pk"]]), "orgSourcedIds": [school_sid[s["school_id"]]],
         "role": "student", "givenName": s["first_name"], "familyName": s["last_name"], "middleName": s["middle_name"],
         "identifier": s["snils"], "agentSourcedIds": sorted(agents[s["pk"]]),
         "grades": grades(current_grade[s["pk"]]) if s["pk"] in current_grade else ""}
        for s in students
    ] + [
        {"sourcedId": staff_sid[t["pk"]], **login(t, staff_sid[t["pk"]]), "orgSourcedIds": [school_sid[t["school_id"]]],
         "role": "teacher", "givenName": t["first_name"], "familyName": t["last_name"], "middleName": t["middle_name"],
         "email": t["email"], "phone": t["phone"], "metadata.zhurnal.position": t["position"]}
        for t in staff
    ]  # fmt: skip
    for g in guardians:
        kids = sorted(children[g["pk"]])
        relations = {relation for _, relation in kids}
        role = "parent" if relations & {"mother", "father"} else ("guardian" if relations else "relative")
        users.append(
            {"sourcedId": guardian_sid[g["pk"]], **login(g, guardian_sid[g["pk"]]),
             "orgSourcedIds": [school_sid[g["school_id"]]], "role": role, "givenName": g["first_name"],
             "familyName": g["last_name"], "middleName": g["middle_name"], "email": g["email"], "phone": g["phone"],
             "agentSourcedIds": [sid for sid, _ in kids], "metadata.zhurnal.relations": [r for _, r in kids]}
        )  # fmt: skip

    demographics = [
        {"sourcedId": student_sid[s["pk"]], "birthDate": _date(s["birth_date"]),
         "sex": {"m": "male", "f": "female"}.get(s["sex"], "")}
        for s in students
    ]  # fmt: skip

    progress("users", next(step))

    # --- enrollments --------------------------------------------------------------------------
    rows = [
        {"sourcedId": ids.of("enrollment", e["pk"]), "classSourcedId": class_sid[e["class_group_id"]],
         "schoolSourcedId": school_sid[e["school_id"]], "userSourcedId": student_sid[e["student_id"]], "role": "student",
         "primary": "", "beginDate": _date(e["start"]),
         "endDate": _date(e["end"] + dt.timedelta(days=1)) if e["end"] else ""}  # OneRoster's end is exclusive
        for e in enrollments
    ]  # fmt: skip
    staff_of_user = {
        u: pk for pk, u in Staff.objects.filter(**at, user__isnull=False).values_list("pk", "user_id")
    }
    for user_id, class_id in RoleGrant.objects.filter(
        **at, role=Role.CLASS_TEACHER, class_group__isnull=False
    ).values_list("user_id", "class_group_id"):
        if user_id in staff_of_user and class_id in class_sid:
            rows.append(
                {"sourcedId": f"{class_sid[class_id]}.ct.{staff_sid[staff_of_user[user_id]]}",
                 "classSourcedId": class_sid[class_id], "schoolSourcedId": school_sid[class_by_pk[class_id]["school_id"]],
                 "userSourcedId": staff_sid[staff_of_user[user_id]], "role": "teacher", "primary": True}
            )  # fmt: skip
    members = defaultdict(set)
    for subgroup_id, student_id in SubgroupMembership.objects.filter(**at).values_list(
        "subgroup_id", "student_id"
    ):
        members[subgroup_id].add(student_id)
    in_class = defaultdict(list)
    for e in enrollments:
        in_class[e["class_group_id"]].append(e)
    for a in assignments:
        sid = assignment_sid[a["pk"]]
        rows.append(
            {"sourcedId": f"{sid}.t", "classSourcedId": sid, "schoolSourcedId": school_sid[a["school_id"]],
             "userSourcedId": staff_sid[a["teacher_id"]], "role": "teacher", "primary": True}
        )  # fmt: skip
        for e in in_class[a["class_group_id"]]:
            if a["subgroup_id"] and e["student_id"] not in members[a["subgroup_id"]]:
                continue
            rows.append(
                {"sourcedId": f"{sid}.{student_sid[e['student_id']]}", "classSourcedId": sid,
                 "schoolSourcedId": school_sid[a["school_id"]], "userSourcedId": student_sid[e["student_id"]],
                 "role": "student", "primary": "", "beginDate": _date(e["start"]),
                 "endDate": _date(e["end"] + dt.timedelta(days=1)) if e["end"] else ""}
            )  # fmt: skip

    progress("enrollments", next(step))

    # --- the gradebook: a line item per lesson and work type, a result per mark --------------------
    lessons = {
        row["pk"]: row
        for row in Lesson.objects.filter(**at, marks__isnull=False)
        .distinct()
        .values("pk", "assignment_id", "date", "slot", "topic", "homework", "teacher_id")
    }
    assignment_by_pk = {a["pk"]: a for a in assignments}
    marks = list(
        Mark.objects.filter(**at).values(
            "pk",
            "lesson_id",
            "student_id",
            "value",
            "score",
            "score2",
            "work_type_id",
            "comment",
            "deferred_until",
        )
    )
    line_items: dict[str, dict] = {}
    results = []
    worktype_sid = {w["pk"]: ids.of("worktype", w["pk"]) for w in work_types}
    for lesson in lessons.values():  # what every mark of the lesson repeats, worked out once
        a = assignment_by_pk[lesson["assignment_id"]]
        lesson["sid"] = ids.of("lesson", lesson["pk"])
        lesson["iso"] = _date(lesson["date"])
        lesson["class_sid"] = assignment_sid[a["pk"]]
        lesson["period_sid"] = grading_period(
            a["year_id"], class_by_pk[a["class_group_id"]]["grade"], lesson["date"]
        )
    progress("lineItems", next(step))
    for m in marks:
        lesson = lessons[m["lesson_id"]]
        category = worktype_sid[m["work_type_id"]]
        item_sid = f"{lesson['sid']}.{category}"
        if item_sid not in line_items:
            line_items[item_sid] = {
                "sourcedId": item_sid, "title": lesson["topic"] or f"Урок {lesson['date']:%d.%m.%Y}",
                "description": lesson["homework"], "assignDate": lesson["iso"], "dueDate": lesson["iso"],
                "classSourcedId": lesson["class_sid"], "categorySourcedId": category,
                "gradingPeriodSourcedId": lesson["period_sid"],
                "resultValueMin": "1.0", "resultValueMax": "5.0", "metadata.zhurnal.lessonSourcedId": lesson["sid"],
                "metadata.zhurnal.topic": lesson["topic"], "metadata.zhurnal.slot": lesson["slot"] or "",
                "metadata.zhurnal.teacherSourcedId": staff_sid[lesson["teacher_id"]],
            }  # fmt: skip
        value = m["value"]
        results.append(
            {"sourcedId": ids.of("mark", m["pk"]), "lineItemSourcedId": item_sid,
             "studentSourcedId": student_sid[m["student_id"]],
             "scoreStatus": SPECIAL_STATUS.get(value.lower(), "fully graded"),
             "score": f"{m['score']}.0" if m["score"] is not None else "", "scoreDate": lesson["iso"],
             "comment": m["comment"], "metadata.zhurnal.value": value,
             "metadata.zhurnal.score2": m["score2"] if m["score2"] is not None else "",
             "metadata.zhurnal.deferredUntil": _date(m["deferred_until"]) if m["deferred_until"] else ""}
        )  # fmt: skip

    # --- period, year, exam and final marks: a line item per class, subject, period and kind -------
    # The class is the subject's class the pupil was in when the period (or year) ended: the
    # assignment of the subject in the pupil's class, its subgroup if the pupil is a member.
    by_class_subject = defaultdict(list)
    for a in assignments:
        by_class_subject[(a["class_group_id"], a["subject_id"])].append(a)
    enrollments_of = defaultdict(list)
    for e in enrollments:
        enrollments_of[e["student_id"]].append(e)
    period_by_pk = {p["pk"]: p for p in periods}
    year_by_pk = {y["pk"]: y for y in years}

    def class_of(student_id: int, subject_id: int, year_id: int, day: dt.date) -> str:
        """The scheduled class's id, or the homeroom's when the subject has no teacher there."""
        places = [
            e for e in enrollments_of[student_id] if class_by_pk[e["class_group_id"]]["year_id"] == year_id
        ]
        place = next((e for e in places if e["start"] <= day and (e["end"] is None or day <= e["end"])), None)
        place = place or max(places, key=lambda e: e["start"], default=None)
        if place is None:
            return ""
        for a in by_class_subject[(place["class_group_id"], subject_id)]:
            if not a["subgroup_id"] or student_id in members[a["subgroup_id"]]:
                return assignment_sid[a["pk"]]
        return class_sid[place["class_group_id"]]

    for pm in PeriodMark.objects.filter(**at).values(
        "pk",
        "school_id",
        "student_id",
        "subject_id",
        "year_id",
        "period_id",
        "kind",
        "value",
        "suggested",
        "reason",
    ):
        period = period_by_pk.get(pm["period_id"])
        year = year_by_pk[pm["year_id"]]
        session_sid = ids.of("period", period["pk"]) if period else year_sid[year["pk"]]
        day = period["end"] if period else year["end"]
        where = class_of(pm["student_id"], pm["subject_id"], pm["year_id"], day)
        if not where:
            continue  # a pupil with no class that year: no class to hang the mark on
        item_sid = f"{where}.{subject_sid[pm['subject_id']]}.{session_sid}.{pm['kind']}"
        if item_sid not in line_items:
            session_title = period["name"] if period else year["name"]
            line_items[item_sid] = {
                "sourcedId": item_sid, "title": f"{KIND_TITLE[pm['kind']]}: {session_title}",
                "assignDate": _date(day), "dueDate": _date(day), "classSourcedId": where,
                "categorySourcedId": final_category_id(school_sid[pm["school_id"]]),
                "gradingPeriodSourcedId": session_sid, "resultValueMin": "1.0", "resultValueMax": "5.0",
                "metadata.zhurnal.kind": pm["kind"], "metadata.zhurnal.subjectSourcedId": subject_sid[pm["subject_id"]],
            }  # fmt: skip
        value = pm["value"]
        number = value if value.isdigit() else ""
        results.append(
            {"sourcedId": ids.of("periodmark", pm["pk"]), "lineItemSourcedId": item_sid,
             "studentSourcedId": student_sid[pm["student_id"]],
             "scoreStatus": SPECIAL_STATUS.get(value.lower(), "fully graded"),
             "score": f"{number}.0" if number else "", "scoreDate": _date(day), "metadata.zhurnal.value": value,
             "metadata.zhurnal.suggested": pm["suggested"], "metadata.zhurnal.reason": pm["reason"]}
        )  # fmt: skip

    progress("results", next(step))
    return {
        "orgs": orgs,
        "academicSessions": sessions,
        "categories": categories,
        "courses": courses,
        "classes": classes,
        "users": users,
        "demographics": demographics,
        "enrollments": rows,
        "lineItems": list(line_items.values()),
        "results": results,
    }
