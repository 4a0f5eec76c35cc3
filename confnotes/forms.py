"""Form pieces shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


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
