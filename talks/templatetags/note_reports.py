from django import template

from talks.forms import NoteReportForm
from talks.models import Note

register = template.Library()


@register.simple_tag
def note_report_form(note: Note) -> NoteReportForm:
    """An empty report form for one note, with ids that stay unique on a page of notes."""
    return NoteReportForm(auto_id=f"report-{note.pk}-%s")
