"""The attendee's corner of a talk page: links to write, and their own unpublished notes."""

from django import template

from talks.contribution_selectors import own_unpublished_notes
from talks.models import Talk

register = template.Library()


@register.inclusion_tag("talks/_contribute.html", takes_context=True)
def contribute(context: template.Context, talk: Talk) -> dict:
    """Write/review links, and the viewer's drafts and pending notes (one query, signed in)."""
    request = context["request"]
    user = request.user
    return {
        "talk": talk,
        "user": user,
        "next_url": request.get_full_path(),
        "own_notes": list(own_unpublished_notes(talk=talk, user=user)),
    }
