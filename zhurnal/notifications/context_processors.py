"""The bell in the navbar: the signed-in user's unread count, in one query, only when shown."""

from functools import cached_property

from zhurnal.notifications import selectors


class Bell:
    """Counted lazily: a page that never renders the navbar (htmx fragments) runs no query."""

    def __init__(self, actor):
        self._actor = actor

    @cached_property
    def unread(self) -> int:
        return selectors.unread_count(self._actor)

    @property
    def badge(self) -> str:
        return "99+" if self.unread > 99 else str(self.unread)


def bell(request):
    actor = getattr(request, "actor", None)
    user = getattr(request, "user", None)
    if actor is None or user is None or not user.is_authenticated:
        return {}
    return {"bell": Bell(actor)}
