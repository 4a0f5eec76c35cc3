"""Project-wide checks: Django's system checks and migrations that match the models."""

import pytest
from django.core.management import call_command


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_migrations_match_models():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
