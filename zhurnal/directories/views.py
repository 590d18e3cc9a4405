"""The school's card and its directories as the system administrator's pages (issue 10 item 8).

The Django admin stays the system administrator's tool for everything else; the school's daily
directories are kept here, on services with the policy and audit."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.directories import access, selectors, services
from zhurnal.directories.specs import DIRECTORIES
from zhurnal.schools.models import YearMarkRule

# What the edit window may lock, as the school's form names it (schools.EDIT_WINDOW_PARTS).
EDIT_WINDOW_PART_LABELS = (
    ("marks", gettext_lazy("отметки")),
    ("attendance", gettext_lazy("посещаемость")),
    ("topic", gettext_lazy("тему и тип урока")),
    ("homework", gettext_lazy("домашнее задание и файлы")),
)


def _school(request):
    try:
        return access.school_for_keeper(request.actor, request.GET.get("school"))
    except ServiceError as error:
        raise_for_page(error)
        raise


@login_required
@require_http_methods(["GET", "POST"])
def card(request):
    actor = request.actor
    school = _school(request)
    error = None
    if request.method == "POST":
        try:
            services.school_card_update(actor=actor, school_id=school.pk, data=request.POST.dict())
        except ServiceError as exc:
            raise_for_page(exc)
            error = exc
        else:
            flash.success(request, _("Сведения о школе сохранены."))
            return redirect(f"{reverse('directories:card')}?school={school.pk}")
        school.refresh_from_db()
    data = request.POST if error else {name: getattr(school, name) for name in services.SCHOOL_CARD_FIELDS}
    return render(
        request,
        "directories/card.html",
        {
            "school": school,
            "data": data,
            "error": error,
            "directors": selectors.directors(school),
            "directories": list(DIRECTORIES.values()),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def directory(request, slug: str):
    actor = request.actor
    school = _school(request)
    try:
        spec = services.directory_of(slug)
    except ServiceError as exc:
        raise_for_page(exc)
        raise
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        entry_id = request.POST.get("entry") or None
        try:
            if action == "delete":
                services.directory_entry_delete(actor=actor, slug=slug, entry_id=entry_id)
                done = _("Запись удалена.")
            elif action == "deactivate":
                services.directory_entry_deactivate(actor=actor, slug=slug, entry_id=entry_id)
                done = _("Запись отключена: для новых записей её больше не предлагают.")
            elif action == "reactivate":
                services.directory_entry_reactivate(actor=actor, slug=slug, entry_id=entry_id)
                done = _("Запись снова используется.")
            elif entry_id:
                services.directory_entry_update(
                    actor=actor, slug=slug, entry_id=entry_id, data=request.POST.dict()
                )
                done = _("Запись изменена.")
            else:
                services.directory_entry_create(
                    actor=actor, slug=slug, school_id=school.pk, data=request.POST.dict()
                )
                done = _("Запись добавлена.")
        except ServiceError as exc:
            raise_for_page(exc)
            error = exc
        else:
            flash.success(request, done)
            return redirect(f"{reverse('directories:directory', args=[slug])}?school={school.pk}")
    page = selectors.directory_page(
        actor,
        spec,
        school,
        request.POST.get("entry") if error else request.GET.get("edit"),
        posted=request.POST.dict() if error else None,
    )
    return render(
        request, "directories/directory.html", {**page, "error": error}, status=400 if error else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def school_rules(request):
    """The journal's rules of the school: the edit window, the minimum marks, the thresholds."""
    actor = request.actor
    school = _school(request)
    error = None
    if request.method == "POST":
        data = request.POST.dict()
        data["edit_window_covers"] = request.POST.getlist("edit_window_covers")
        try:
            services.school_rules_update(actor=actor, school_id=school.pk, data=data)
        except ServiceError as exc:
            raise_for_page(exc)
            error = exc
        else:
            flash.success(
                request, _("Правила журнала сохранены: они действуют для того, что вносят после изменения.")
            )
            return redirect(f"{reverse('directories:rules')}?school={school.pk}")
        school.refresh_from_db()
    if error:
        data = {**request.POST.dict(), "edit_window_covers": request.POST.getlist("edit_window_covers")}
        for name in services.RULE_FLAGS:
            data[name] = name in request.POST
    else:
        data = {name: getattr(school, name) for name in services.RULE_FIELDS}
        data["edit_window_covers"] = [p.strip() for p in school.edit_window_covers.split(",") if p.strip()]
    return render(
        request,
        "directories/rules.html",
        {
            "school": school,
            "data": data,
            "error": error,
            "rules_page": True,
            "directories": list(DIRECTORIES.values()),
            "parts": EDIT_WINDOW_PART_LABELS,
            "year_mark_rules": YearMarkRule.choices,
        },
        status=400 if error else 200,
    )
