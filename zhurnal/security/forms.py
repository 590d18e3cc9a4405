from django import forms
from django.utils.translation import gettext_lazy as _


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Код"),
        max_length=16,
        error_messages={"required": _("Введите код.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("Шесть цифр из приложения-аутентификатора или один из резервных кодов."),
    )

    def __init__(self, *args, enrolment: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if enrolment:
            self.fields["code"].help_text = _("Шесть цифр, которые приложение показывает сейчас.")
        _bootstrap(self)


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Пароль"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Введите пароль.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class SecurityLogFilterForm(forms.Form):
    """The log page's filters; every field is optional, a bad date is named in Russian."""

    date_from = forms.DateField(
        label=_("С"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Дата «с» указана неверно.")},
    )
    date_to = forms.DateField(
        label=_("По"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Дата «по» указана неверно.")},
    )
    kind = forms.ChoiceField(label=_("Событие"), required=False)
    user = forms.CharField(label=_("Пользователь (логин)"), required=False, max_length=150)
    subject = forms.CharField(label=_("Чья запись"), required=False, max_length=300)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("все события")), *kinds]
        _bootstrap(self)
        self.fields["kind"].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Дата «по» раньше даты «с»."))
        return data
