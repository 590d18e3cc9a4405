"""The «Сообщения» item of the navigation bar, with the number of unread conversations.

The label is a string that equals «Сообщения»; the count is fetched only when the page renders
it (the `__html__` protocol of Django's templates), in one indexed query, so building the
navigation itself runs none and a JSON answer never pays for it.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext as _


class MessagesLabel(str):
    user_id: int
    _count: int | None

    def __new__(cls, user_id: int):
        label = super().__new__(cls, _("Сообщения"))
        label.user_id = user_id
        label._count = None
        return label

    @property
    def unread(self) -> int:
        if self._count is None:
            from zhurnal.messaging.selectors import unread_thread_count

            self._count = unread_thread_count(self.user_id)
        return self._count

    def __html__(self) -> str:
        if not self.unread:
            return format_html("{}", str.__str__(self))
        return format_html(
            '{} <span class="badge rounded-pill text-bg-light">{}<span class="visually-hidden"> {}</span></span>',
            str.__str__(self),
            self.unread,
            _("непрочитанных"),
        )


def messages_nav_item(actor) -> tuple[str, str] | None:
    from django.urls import reverse

    from zhurnal.policy.messaging import may_message

    if not may_message(actor):
        return None
    return MessagesLabel(actor.user.pk), reverse("messaging:inbox")
