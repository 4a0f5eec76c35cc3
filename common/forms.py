"""Form pieces shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


def with_newlines(text: str) -> str:
    """The text with each line break as one LF, whether it came as CRLF, CR or LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TextareaField(forms.CharField):
    """Text typed in a textarea, counted, validated and stored as its author saw it.

    Browsers send each line break of a textarea as CRLF, two characters where the textarea
    showed one: a note shown as 49,995 characters would arrive as 50,488 and be refused.
    """

    widget = forms.Textarea

    def to_python(self, value):
        value = super().to_python(value)
        return with_newlines(value) if isinstance(value, str) else value


class HoneypotForm(forms.Form):
    """A field people never see (hidden by CSS) and robots fill in: filled, the form fails.

    It fails with an error rather than pretending to succeed, so that a person whose browser
    filled it in by mistake gets the form back with everything they typed.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data[HONEYPOT_FIELD]:
            raise ValidationError(
                _("This field must stay empty: it is here to catch spam robots."),
                code="honeypot",
            )
        return ""
