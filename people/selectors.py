"""Reads on people."""

from django.db.models import QuerySet

from people.models import User


def accounts_using(email: str) -> QuerySet[User]:
    """The accounts with this email address, whatever its case: one address, one account."""
    return User.objects.filter(email__iexact=email)
