"""Directory entries that a school deactivated instead of deleting (decision 0037).

A used subject, lesson type, work type, attendance code or bell schedule cannot be deleted: the
system administrator turns its `is_active` flag off. It is then no longer offered for new
entries, and a write that picks it is refused here, while everything entered with it before
keeps it (the entry already on the record, `kept_id`, passes)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhurnal.core.errors import InvalidInput


def refuse_inactive(entry, *, field: str, label: str, kept_id=None) -> None:
    """Refuse `entry` for a new entry when it is deactivated, naming the field in Russian."""
    if entry is None or getattr(entry, "is_active", True) or entry.pk == kept_id:
        return
    raise InvalidInput(
        _("«%(field)s»: «%(entry)s» отключено в справочнике школы, выберите другое значение.")
        % {"field": label, "entry": entry},
        field=field,
        code="inactive_entry",
    )
