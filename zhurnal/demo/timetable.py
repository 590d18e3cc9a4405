"""A weekly timetable for a whole school, in memory: no teacher is ever in two places at once.

A class's week is a set of cells (weekday, slot) filled from the first lesson without gaps; every
unit (one weekly hour of a subject: one or several parallel parts, e.g. two language subgroups)
takes one cell. Units of the busiest teachers go first, each to the cell where its teachers are
free and the class does not have that subject yet that day; when none is left, one placed lesson
of the class is moved to make room. A unit that still does not fit is reported, and the caller
gives that class another teacher and tries again.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

Cell = tuple[int, int]  # (weekday 1–5, slot number)


@dataclass
class Unit:
    class_key: Hashable
    subject: str
    teachers: tuple[Hashable, ...]
    parts: tuple = field(default=())  # whatever the caller needs back (its assignments)


class Unplaceable(Exception):
    def __init__(self, unit: Unit):
        super().__init__(f"{unit.subject} in {unit.class_key} does not fit")
        self.unit = unit


def day_counts(rng: random.Random, hours: int, days: int = 5) -> list[int]:
    base, extra = divmod(hours, days)
    longer = set(rng.sample(range(days), extra))
    return [base + (1 if d in longer else 0) for d in range(days)]


def schedule(rng: random.Random, units: list[Unit]) -> dict[Hashable, dict[Cell, Unit]]:
    """Place every unit; returns {class_key: {cell: unit}} or raises Unplaceable."""
    by_class: dict[Hashable, list[Unit]] = defaultdict(list)
    for unit in units:
        by_class[unit.class_key].append(unit)
    free: dict[Hashable, set[Cell]] = {}
    for key, class_units in by_class.items():
        counts = day_counts(rng, len(class_units))
        free[key] = {(d + 1, s + 1) for d, n in enumerate(counts) for s in range(n)}

    load = Counter(t for unit in units for t in unit.teachers)
    order = sorted(units, key=lambda u: (-max(load[t] for t in u.teachers), -len(u.teachers), rng.random()))
    busy: dict[Hashable, set[Cell]] = defaultdict(set)
    day_load: Counter = Counter()
    placed: dict[Hashable, dict[Cell, Unit]] = defaultdict(dict)

    def fits(unit: Unit, cell: Cell, ignore: Unit | None = None) -> bool:
        for t in unit.teachers:
            if cell in busy[t] and not (ignore is not None and t in ignore.teachers):
                return False
        return True

    def put(unit: Unit, cell: Cell) -> None:
        free[unit.class_key].discard(cell)
        placed[unit.class_key][cell] = unit
        for t in unit.teachers:
            busy[t].add(cell)
            day_load[t, cell[0]] += 1

    def take(unit: Unit, cell: Cell) -> None:
        free[unit.class_key].add(cell)
        del placed[unit.class_key][cell]
        for t in unit.teachers:
            busy[t].discard(cell)
            day_load[t, cell[0]] -= 1

    for unit in order:
        key = unit.class_key
        same_day = {c[0] for c, u in placed[key].items() if u.subject == unit.subject}
        candidates = [c for c in free[key] if fits(unit, c)]
        if candidates:
            cell = min(
                candidates,
                key=lambda c: (
                    c[0] in same_day,
                    sum(day_load[t, c[0]] for t in unit.teachers),
                    rng.random(),
                ),
            )
            put(unit, cell)
            continue
        # Make room: move a placed lesson of this class to a free cell.
        for cell, other in sorted(placed[key].items()):
            if not fits(unit, cell, ignore=other):
                continue
            target = next((e for e in sorted(free[key]) if fits(other, e)), None)
            if target is None:
                continue
            take(other, cell)
            put(other, target)
            put(unit, cell)
            break
        else:
            raise Unplaceable(unit)
    return placed
