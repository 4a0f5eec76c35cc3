"""Account forms: signing up, in two steps around a link sent by email."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from common.forms import HoneypotForm
from people.models import User


class SignUpForm(HoneypotForm, UserCreationForm):
    """The username and the address to send the link to; the password comes after the link.

    Django's UserCreationForm for its rules on usernames (the characters allowed, and no two
    that differ only in case), without its password fields.
    """

    password1 = None
    password2 = None
    email = forms.EmailField(
        label=_("Email"),
        help_text=_(
            "We send a link there to finish signing up. Only to reset your password; "
            "never shown to anyone."
        ),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class SignUpFinishForm(UserCreationForm):
    """The password, and the username asked for at sign-up, which can still change."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Known to the password validators, which refuse a password too close to the address.
        self.instance.email = email
