"""Template helpers of the reader pages."""

from django import template

from talks.languages import language_name as _language_name

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """The name of a language code in the reader's language: `fr` → French, or Français."""
    return _language_name(code)
