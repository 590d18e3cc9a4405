"""The registry behind `visible_to`: the policy layer registers one rule per model.

A model without a registered rule refuses to be listed for an actor, so a forgotten rule
fails loudly instead of leaking every row.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

ScopeRule = Callable[[QuerySet, Any], QuerySet]
_rules: dict[type, ScopeRule] = {}


def register(model: type, rule: ScopeRule) -> None:
    _rules[model] = rule


def apply(queryset: QuerySet, actor: Any) -> QuerySet:
    rule = _rules.get(queryset.model)
    if rule is None:
        raise ImproperlyConfigured(f"No visibility rule is registered for {queryset.model.__name__}")
    return rule(queryset, actor)
