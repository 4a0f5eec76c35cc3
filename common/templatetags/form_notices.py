"""What the notice above a form that failed says about what it kept."""

from django import forms, template

register = template.Library()


@register.filter
def clears_passwords(form: forms.BaseForm) -> bool:
    """Whether the form, shown again, leaves some of what was typed out: password fields
    never send a password back to the browser."""
    return any(
        isinstance(field.widget, forms.PasswordInput) and not field.widget.render_value
        for field in form.fields.values()
    )
