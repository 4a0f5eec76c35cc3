"""Account forms: signing up."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from confnotes.forms import HoneypotForm
from people.models import User


class SignUpForm(HoneypotForm, UserCreationForm):
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("Only to reset your password; never shown to anyone."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        # One account per address, so that a password reset reaches exactly one account.
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account already uses this email address. Log in, or reset its password."),
                code="email_taken",
            )
        return email
