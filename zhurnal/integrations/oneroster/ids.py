"""Stable OneRoster `sourcedId`s (decision 0023).

A record's id is the one kept in `SourcedId` (an import stores every id it read), else
`zh-<database>-<kind>-<pk>`, where `<database>` is a random tag made once per database and kept
in `SourcedId` too: ids are stable across exports without writing one row per record, and records
made later in an imported database never take an imported record's id. Records that are not rows
of ours (a course is a subject in a grade; a pupil's place in a subject's class follows from the
class enrolment) get ids built from their parts' ids, so they are as stable as those.
"""

from __future__ import annotations

import uuid

from django.db import transaction

from zhurnal.integrations.models import SourcedId

DATABASE_KIND = "_database"


def database_tag() -> str:
    row = SourcedId.objects.filter(kind=DATABASE_KIND, local_id=0).first()
    if row is not None:
        return row.sourced_id.removeprefix("zh-db-")
    with transaction.atomic():
        row, _ = SourcedId.objects.get_or_create(
            kind=DATABASE_KIND, local_id=0, defaults={"sourced_id": f"zh-db-{uuid.uuid4().hex[:8]}"}
        )
    return row.sourced_id.removeprefix("zh-db-")


class Ids:
    """Every kept id of the kinds asked for, read once (one query per kind); the rest by rule."""

    def __init__(self, kinds: list[str]):
        self.tag = database_tag()
        self.kept: dict[str, dict[int, str]] = {kind: {} for kind in kinds}
        for kind, local_id, sourced_id in SourcedId.objects.filter(kind__in=kinds).values_list(
            "kind", "local_id", "sourced_id"
        ):
            self.kept[kind][local_id] = sourced_id

    def of(self, kind: str, pk: int) -> str:
        return self.kept[kind].get(pk) or f"zh-{self.tag}-{kind}-{pk}"


def keep(rows: list[tuple[str, int, str]]) -> None:
    """Store the ids an import read, for the records it made: (kind, local id, sourcedId)."""
    SourcedId.objects.bulk_create(
        [SourcedId(kind=kind, local_id=pk, sourced_id=sid) for kind, pk, sid in rows], batch_size=2000
    )
