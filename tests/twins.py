"""Comparing a model instance read by hand-written SQL (core.rawsql) with its ORM twin."""


def columns(instance) -> list[tuple] | None:
    """Every concrete column's attname with its value's type and exact repr, so that 4.5 and
    Decimal("4.50"), or a naive and an aware datetime, differ; None for no instance."""
    if instance is None:
        return None
    return [
        (field.attname, type(value), repr(value))
        for field in instance._meta.concrete_fields
        for value in [getattr(instance, field.attname)]
    ]
