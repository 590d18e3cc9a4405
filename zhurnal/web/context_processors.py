"""The navigation bar, computed from what the actor may do (policy predicates, never role strings).

It reads only what the actor already holds (role grants with their school, class and authority,
loaded once per request), so it adds no query to any page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from zhurnal.messaging.nav import messages_nav_item
from zhurnal.policy import rules


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool = False


def navigation(request):
    actor = getattr(request, "actor", None)
    user = getattr(request, "user", None)
    if actor is None or user is None or not user.is_authenticated:
        return {}
    items = _items(actor)
    current = request.path
    active_url = next((url for _label, url in items if url.split("#")[0] == current), None)
    nav = [NavItem(label=label, url=url, active=url == active_url) for label, url in items]
    return {"nav_items": nav, "nav_place": _place(actor)}


@functools.cache
def _url(name: str) -> str:
    """The navbar's fixed addresses, reversed once per process (the URLconf does not change)."""
    return reverse(name)


def _items(actor) -> list[tuple[str, str]]:
    home = _url("web:home")
    items: list[tuple[str, str]] = []
    if rules.may_teach(actor):
        items.append((_("Мои уроки"), f"{home}#today"))
        items.append((_("Мои журналы"), _url("web:assignments")))
        items.append((_("Что не заполнено"), _url("journal:day")))
    if rules.may_lead_class(actor):
        led = sorted(
            (g.class_group for g in actor.grants if g.class_group_id in actor.led_class_ids),
            key=lambda c: (c.grade, c.letter),
        )
        for class_group in led:
            label = _("Мой класс") if len(led) == 1 else _("Мой класс %(name)s") % {"name": class_group}
            items.append((label, reverse("web:class_detail", args=[class_group.pk])))
    if rules.may_follow_children(actor):
        items.append((_("Мои дети"), _url("diary:index")))
    if rules.may_read_own_diary(actor):
        items.append((_("Мой дневник"), _url("diary:index")))
    if (messages_item := messages_nav_item(actor)) is not None:
        items.append(messages_item)
    if rules.may_see_school_overview(actor):
        items.append((_("Школа"), _url("web:school")))
        items.append((_("Классы"), _url("web:class_list")))
    if rules.may_keep_periods(actor):
        items.append((_("Периоды"), _url("journal:periods")))
    if rules.may_see_authority_overview(actor):
        items.append((_("Школы"), f"{home}#schools"))
    if rules.may_use_admin_site(actor):
        items.append((_("Администрирование"), _url("admin:index")))
    if rules.may_use_forum(actor):
        items.append((_("Форум"), _url("community:forum")))
    return items


def _place(actor) -> str:
    """The school (or authority) the actor works in, as the navbar shows it."""
    names: list[str] = []
    for grant in actor.grants:
        where = grant.school or grant.authority
        if where is not None:
            name = where.short_name if grant.school_id else where.name
            if name not in names:
                names.append(name)
    return ", ".join(names)
