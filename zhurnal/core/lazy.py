"""The object behind a lazy proxy, for code that reads many of its attributes in one go."""

from django.utils.functional import LazyObject, empty


def unwrapped(value):
    """`value` itself, or what the `SimpleLazyObject` `value` stands for (built now if it was not).

    Every attribute read through Django's lazy proxy goes through its `__getattribute__` and a
    forwarding method: `request.actor` is one, and the navbar asks it some forty questions."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        return value._wrapped
    return value
