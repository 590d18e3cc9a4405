"""The navigation bar, computed from what the actor may do (policy predicates, never role strings).

It reads only what the actor already holds (role grants with their school, class and authority,
loaded once per request), so it adds no query to any page. The entries are a function of the
roles held where (and the language), so they are worked out once per process for each such set
(`_entries`), not on every page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhurnal.core.lazy import unwrapped
from zhurnal.messaging.nav import MessagesLabel, messages_nav_item
from zhurnal.policy import rules


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool = False
    # A menu of its own (Мой класс, Школа, Делопроизводство, Система): the links it opens.
    children: tuple[NavItem, ...] = ()


Entry = tuple[str, "str | list[tuple[str, str]]"]


def navigation(request):
    actor = getattr(request, "actor", None)
    user = getattr(request, "user", None)
    if actor is None or user is None or not user.is_authenticated:
        return {}
    actor = unwrapped(actor)
    current = request.path
    nav = [_item(label, target, current) for label, target in _entries(actor)]
    return {
        "nav_items": nav,
        "nav_markup": NavMarkup(nav),
        "nav_place": _place(actor),
        # The user menu's own links (two-factor settings, the security event log).
        "nav_two_factor": rules.may_use_two_factor(actor),
        "nav_security_log": rules.may_read_security_log(actor),
    }


class NavMarkup:
    """The bar's items as HTML (base.html prints it). Each item's markup is a function of the item
    (label, address, which is active), so it is built once per process and item, not by the
    template's loops on every page; the messages item is built every time (its label counts)."""

    def __init__(self, items: list[NavItem]):
        self.items = items

    def __html__(self) -> str:
        # Safe as a whole: the template turns the object into a str before escaping it, and a
        # join of safe strings is a plain str.
        return mark_safe(
            "".join(
                _markup(item) if isinstance(item.label, MessagesLabel) else _kept_markup(item)
                for item in self.items
            )
        )

    __str__ = __html__


def _link(css: str, item: NavItem) -> str:
    current = mark_safe(' aria-current="page"') if item.active else ""
    active = " active" if item.active else ""
    return format_html('<a class="{}{}"{} href="{}">{}</a>', css, active, current, item.url, item.label)


def _markup(item: NavItem) -> str:
    if not item.children:
        return format_html('<li class="nav-item">{}</li>\n', _link("nav-link", item))
    children = format_html_join(
        "", "<li>{}</li>", ((_link("dropdown-item", child),) for child in item.children)
    )
    return format_html(
        '<li class="nav-item dropdown"><a class="nav-link dropdown-toggle{}" href="{}" role="button"'
        ' data-bs-toggle="dropdown" aria-expanded="false">{}</a><ul class="dropdown-menu">{}</ul></li>\n',
        " active" if item.active else "",
        item.url,
        item.label,
        children,
    )


_kept_markup = functools.lru_cache(maxsize=4096)(_markup)


def _item(label: str, target, current: str) -> NavItem:
    if isinstance(target, str):
        return NavItem(label=label, url=target, active=target.split("#")[0] == current)
    children = tuple(
        NavItem(label=name, url=url, active=url.split("?")[0] == current) for name, url in target
    )
    return NavItem(
        label=label, url=children[0].url, active=any(c.active for c in children), children=children
    )


@functools.cache
def _url(name: str) -> str:
    """The navbar's fixed addresses, reversed once per process (the URLconf does not change)."""
    return reverse(name)


def _menu(label: str, entries: list[tuple[str, str]]) -> Entry:
    """A menu of one link is that link, under its own name."""
    return entries[0] if len(entries) == 1 else (label, entries)


# The messages item's place among the kept entries: its label counts the user's own unread
# conversations, so it is made afresh on every page (messages_nav_item).
_MESSAGES = object()
_KEPT: dict[tuple, list] = {}
_KEPT_MAX = 2048


def _entries_key(actor) -> tuple:
    """Everything `_items` reads: the rules it asks look only at the roles held in which school,
    class or authority, the staff and pupil cards, the superuser flag; the led classes' names
    label their menus. A rule of the navbar that reads anything else must join this key."""
    return (
        get_language(),
        actor.user.is_superuser,
        tuple(
            (
                g.role,
                g.school_id,
                g.class_group_id,
                str(g.class_group) if g.class_group_id else "",
                g.authority_id,
                bool(getattr(g, "staff_card_id", None)),
                bool(getattr(g, "student_card_id", None)),
            )
            for g in actor.grants
        ),
    )


def _entries(actor) -> list[Entry]:
    """`_items(actor)`, kept for the next actor holding the same roles in the same places."""
    key = _entries_key(actor)
    kept = _KEPT.get(key)
    if kept is None:
        if len(_KEPT) >= _KEPT_MAX:  # a bound, not a policy: a process meets few distinct sets
            _KEPT.clear()
        kept = _KEPT[key] = [
            _MESSAGES if isinstance(label, MessagesLabel) else (label, target)
            for label, target in _items(actor)
        ]
    return [messages_nav_item(actor) if entry is _MESSAGES else entry for entry in kept]


