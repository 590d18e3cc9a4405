"""Spreadsheet imports (issue 11 item 1): one module per kind on the shared pipeline in `base`.

`KINDS` maps the kind's name (the command's subcommand, the page's choice) to its importer.
The writes go through services.imports (policy, one transaction, audit).
"""

from zhurnal.integrations.imports.base import Importer
from zhurnal.integrations.imports.students import StudentsImport

KINDS: dict[str, type[Importer]] = {importer.kind: importer for importer in (StudentsImport,)}
