from django import template

from pages.forms.talks import NoteReportForm

register = template.Library()


@register.simple_tag
def note_report_form() -> NoteReportForm:
    """The empty report form whose labels and choices every note's report form shows."""
    return NoteReportForm()
