"""WSGI entry point, for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confnotes.settings.local")

from confnotes.embedded_db import start_unless_external

start_unless_external()
application = get_wsgi_application()
