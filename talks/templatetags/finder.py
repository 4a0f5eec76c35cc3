"""The talk finder's facet lists: every option of a filter with the number of talks it gives.

Written in Python, like the talk list items (reader.py): a page of the finder lists about a
hundred and twenty options, which a template renders in about four times the time. Every
text goes through confnotes.html.escaped.
"""

from collections.abc import Iterable

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from confnotes.html import escaped
from talks.facets import FacetOption

register = template.Library()


@register.simple_tag
def facet_checkboxes(
    name: str, label: str, options: Iterable[FacetOption], *, long: bool = False
) -> SafeString:
    """A fieldset of checkboxes, one per option: several can be chosen."""
    items = "".join(_checkbox(escaped(name), option) for option in options)
    if not items:
        items = f"\n    <li>{escaped(gettext('None yet.'))}</li>"
    long_class = " facet-options-long" if long else ""
    return mark_safe(
        f'<fieldset class="facet">\n  <legend>{escaped(label)}</legend>\n'
        f'  <ul class="facet-options{long_class}">{items}\n  </ul>\n</fieldset>'
    )


def _checkbox(name: str, option: FacetOption) -> str:
    value = escaped(option.value)
    checked = " checked" if option.selected else ""
    return (
        f'\n    <li><input type="checkbox" id="{name}-{value}" name="{name}" value="{value}"'
        f"{checked}>\n"
        f'      <label for="{name}-{value}">{escaped(option.label)} '
        f'<span class="count">({_count(option)})</span></label></li>'
    )


@register.simple_tag
def facet_select(
    name: str, label: str, options: Iterable[FacetOption], *, any_label: str
) -> SafeString:
    """A select of one option, with `any_label` first for none."""
    name = escaped(name)
    items = "".join(
        f'<option value="{escaped(option.value)}"{" selected" if option.selected else ""}>'
        f"{escaped(option.label)} ({_count(option)})</option>"
        for option in options
    )
    return mark_safe(
        f'<div class="field">\n  <label for="filter-{name}">{escaped(label)}</label>\n'
        f'  <select id="filter-{name}" name="{name}">\n'
        f'    <option value="">{escaped(any_label)}</option>\n    {items}\n  </select>\n</div>'
    )


def _count(option: FacetOption) -> str:
    return escaped(localize(option.count))