def _items(actor) -> list[Entry]:
    """The navbar: a person's own work first (lessons, class, children), then the school's,
    grouped in menus so that a director's bar fits one line."""
    home = _url("web:home")
    items: list[Entry] = []
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
            items.append(
                (
                    label,
                    [
                        (_("Список класса"), reverse("web:class_detail", args=[class_group.pk])),
                        (_("Заполнение журналов"), f"{_url('web:board')}?class={class_group.pk}"),
                        (_("Подгруппы"), reverse("office:subgroups", args=[class_group.pk])),
                        (_("Логины и пароли"), reverse("people:class_credentials", args=[class_group.pk])),
                        (_("Ресурсы класса"), reverse("materials:class_resources", args=[class_group.pk])),
                    ],
                )
            )
    if rules.may_follow_children(actor):
        items.append((_("Мои дети"), _url("diary:index")))
    if rules.may_read_own_diary(actor):
        items.append((_("Мой дневник"), _url("diary:index")))
    # Teachers reach their extracurricular journals from «Мои журналы» (the bar has no room).
    if (rules.may_follow_children(actor) or rules.may_read_own_diary(actor)) and not rules.may_teach(actor):
        items.append((_("Внеурочная деятельность"), _url("extracurricular:index")))
    if (messages_item := messages_nav_item(actor)) is not None:
        items.append(messages_item)
    if rules.may_see_school_overview(actor):
        school = [(_("Обзор школы"), _url("web:school")), (_("Классы"), _url("web:class_list"))]
        if rules.may_manage_classes(actor):
            school.append((_("Классные руководители"), _url("office:classes")))
        if rules.may_read_schedules(actor):
            school.append((_("Нагрузка и расписание"), _url("people:assignments")))
        if rules.may_read_study_groups(actor):
            school.append((_("Межклассные группы"), _url("people:study_groups")))
        if rules.may_read_school_journals(actor):
            school.append((_("Заполнение журналов"), _url("web:board")))
        if rules.may_keep_periods(actor):
            school.append((_("Периоды"), _url("journal:periods")))
        if rules.may_approve_plans(actor):
            school.append((_("КТП на согласовании"), _url("planning:review")))
        # The administration's bar is full: materials, portfolios, resources and documents
        # live in its «Школа» menu rather than a menu of their own.
        school += _materials_entries(actor)
        if rules.extracurricular_keeper_school_ids(actor):
            school.append((_("Внеурочная деятельность"), _url("extracurricular:index")))
        items.append(_menu(_("Школа"), school))
    if rules.may_see_reports(actor):
        items.append((_("Отчёты"), _url("reports:index")))
    office = []
    if rules.may_see_school_overview(actor):
        office.append((_("Люди"), _url("people:search")))
    if rules.may_read_orders(actor):
        office += [
            (_("Книга приказов"), _url("office:orders")),
            (_("Движение обучающихся"), _url("office:movements")),
            (_("Заявления о приёме"), _url("office:applications")),
            (_("Алфавитная книга"), _url("office:alphabet")),
        ]
    if rules.credential_admin_school_ids(actor):
        office.append((_("Учётные записи"), _url("people:credential_issues")))
    if rules.archive_reader_school_ids(actor):
        office.append((_("Архив документов"), _url("archive:list")))
    if office:
        items.append(_menu(_("Делопроизводство"), office))
    if rules.may_see_authority_overview(actor):
        items.append((_("Школы"), f"{home}#schools"))
    system = []
    if rules.may_open_backups(actor):
        system.append((_("Резервные копии"), _url("integrations:backups")))
        system.append((_("Выгрузка OneRoster"), _url("integrations:oneroster")))
    if rules.may_open_imports(actor):
        system.append((_("Загрузка из таблиц"), _url("integrations:imports")))
    if rules.may_keep_directories(actor):
        system.append((_("Сведения о школе и справочники"), _url("directories:card")))
    if rules.may_use_admin_site(actor):
        system.append((_("Справочники и настройки"), _url("admin:index")))
    if system:
        items.append(_menu(_("Система"), system))
    if rules.may_use_portfolios(actor) and not rules.may_see_school_overview(actor):
        items.append(_menu(_("Материалы"), _materials_entries(actor)))
    if rules.may_use_forum(actor):
        items.append((_("Форум"), _url("community:forum")))
    return items


def _materials_entries(actor) -> list[tuple[str, str]]:
    """The teacher's plans (planning), study materials, portfolios, class resources, school
    documents (materials): one menu, so that a class teacher's bar still fits one line."""
    entries = []
    if rules.may_keep_plans(actor):
        entries.append((_("Мои КТП"), _url("planning:index")))
    if rules.may_keep_materials(actor):
        entries.append((_("Мои материалы"), _url("materials:library")))
    if rules.may_read_shared_materials(actor):
        entries.append((_("Материалы школы"), _url("materials:shared")))
    entries.append((_("Портфолио"), _url("materials:portfolios")))
    if rules.may_open_class_resources(actor):
        entries.append((_("Ресурсы классов"), _url("materials:resource_index")))
    if rules.may_read_documents(actor):
        entries.append((_("Документы школы"), _url("materials:documents")))
    return entries


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
