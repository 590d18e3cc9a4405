"""Every write of materials, portfolios, class resources and school documents (STYLE.md 3)."""

from zhurnal.materials.services.materials import (
    material_attach,
    material_create,
    material_delete,
    material_detach,
    material_update,
)
from zhurnal.materials.services.portfolios import (
    portfolio_entry_delete,
    portfolio_entry_publish,
    portfolio_entry_unpublish,
    project_create,
    project_entry_add,
    pupil_entry_add,
    teacher_entry_add,
)
from zhurnal.materials.services.resources import (
    class_resource_add,
    class_resource_delete,
    school_document_add,
    school_document_delete,
)

__all__ = [
    "class_resource_add",
    "class_resource_delete",
    "school_document_add",
    "school_document_delete",
    "portfolio_entry_delete",
    "portfolio_entry_publish",
    "portfolio_entry_unpublish",
    "project_create",
    "project_entry_add",
    "pupil_entry_add",
    "teacher_entry_add",
    "material_attach",
    "material_create",
    "material_delete",
    "material_detach",
    "material_update",
]
