"""Forms parse and label the input; the services decide and validate again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhurnal.community.models import ClassEvent


class ClassEventForm(forms.Form):
    date = forms.DateField(label=_("Дата"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(
        label=_("Время"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    title = forms.CharField(label=_("Название"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Вид"), choices=ClassEvent.Kind.choices, initial=ClassEvent.Kind.CLASS_HOUR
    )
    place = forms.CharField(label=_("Место"), max_length=200, required=False)
    participants = forms.CharField(label=_("Участники"), max_length=500, required=False)
    description = forms.CharField(
        label=_("Описание"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)

    @classmethod
    def for_event(cls, event: ClassEvent) -> "ClassEventForm":
        return cls(initial={name: getattr(event, name) for name in cls.base_fields})

    def add_service_error(self, error) -> None:
        """Show a service's complaint beside the field it names."""
        self.add_error(error.field if error.field in self.fields else None, error.message)
