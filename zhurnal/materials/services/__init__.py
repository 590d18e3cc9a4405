"""Every write of materials, portfolios, class resources and school documents (STYLE.md 3)."""

from zhurnal.materials.services.materials import (
    material_attach,
    material_create,
    material_delete,
    material_detach,
    material_update,
)

__all__ = [
    "material_attach",
    "material_create",
    "material_delete",
    "material_detach",
    "material_update",
]
