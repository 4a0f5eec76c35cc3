"""The talk finder's facet lists: every option of a filter with the number of talks it gives.

Written in Python, like the talk list items (reader.py): a page of the finder lists about a
hundred and twenty options, which a template renders in about four times the time. Every
value goes into the HTML through common.html.html, which escapes it.
"""

from collections.abc import Iterable

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from common.html import html, html_join
from pages.finder.facets import FacetOption

register = template.Library()


# A long list shows this many options; the others are one click away, so that the results
# are not pushed down the page.
SHOWN_OPTIONS = 10


@register.simple_tag
def facet_checkboxes(
    name: str,
    label: str,
    options: Iterable[FacetOption],
    *,
    empty_label: str,
    long: bool = False,
) -> SafeString:
    """A fieldset of checkboxes, one per option: several can be chosen. A `long` list shows its
    first options and the others behind a "more" disclosure, open when one of them is chosen.
    Without options, `empty_label` says so (in French, its words agree with the facet's)."""
    options = list(options)
    shown, more = (options[:SHOWN_OPTIONS], options[SHOWN_OPTIONS:]) if long else (options, [])
    items = (
        _checkbox_list(name, shown)
        if options
        else html('\n  <ul class="facet-options">\n    <li>{}</li>\n  </ul>', empty_label)
    )
    if more:
        items += html(
            '\n  <details class="facet-more"{}>\n  <summary>{}</summary>{}\n  </details>',
            " open" if any(option.selected for option in more) else "",
            ngettext("%(count)s more", "%(count)s more", len(more)) % {"count": len(more)},
            _checkbox_list(name, more),
        )
    return html('<fieldset class="facet">\n  <legend>{}</legend>{}\n</fieldset>', label, items)


def _checkbox_list(name: str, options: list[FacetOption]) -> SafeString:
    return html(
        '\n  <ul class="facet-options">{}\n  </ul>',
        html_join("", (_checkbox(name, option) for option in options)),
    )


def _checkbox(name: str, option: FacetOption) -> SafeString:
    return html(
        '\n    <li><input type="checkbox" id="{name}-{value}" name="{name}" value="{value}"'
        "{checked}>\n"
        '      <label for="{name}-{value}">{label} '
        '<span class="count">({count})</span></label></li>',
        name=name,
        value=option.value,
        checked=" checked" if option.selected else "",
        label=option.label,
        count=localize(option.count),
    )


@register.simple_tag
def facet_select(
    name: str, label: str, options: Iterable[FacetOption], *, any_label: str
) -> SafeString:
    """A select of one option, with `any_label` first for none."""
    items = html_join(
        "",
        (
            html(
                '<option value="{}"{}>{} ({})</option>',
                option.value,
                " selected" if option.selected else "",
                option.label,
                localize(option.count),
            )
            for option in options
        ),
    )
    return html(
        '<div class="field">\n  <label for="filter-{name}">{label}</label>\n'
        '  <select id="filter-{name}" name="{name}">\n'
        '    <option value="">{any_label}</option>\n    {items}\n  </select>\n</div>',
        name=name,
        label=label,
        any_label=any_label,
        items=items,
    )
