from django.apps import AppConfig


class PagesConfig(AppConfig):
    """What readers and attendees see: the public pages, the talk finder, the attendees'
    forms and their accounts. Built on the domain apps, which know nothing of it."""

    name = "pages"
