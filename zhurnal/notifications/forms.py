"""The settings form: a channel × kind grid, quiet hours, the e-mail address."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhurnal.notifications.kinds import EMAIL_ONLY, Kind


def field_name(kind: str, channel: str) -> str:
    return f"{kind}__{channel}"


class SettingsForm(forms.Form):
    email = forms.EmailField(label=_("Адрес электронной почты"), required=False, max_length=254)
    quiet_start = forms.TimeField(
        label=_("Тихие часы с"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_end = forms.TimeField(
        label=_("до"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind.values:
            if kind not in EMAIL_ONLY:
                self.fields[field_name(kind, "in_app")] = forms.BooleanField(required=False)
            self.fields[field_name(kind, "email")] = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            self.add_error("quiet_end", _("Укажите и начало, и конец тихих часов."))
        elif data.get("quiet_start") and data["quiet_start"] == data["quiet_end"]:
            self.add_error("quiet_end", _("Начало и конец тихих часов совпадают."))
        return data

    def preferences(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {
            kind: (
                kind not in EMAIL_ONLY and bool(data.get(field_name(kind, "in_app"))),
                bool(data.get(field_name(kind, "email"))),
            )
            for kind in Kind.values
        }

    def rows(self):
        """One row per kind for the template: label and the bound fields (None where not offered)."""
        for kind, label in Kind.choices:
            in_app = field_name(kind, "in_app")
            yield {
                "label": label,
                "in_app": self[in_app] if in_app in self.fields else None,
                "email": self[field_name(kind, "email")],
            }


def initial_for(preferences: dict[str, tuple[bool, bool]], quiet, email: str) -> dict:
    initial = {"email": email}
    if quiet is not None:
        initial.update(quiet_start=quiet.start, quiet_end=quiet.end)
    for kind, (in_app, by_email) in preferences.items():
        initial[field_name(kind, "in_app")] = in_app
        initial[field_name(kind, "email")] = by_email
    return initial
