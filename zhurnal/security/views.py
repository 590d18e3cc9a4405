"""Two-factor pages (the login's code step, enrolment, status, recovery codes, removal) and
the security event log page with its CSV and XLSX export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from zhurnal.accounts.models import SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.core.errors import ServiceError
from zhurnal.policy import rules
from zhurnal.security import exports, selectors, services
from zhurnal.security.forms import CodeForm, PasswordConfirmForm, SecurityLogFilterForm
from zhurnal.security.middleware import ENROL, TWO_FACTOR_STATE, VERIFY

CODE_ATTEMPTS = 5
_FAILURES = "zh_two_factor_failures"


def _safe_next(request, default: str = "web:home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _staff_only(request):
    if not rules.may_use_two_factor(request.actor):
        raise PermissionDenied


# --- the login's second step --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def login_code(request):
    """After the password: the code from the authenticator app, or a recovery code."""
    if request.session.get(TWO_FACTOR_STATE) != VERIFY:
        return redirect(_safe_next(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device = services.two_factor_match(user=request.user, code=form.cleaned_data["code"], step="login")
        if device is not None:
            otp_login(request, device)
            request.session.pop(TWO_FACTOR_STATE, None)
            request.session.pop(_FAILURES, None)
            return redirect(_safe_next(request))
        failures = request.session.get(_FAILURES, 0) + 1
        if failures >= CODE_ATTEMPTS:
            logout(request)
            messages.error(request, _("Слишком много неверных кодов. Войдите заново: логин, пароль и код."))
            return redirect("accounts:login")
        request.session[_FAILURES] = failures
        form.add_error(
            "code", _("Код не подошёл. Проверьте, что время на телефоне верное, и введите новый код.")
        )
    if form.errors:
        status = 400
    return render(
        request, "security/login_code.html", {"form": form, "next": _safe_next(request, "")}, status=status
    )


# --- the person's own second factor ---------------------------------------------------------------


@login_required
@require_GET
def two_factor(request):
    _staff_only(request)
    context = selectors.two_factor_status(request.actor)
    context["remove_form"] = PasswordConfirmForm()
    return render(request, "security/two_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request):
    """Scan the QR code, type the code the app shows: enrolled, and the recovery codes shown once."""
    _staff_only(request)
    actor = request.actor
    form = CodeForm(request.POST or None, enrolment=True)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.two_factor_enrol_confirm(actor=actor, code=form.cleaned_data["code"])
        except ServiceError as error:
            form.add_error("code", error.message)
        else:
            otp_login(request, device)
            request.session.pop(TWO_FACTOR_STATE, None)
            return render(request, "security/recovery_codes.html", {"codes": codes, "enrolled": True})
    device = services.two_factor_pending_device(actor=actor) or services.two_factor_enrol_start(actor=actor)
    context = {
        "form": form,
        "qr_svg": selectors.totp_qr_svg(device),
        "secret": selectors.totp_secret(device),
        "mandatory": request.session.get(TWO_FACTOR_STATE) == ENROL,
    }
    return render(request, "security/two_factor_enrol.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def two_factor_recovery_codes(request):
    _staff_only(request)
    try:
        codes = services.recovery_codes_regenerate(actor=request.actor)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("security:two_factor")
    return render(request, "security/recovery_codes.html", {"codes": codes, "enrolled": False})


@login_required
@require_POST
def two_factor_remove(request):
    _staff_only(request)
    form = PasswordConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.two_factor_remove(actor=request.actor, password=form.cleaned_data["password"])
        except ServiceError as error:
            form.add_error("password", error.message)
    if form.errors:
        context = selectors.two_factor_status(request.actor)
        context["remove_form"] = form
        return render(request, "security/two_factor.html", context, status=400)
    if rules.two_factor_required(request.actor):
        request.session[TWO_FACTOR_STATE] = ENROL
        messages.warning(
            request, _("Двухфакторный вход отключён. В вашей школе он обязателен: подключите его снова.")
        )
        return redirect("security:two_factor_enrol")
    messages.success(request, _("Двухфакторный вход отключён."))
    return redirect("security:two_factor")


# --- the security event log ---------------------------------------------------------------------


def _log_request(request):
    if not rules.may_read_security_log(request.actor):
        raise PermissionDenied
    form = SecurityLogFilterForm(request.GET or None, kinds=selectors.EVENT_KINDS)
    return form, selectors.security_events(request.actor, form)


@login_required
@require_GET
def security_log_page(request):
    form, events = _log_request(request)
    page = selectors.paginate(events, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "security/log.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def security_log_export(request):
    form, events = _log_request(request)
    if form.errors:
        return render(request, "security/log.html", {"form": form, "page": None, "query": ""}, status=400)
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        return render(
            request,
            "400.html",
            {"field": "format", "detail": _("Формат выгрузки: csv или xlsx.")},
            status=400,
        )
    # The export shows the log as it stood when asked, without its own row below.
    newest = SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    events = events.filter(pk__lte=newest or 0)
    security_log(
        kind=SecurityEvent.Kind.DATA_EXPORTED,
        actor=request.actor,
        detail={"what": "security_log", "format": fmt, "filters": request.GET.urlencode()[:500]},
    )
    return exports.export(events, fmt)
