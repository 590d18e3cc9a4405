"""`{{ field|field_widget:"form-errors" }}`: a form field's widget that says when it was refused.

Django marks a field with its own errors `aria-invalid` and points `aria-describedby` at
`<id>_error`; this adds Bootstrap's `is-invalid` and, when the form as a whole was refused (a
wrong password: a non-field error), marks every field so and points it at the form's message,
whose element has the id given.
"""

from django import template

register = template.Library()


@register.filter
def field_widget(field, form_error_id: str = ""):
    own = bool(field.errors)
    whole = bool(form_error_id) and bool(field.form.non_field_errors())
    if not (own or whole):
        return field.as_widget()
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if own:
        described.append(f"{field.auto_id}_error")
    if whole:
        described.append(form_error_id)
    css = f"{field.field.widget.attrs.get('class', '')} is-invalid".strip()
    return field.as_widget(
        attrs={"class": css, "aria-invalid": "true", "aria-describedby": " ".join(described)}
    )
