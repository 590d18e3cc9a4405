"""People of a generated school: staff with their posts, families of pupils and guardians, subgroups.

Logins are made for everyone with one shared unusable password hash; role grants follow the posts
(teachers, class teachers, the administration), pupils and guardians.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.demo import names
from zhurnal.demo.calendar import YearCalendar
from zhurnal.demo.curriculum import NATIVE_GROUPS, POSITIONS
from zhurnal.demo.staffing import ClassPlan, Staffing
from zhurnal.people.models import (
    Enrollment,
    Guardian,
    Staff,
    Student,
    StudentGuardian,
    Subgroup,
    SubgroupMembership,
)

if TYPE_CHECKING:
    from zhurnal.demo.builder import SchoolSpec

FOREIGN_GROUPS = ("Английский язык, гр. 1", "Английский язык, гр. 2")
ADMINISTRATION = [
    ("director", Role.DIRECTOR, "Директор"),
    ("deputy", Role.DEPUTY, "Заместитель директора по УВР"),
    ("secretary", Role.SECRETARY, "Секретарь учебной части"),
    ("sysadmin", Role.SYSADMIN, "Инженер-программист (системный администратор)"),
]


def user_row(username: str, person: names.PersonName, password: str) -> User:
    return User(
        username=username,
        password=password,
        last_name=person.last_name,
        first_name=person.first_name,
        middle_name=person.middle_name,
    )


def make_staff(w, rng, school, staffing: Staffing, class_plans, classes, password, prefix):
    """The administration and every teacher of the timetable, with logins and role grants."""
    keys = [k for k, _, _ in ADMINISTRATION] + staffing.teachers
    people = {}
    for key in keys:
        pool = key[0] if isinstance(key, tuple) else ""
        male = pool.startswith(("pe", "tech", "informatics")) or key == "sysadmin"
        sex = "m" if rng.random() < (0.7 if male else 0.12) else "f"
        eth = "kab" if pool == "native:0" else "balk" if pool == "native:1" else names.ethnicity(rng)
        people[key] = names.adult(rng, eth, sex)
    users = w.bulk(User, [user_row(f"{prefix}t{i:03d}", people[k], password) for i, k in enumerate(keys, 1)])
    positions = {k: p for k, _, p in ADMINISTRATION}
    staff = {}
    for key, user in zip(keys, users, strict=True):
        if isinstance(key, tuple):
            pool = key[0] if key[0].startswith("native") else key[0].split(":")[0]
            position = POSITIONS["class" if key[0] == "class" else pool]
        else:
            position = positions[key]
        p = people[key]
        staff[key] = Staff(
            school=school,
            user=user,
            last_name=p.last_name,
            first_name=p.first_name,
            middle_name=p.middle_name,
            position=position,
            phone=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
        )
    w.bulk(Staff, list(staff.values()))

    # Class teachers: primary classes have their own; from grade 5 a teacher of the class leads it.
    class_teachers: dict[str, Staff] = {}
    taken: set = set()
    for c in class_plans:
        if c.grade <= 4:
            key = ("class", c.name)
        else:
            own = sorted({p.teacher for p in staffing.parts if p.class_name == c.name} - taken)
            key = own[0] if own else None
        if key is not None:
            taken.add(key)
            class_teachers[c.name] = staff[key]

    grants = [RoleGrant(user=staff[k].user, role=role, school=school) for k, role, _ in ADMINISTRATION]
    grants += [RoleGrant(user=staff[k].user, role=Role.TEACHER, school=school) for k in staffing.teachers]
    grants += [
        RoleGrant(user=s.user, role=Role.CLASS_TEACHER, school=school, class_group=classes[name])
        for name, s in class_teachers.items()
    ]
    w.bulk(RoleGrant, grants)
    return staff, class_teachers


@dataclass
class People:
    rosters: dict[str, list[tuple[int, dt.date, dt.date | None]]]  # class → (student id, start, end)
    native: dict[int, int]  # student id → native-language group
    members: dict[tuple[str, str, int], set[int]] = field(default_factory=dict)
    tiers: dict[int, int] = field(default_factory=dict)
    forced: list = field(default_factory=list)


def plan_families(
    rng, spec: SchoolSpec, class_plans: list[ClassPlan]
) -> list[tuple[names.Family, list[str]]]:
    slots = [c.name for c in class_plans for _ in range(c.size)]
    families = []
    for a, b in spec.sibling_pairs:
        slots.remove(a)
        slots.remove(b)
        families.append((names.family(rng, names.KABARDIAN), [a, b]))
    rng.shuffle(slots)
    while slots:
        first = slots.pop()
        kids = [first]
        if rng.random() < 0.1:
            j = next(
                (j for j in range(len(slots) - 1, max(-1, len(slots) - 6), -1) if slots[j] != first), None
            )
            if j is not None:
                kids.append(slots.pop(j))
        families.append((names.family(rng, names.ethnicity(rng)), kids))
    return families


def make_students(
    w, rng, spec, school, cal: YearCalendar, today, class_plans, classes, password, prefix
) -> People:
    families = plan_families(rng, spec, class_plans)
    grade_of = {c.name: c.grade for c in class_plans}
    students: list[tuple[names.PersonName, int, str, names.Family]] = []
    for index, (fam, kids) in enumerate(families):
        for class_name in kids:
            students.append((fam.child(rng, rng.choice("mf")), index, class_name, fam))
    students.sort(key=lambda s: (grade_of[s[2]], s[2], s[0].last_name, s[0].first_name))

    users = w.bulk(User, [user_row(f"{prefix}u{i:04d}", s[0], password) for i, s in enumerate(students, 1)])
    rows = []
    for (person, _, class_name, _), user in zip(students, users, strict=True):
        born = dt.date(cal.start_year - 6 - grade_of[class_name], 9, 1) + dt.timedelta(
            days=rng.randint(0, 364)
        )
        rows.append(
            Student(
                school=school,
                user=user,
                last_name=person.last_name,
                first_name=person.first_name,
                middle_name=person.middle_name,
                sex=person.sex,
                birth_date=born,
                snils=_snils(rng),
                address=f"{spec.address.split(',')[0] or 'ст. Александровская'}, ул. {rng.choice(_STREETS)}, "
                f"д. {rng.randint(1, 120)}",
            )
        )
    w.bulk(Student, rows)

    forced_index = set(range(len(spec.sibling_pairs)))
    enrollments, rosters, native = [], defaultdict(list), {}
    days = {g: cal.school_days(g, today) for g in set(grade_of.values())}
    for (_, fam_index, class_name, fam), student in zip(students, rows, strict=True):
        start, end = cal.start, None
        school_days = [d for d in days[grade_of[class_name]] if d > cal.start + dt.timedelta(days=20)]
        roll = rng.random()
        if fam_index not in forced_index and len(school_days) > 10:
            if roll < 0.03:
                start = rng.choice(school_days[: len(school_days) * 2 // 3])
            elif roll < 0.05:
                end = rng.choice(school_days[:-5])
        enrollments.append(
            Enrollment(school=school, student=student, class_group=classes[class_name], start=start, end=end)
        )
        rosters[class_name].append((student.pk, start, end))
        native[student.pk] = {"kab": 0, "balk": 1}.get(fam.ethnicity, -1)
    w.bulk(Enrollment, enrollments)

    guardians, links, guardian_of_family = [], [], {}
    for index, (fam, _) in enumerate(families):
        present = [("mother", fam.mother_name())] if rng.random() < 0.95 else []
        if not present or rng.random() < 0.55:
            present.append(("father", fam.father_name(rng)))
        for relation, person in present:
            guardians.append((index, relation, person))
    g_users = w.bulk(
        User, [user_row(f"{prefix}p{i:04d}", g[2], password) for i, g in enumerate(guardians, 1)]
    )
    g_rows = w.bulk(
        Guardian,
        [
            Guardian(
                school=school,
                user=u,
                last_name=p.last_name,
                first_name=p.first_name,
                middle_name=p.middle_name,
                phone=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
            )
            for (_, _, p), u in zip(guardians, g_users, strict=True)
        ],
    )
    children = defaultdict(list)
    for (_, fam_index, _, _), student in zip(students, rows, strict=True):
        children[fam_index].append(student)
    for (fam_index, relation, _), guardian in zip(guardians, g_rows, strict=True):
        guardian_of_family.setdefault(fam_index, guardian)
        links += [
            StudentGuardian(school=school, student=s, guardian=guardian, relation=relation)
            for s in children[fam_index]
        ]
    w.bulk(StudentGuardian, links)

    grants = [RoleGrant(user_id=s.user_id, role=Role.STUDENT, school=school) for s in rows]
    grants += [RoleGrant(user_id=g.user_id, role=Role.PARENT, school=school) for g in g_rows]
    w.bulk(RoleGrant, grants)

    people = People(rosters=dict(rosters), native=native)
    people.tiers = {s.pk: rng.choices((0, 1, 2, 3), weights=(15, 35, 35, 15))[0] for s in rows}
    for i in sorted(forced_index):
        people.forced.append((guardian_of_family[i], children[i]))
    return people


def make_subgroups(w, school, class_plans, classes, people: People, staffing: Staffing) -> dict:
    """Native-language subgroups for every class; foreign-language groups where the class is split."""
    split = {(p.class_name, p.subgroup[0]) for p in staffing.parts if p.subgroup}
    subgroups, memberships = {}, []
    for c in class_plans:
        for kind, labels in (("native", NATIVE_GROUPS), ("foreign", FOREIGN_GROUPS)):
            if (c.name, kind) not in split:
                continue
            for g, label in enumerate(labels):
                subgroups[c.name, kind, g] = Subgroup(school=school, class_group=classes[c.name], name=label)
    w.bulk(Subgroup, list(subgroups.values()))
    for c in class_plans:
        ids = [sid for sid, _, _ in people.rosters.get(c.name, [])]
        if (c.name, "native") in split:
            groups: list[list[int]] = [[], []]
            for sid in ids:
                if people.native[sid] >= 0:
                    groups[people.native[sid]].append(sid)
            for sid in ids:
                if people.native[sid] < 0:
                    min(groups, key=len).append(sid)
            for g in (0, 1):
                people.members[c.name, "native", g] = set(groups[g])
        if (c.name, "foreign") in split:
            half = (len(ids) + 1) // 2
            people.members[c.name, "foreign", 0] = set(ids[:half])
            people.members[c.name, "foreign", 1] = set(ids[half:])
    for (class_name, kind, g), members in people.members.items():
        subgroup = subgroups[class_name, kind, g]
        memberships += [
            SubgroupMembership(school=school, subgroup=subgroup, student_id=sid) for sid in sorted(members)
        ]
    w.bulk(SubgroupMembership, memberships)
    return subgroups


_STREETS = ["Ленина", "Октябрьская", "Гагарина", "Школьная", "Садовая", "Мира", "Кабардинская", "Горная"]


def _snils(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(9)]
    total = sum(d * (9 - i) for i, d in enumerate(digits))
    check = total % 101
    check = 0 if check == 100 else check
    s = "".join(map(str, digits))
    return f"{s[:3]}-{s[3:6]}-{s[6:]} {check:02d}"
