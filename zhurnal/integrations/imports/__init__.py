"""Spreadsheet imports (issue 11 item 1): one module per kind on the shared pipeline in `base`.

`KINDS` maps the kind's name (the command's subcommand, the page's choice) to its importer, in
the order a school loads them. The writes go through services.imports (policy, one transaction,
audit).
"""

from zhurnal.integrations.imports.base import Importer
from zhurnal.integrations.imports.classes import ClassesImport
from zhurnal.integrations.imports.guardians import GuardiansImport
from zhurnal.integrations.imports.staff import StaffImport
from zhurnal.integrations.imports.students import StudentsImport
from zhurnal.integrations.imports.subgroups import SubgroupsImport
from zhurnal.integrations.imports.timetable import TimetableImport

KINDS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (
        StaffImport,
        ClassesImport,
        StudentsImport,
        GuardiansImport,
        SubgroupsImport,
        TimetableImport,
    )
}
