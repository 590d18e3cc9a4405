"""Who teaches which class, and the weekly timetable that results (in memory, before any row).

Specialists are drawn from pools ("pe", "math", "native:0" for the Kabardian subgroups…) up to a
weekly load; a class whose lessons do not fit a shared teacher's week gets a teacher of its own,
and the whole timetable is tried again.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from zhurnal.demo.curriculum import CLASS_TEACHER, FOREIGN, SUBJECTS, plan, pool_for
from zhurnal.demo.timetable import Cell, Unit, Unplaceable, schedule

MAX_LOAD = 24  # hours a week a specialist may carry
FOREIGN_SPLIT_OVER = 20  # pupils in a class above which the foreign language is taught in two groups


@dataclass(frozen=True)
class ClassPlan:
    name: str
    grade: int
    size: int


@dataclass(frozen=True)
class Part:
    """One assignment: a subject taught by a teacher to a class or one of its subgroups."""

    class_name: str
    subject: str
    subgroup: tuple[str, int] | None  # (NATIVE or FOREIGN, group index)
    teacher: tuple  # a teacher key: ("class", "2А") or (pool, n)


@dataclass
class Staffing:
    parts: dict[Part, list[Cell]]
    teachers: list[tuple]  # every teacher key, in order of first appearance


def _split_of(subject: str, size: int) -> str:
    split = SUBJECTS[subject].split
    if split == FOREIGN and size <= FOREIGN_SPLIT_OVER:
        return ""
    return split


def _units(classes: list[ClassPlan], own: set) -> list[Unit]:
    need: dict[tuple[str, str], int] = defaultdict(int)
    for c in classes:
        for line in plan(c.grade):
            pool = pool_for(c.grade, line.subject)
            groups = 2 if _split_of(line.subject, c.size) else 1
            for g in range(groups):
                need[c.name, f"{pool}:{g}"] += line.hours

    pools: dict[str, list[list]] = defaultdict(list)
    chosen: dict[tuple[str, str], tuple] = {}

    def teacher(class_name: str, pool_key: str) -> tuple:
        if (class_name, pool_key) in chosen:
            return chosen[class_name, pool_key]
        hours = need[class_name, pool_key]
        staff = pools[pool_key]
        if (class_name, pool_key) in own or not staff or staff[-1][1] + hours > MAX_LOAD:
            staff.append([(pool_key, len(staff)), 0])
        staff[-1][1] += hours
        chosen[class_name, pool_key] = staff[-1][0]
        return staff[-1][0]

    units = []
    for c in classes:
        for line in plan(c.grade):
            pool = pool_for(c.grade, line.subject)
            split = _split_of(line.subject, c.size)
            if pool == CLASS_TEACHER:
                parts = (Part(c.name, line.subject, None, ("class", c.name)),)
            elif split:
                parts = tuple(
                    Part(c.name, line.subject, (split, g), teacher(c.name, f"{pool}:{g}")) for g in (0, 1)
                )
            else:
                parts = (Part(c.name, line.subject, None, teacher(c.name, f"{pool}:0")),)
            teachers = tuple(p.teacher for p in parts)
            units += [Unit(c.name, line.subject, teachers, parts) for _ in range(line.hours)]
    return units


def staff_school(rng: random.Random, classes: list[ClassPlan], attempts: int = 80) -> Staffing:
    own: set[tuple[str, str]] = set()
    for _ in range(attempts):
        units = _units(classes, own)
        try:
            placed = schedule(rng, units)
        except Unplaceable as failure:
            for part in failure.unit.parts:
                if part.teacher[0] != "class":
                    own.add((part.class_name, part.teacher[0]))
            continue
        parts: dict[Part, list[Cell]] = defaultdict(list)
        teachers: dict[tuple, None] = {}
        for c in classes:
            if c.grade <= 4:
                teachers[("class", c.name)] = None
        for class_cells in placed.values():
            for cell, unit in sorted(class_cells.items()):
                for part in unit.parts:
                    parts[part].append(cell)
                    teachers[part.teacher] = None
        return Staffing(parts=dict(parts), teachers=list(teachers))
    raise RuntimeError("Could not build a timetable without clashes")
