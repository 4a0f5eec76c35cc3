#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confnotes.settings.local")
    from confnotes.embedded_db import start_unless_external

    start_unless_external()
    from django.core.management import execute_from_command_line

    from confnotes.unmigrated import missing_migrations_explained

    with missing_migrations_explained():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
