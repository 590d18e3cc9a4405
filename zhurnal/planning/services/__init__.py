"""Every write to the plan: `plan_<verb>` / `plan_item_<verb>` (STYLE.md 3)."""

from zhurnal.planning.services.approval import plan_decide, plan_submit
from zhurnal.planning.services.imports import COLUMNS, ImportResult, copy_sources, plan_copy, plan_import
from zhurnal.planning.services.items import (
    plan_item_add,
    plan_item_delete,
    plan_item_merge,
    plan_item_move,
    plan_item_split,
    plan_item_update,
    plan_items_reorder,
)

__all__ = [
    "COLUMNS",
    "ImportResult",
    "copy_sources",
    "plan_copy",
    "plan_decide",
    "plan_import",
    "plan_item_add",
    "plan_item_delete",
    "plan_item_merge",
    "plan_item_move",
    "plan_item_split",
    "plan_item_update",
    "plan_items_reorder",
    "plan_submit",
]
