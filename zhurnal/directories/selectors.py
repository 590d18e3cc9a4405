"""Reads for the school's card and directory pages, each in a fixed number of queries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from zhurnal.accounts.models import Role, RoleGrant
from zhurnal.directories.specs import DIRECTORIES, PARENTS, Directory
from zhurnal.people.models import Staff


def directors(school) -> list:
    """The school's directors: the people granted the role, by their staff card's name."""
    user_ids = RoleGrant.objects.filter(school=school, role=Role.DIRECTOR).values("user_id")
    return list(Staff.objects.filter(school=school, user_id__in=user_ids).order_by("last_name", "first_name"))


def _choices(directory: Directory, school) -> dict[str, list[tuple[str, str]]]:
    out = {}
    for name in directory.fields:
        f = directory.field(name)
        if isinstance(f, models.ForeignKey):
            rows = f.related_model.objects.filter(school=school).order_by(
                *PARENTS.get(f.related_model, ("pk",))
            )
            # A deactivated row stays listed (a row already pointing at it keeps it), marked.
            out[name] = [
                (str(r.pk), str(r) if getattr(r, "is_active", True) else f"{r} ({_('отключено')})")
                for r in rows
            ]
        elif f.choices:
            out[name] = [(str(v), str(label)) for v, label in f.choices]
    return out


def _display(entry, directory: Directory, names: dict[str, dict[str, str]]) -> list[str]:
    cells = []
    for name in directory.fields:
        f = directory.field(name)
        value = getattr(entry, f.attname)
        if name in names:
            cells.append(names[name].get(str(value), "—"))
        elif isinstance(f, models.BooleanField):
            cells.append("✓" if value else "")
        elif isinstance(f, models.DateField) and value:
            cells.append(f"{value:%d.%m.%Y}")
        elif isinstance(f, models.TimeField) and value:
            cells.append(f"{value:%H:%M}")
        else:
            cells.append("" if value is None else str(value))
    return cells


def _form_value(entry, directory: Directory, name: str) -> str:
    value = getattr(entry, directory.field(name).attname)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if hasattr(value, "isoformat"):
        return (
            value.isoformat()[:5]
            if isinstance(directory.field(name), models.TimeField)
            else value.isoformat()
        )
    return str(value)


def directory_page(actor, directory: Directory, school, editing_id=None, posted: dict | None = None) -> dict:
    """The directory's rows and its form: empty for a new entry, the entry being edited, or what
    was posted when it was refused."""
    choices = _choices(directory, school)
    names = {name: dict(pairs) for name, pairs in choices.items()}
    # A row names itself by what it points at (a curriculum line by its subject): joined once.
    pointers = [n for n in directory.fields if isinstance(directory.field(n), models.ForeignKey)]
    entries = list(
        directory.model.objects.visible_to(actor)
        .filter(school=school)
        .select_related(*pointers)
        .order_by(*directory.order_by, "pk")
    )
    editing = next((e for e in entries if str(e.pk) == str(editing_id)), None) if editing_id else None
    if posted is not None:
        initial = {name: posted.get(name, "") for name in directory.fields}
    elif editing is not None:
        initial = {name: _form_value(editing, directory, name) for name in directory.fields}
    else:
        initial = {}
    fields = [
        {
            "name": name,
            "label": directory.label(name),
            "kind": directory.kind(name),
            "choices": choices.get(name, []),
            "required": not directory.field(name).blank,
            "value": initial.get(name, ""),
        }
        for name in directory.fields
    ]
    return {
        "directory": directory,
        "directories": list(DIRECTORIES.values()),
        "school": school,
        "fields": fields,
        "rows": [(e, _display(e, directory, names)) for e in entries],
        "editing": editing,
        "initial": {name: _form_value(editing, directory, name) for name in directory.fields}
        if editing
        else {},
    }
