"""Sign-in and password forms with Russian messages and Bootstrap widgets."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from zhurnal.accounts.lockout import login_failed, login_guard, login_succeeded
from zhurnal.accounts.models import User
from zhurnal.accounts.passwords import password_change


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control")


class LoginForm(auth_forms.AuthenticationForm):
    """Django's sign-in form, with the lockout of accounts.lockout around the password check.

    A locked attempt never reaches the password; `lock` then says for whom and how long, and
    the view answers with the lockout page.
    """

    error_messages = {
        "invalid_login": _(
            "Неверный логин или пароль. Проверьте раскладку клавиатуры и не включён ли Caps Lock."
        ),
        "inactive": _("Эта учётная запись отключена. Обратитесь к администратору школы."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Логин")
        self.fields["password"].label = _("Пароль")
        self.fields["username"].error_messages["required"] = _("Введите логин.")
        self.fields["password"].error_messages["required"] = _("Введите пароль.")
        self.lock = None
        _bootstrap(self)

    def get_invalid_login_error(self):
        # A blocked login is told so, with the reason, but only to whoever knows its password:
        # anyone else learns no more than from a wrong password.
        user = User.objects.filter(
            username=self.cleaned_data.get("username"), blocked_at__isnull=False
        ).first()
        if user is not None and user.check_password(self.cleaned_data.get("password") or ""):
            return forms.ValidationError(
                _("Учётная запись заблокирована: %(reason)s. Обратитесь к администратору школы."),
                code="blocked",
                params={"reason": user.blocked_reason},
            )
        return super().get_invalid_login_error()

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        self.lock = login_guard(self.request, username)
        if self.lock is None:
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                self.lock = login_failed(self.request, username)
                if self.lock is None:
                    raise self.get_invalid_login_error()
        if self.lock is not None:
            raise forms.ValidationError(_("Вход временно заблокирован."), code="locked_out")
        self.confirm_login_allowed(self.user_cache)
        login_succeeded(self.request, username)
        return self.cleaned_data


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Change one's own password; saving clears the first-login demand and writes an audit row."""

    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": _("Текущий пароль введён неверно. Попробуйте ещё раз."),
        "password_mismatch": _("Новый пароль и его повтор не совпадают."),
    }

    def __init__(self, user, *args, school_id: int | None = None, **kwargs):
        self.school_id = school_id
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = _("Текущий пароль")
        self.fields["new_password1"].label = _("Новый пароль")
        self.fields["new_password2"].label = _("Новый пароль ещё раз")
        for name in ("old_password", "new_password1", "new_password2"):
            self.fields[name].error_messages["required"] = _("Заполните это поле.")
        _bootstrap(self)

    def save(self, commit: bool = True):
        password_change(
            user=self.user, new_password=self.cleaned_data["new_password1"], school_id=self.school_id
        )
        return self.user
