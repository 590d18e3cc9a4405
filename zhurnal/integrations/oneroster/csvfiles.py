"""The OneRoster 1.1 CSV files: their names, their columns in the fixed order (ONEROSTER.md §3),
our extension columns after them (`metadata.*`, as the binding allows), and writing and reading
them (write strictly: UTF-8 without BOM, RFC 4180; read leniently: a BOM, any header case)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

COMMON = ["sourcedId", "status", "dateLastModified"]

COLUMNS: dict[str, list[str]] = {
    "orgs": [*COMMON, "name", "type", "identifier", "parentSourcedId", "metadata.zhurnal.shortName",
             "metadata.zhurnal.address"],
    "academicSessions": [*COMMON, "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear",
                         "metadata.zhurnal.orgSourcedId", "metadata.zhurnal.kind", "metadata.zhurnal.number",
                         "metadata.zhurnal.grades"],
    "categories": [*COMMON, "title", "metadata.weight", "metadata.zhurnal.shortName",
                   "metadata.zhurnal.orgSourcedId", "metadata.zhurnal.final"],
    "courses": [*COMMON, "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId", "subjects",
                "subjectCodes", "metadata.zhurnal.subjectSourcedId", "metadata.zhurnal.hoursPerWeek",
                "metadata.zhurnal.gradingMode"],
    "classes": [*COMMON, "title", "grades", "courseSourcedId", "classCode", "classType", "location",
                "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods",
                "metadata.zhurnal.letter", "metadata.zhurnal.homeroomSourcedId", "metadata.zhurnal.subgroup",
                "metadata.zhurnal.subgroupSourcedId"],
    "users": [*COMMON, "enabledUser", "orgSourcedIds", "role", "username", "userIds", "givenName", "familyName",
              "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password",
              "metadata.zhurnal.position", "metadata.zhurnal.relations"],
    "enrollments": [*COMMON, "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary",
                    "beginDate", "endDate"],
    "demographics": [*COMMON, "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
                     "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white",
                     "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
                     "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus"],
    "lineItems": [*COMMON, "title", "description", "assignDate", "dueDate", "classSourcedId",
                  "categorySourcedId", "gradingPeriodSourcedId", "resultValueMin", "resultValueMax",
                  "metadata.zhurnal.lessonSourcedId", "metadata.zhurnal.topic", "metadata.zhurnal.slot",
                  "metadata.zhurnal.teacherSourcedId", "metadata.zhurnal.kind", "metadata.zhurnal.subjectSourcedId"],
    "results": [*COMMON, "lineItemSourcedId", "studentSourcedId", "scoreStatus", "score", "scoreDate", "comment",
                "metadata.zhurnal.value", "metadata.zhurnal.score2", "metadata.zhurnal.deferredUntil",
                "metadata.zhurnal.suggested", "metadata.zhurnal.reason"],
}  # fmt: skip

# Sent in every package, each `bulk`; the others `absent` (ONEROSTER.md §4.5: the same set each time).
ABSENT = ["classResources", "courseResources", "resources"]
MANIFEST = [
    ("manifest.version", "1.0"),
    ("oneroster.version", "1.1"),
    *sorted((f"file.{name}", "bulk") for name in COLUMNS),
    *((f"file.{name}", "absent") for name in ABSENT),
    ("source.systemName", "Zhurnal"),
    ("source.systemCode", "zhurnal"),
]


def write(directory: Path, name: str, rows: list[dict]) -> int:
    """One file, its rows sorted by sourcedId (the order that survives a round trip)."""
    columns = COLUMNS[name]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    rows = sorted(rows, key=lambda r: r["sourcedId"])
    writer.writerows([_cell(row.get(c, "")) for c in columns] for row in rows)
    (directory / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8", newline="")
    return len(rows)


def write_manifest(directory: Path) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["propertyName", "value"])
    writer.writerows(MANIFEST)
    (directory / "manifest.csv").write_text(out.getvalue(), encoding="utf-8", newline="")


def _cell(value) -> str:
    kind = type(value)
    if kind is str:
        # No line breaks in fields (ONEROSTER.md §4.3); the check is cheaper than the replace.
        return value.replace("\r", " ").replace("\n", " ") if "\n" in value or "\r" in value else value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is list or kind is tuple:
        return ",".join(str(v) for v in value)
    return _cell(str(value))


class OneRosterError(Exception):
    """A package that cannot be read: the message (Russian) names the file, line and column."""


def read(directory: Path, name: str) -> list[dict]:
    path = directory / f"{name}.csv"
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return []
    header = rows[0]
    known = {c.lower(): c for c in COLUMNS[name]}
    names = [known.get(h.strip().lower(), h.strip()) for h in header]
    if "sourcedId" not in names:
        raise OneRosterError(f"{name}.csv, строка 1: нет столбца sourcedId")
    result = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(cells):
            continue
        if len(cells) != len(names):
            raise OneRosterError(f"{name}.csv, строка {line}: {len(cells)} значений, а столбцов {len(names)}")
        row = dict(zip(names, cells, strict=True))
        row["_line"] = line
        result.append(row)
    return result


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []
