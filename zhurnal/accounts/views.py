"""Sign in, sign out and the password change, on Django's own views with our forms and pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from zhurnal.accounts.forms import LoginForm, PasswordChangeForm
from zhurnal.accounts.lockout import device_cookie_set


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # This browser is now a known device of the user: the lockout of unknown devices
        # (accounts.lockout) does not stop it.
        device_cookie_set(response, form.get_user().get_username())
        return response

    def form_invalid(self, form):
        if form.lock is not None:
            context = {"lock": form.lock, "failure_limit": settings.LOGIN_FAILURE_LIMIT}
            return render(self.request, "accounts/locked_out.html", context, status=429)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5); the goodbye survives the session's end in the message cookie."""

    def post(self, request, *args, **kwargs):
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.info(request, _("Вы вышли из журнала."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["school_id"] = self.request.actor.primary_school_id
        return kwargs


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
