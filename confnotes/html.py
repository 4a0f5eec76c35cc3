"""HTML written in Python, for the lists that templates render too slowly."""

import html

from django.utils.safestring import SafeData


def escaped(value: object) -> str:
    """conditional_escape(value): HTML (a SafeString) as it is, any other value escaped.

    Without the check for lazy arguments of django.utils.html.escape, which costs more than
    escaping a name; the same html.escape does the escaping.
    """
    if isinstance(value, SafeData):
        return value
    return html.escape(str(value))
