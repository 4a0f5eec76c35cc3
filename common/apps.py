from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Infrastructure below every other app: rate limits, health checks, HTML and form
    helpers, error pages, and the editors' curation tools that the apps' admins build on."""

    name = "common"
