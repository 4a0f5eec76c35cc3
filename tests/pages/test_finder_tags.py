"""The finder's facet lists, written in Python: escaped, with their choices and counts."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pages.finder.facets import FacetOption
from pages.templatetags.finder import facet_checkboxes, facet_select


def test_facet_checkboxes_escape_names_and_check_the_chosen_options():
    options = [
        FacetOption(value="k8s", label="<b>Kubernetes</b>", count=1234, selected=True),
        FacetOption(value='x"y', label="Go & Rust", count=2, selected=False),
    ]

    html = facet_checkboxes("topic", "Topics", options, empty_label="", long=True)

    assert '<ul class="facet-options">' in html
    assert "<details" not in html
    assert (
        '<li><input type="checkbox" id="topic-k8s" name="topic" value="k8s" checked>\n'
        '      <label for="topic-k8s">&lt;b&gt;Kubernetes&lt;/b&gt; '
        '<span class="count">(1234)</span></label></li>'
    ) in html
    assert 'value="x&quot;y">' in html and "Go &amp; Rust" in html
    assert "<b>" not in html


def test_a_long_list_shows_its_first_options_and_the_others_behind_a_disclosure():
    options = [
        FacetOption(value=f"t{number}", label=f"T{number}", count=1, selected=number == 13)
        for number in range(14)
    ]

    with translation.override("fr"):
        html = facet_checkboxes("topic", "Sujets", options, empty_label="", long=True)

    shown, _, more = html.partition("<details")
    assert shown.count('type="checkbox"') == 10
    assert more.count('type="checkbox"') == 4
    # Open, since one of the options it holds is chosen.
    assert more.startswith(' class="facet-more" open>\n  <summary>4 de plus</summary>')


def test_facet_checkboxes_without_options_say_so():
    html = facet_checkboxes("language", "Langues", [], empty_label="Aucune <encore>.")

    assert "<legend>Langues</legend>" in html
    assert "<li>Aucune &lt;encore&gt;.</li>" in html
    assert 'type="checkbox"' not in html


@pytest.mark.django_db
def test_empty_facets_agree_in_french_with_their_noun():
    html = Client().get(reverse("talks:list"), headers={"accept-language": "fr"}).content.decode()

    topics, _, languages = html.partition("<legend>Langues</legend>")
    assert "<li>Aucun pour l\u2019instant.</li>" in topics
    assert "<li>Aucune pour l\u2019instant.</li>" in languages


def test_facet_select_lists_any_first_and_selects_the_chosen_option():
    options = [
        FacetOption(value="devfest-2025", label="DevFest <2025>", count=72, selected=False),
        FacetOption(value="kcd-2025", label="KCD France", count=40, selected=True),
    ]

    html = facet_select("event", "Event", options, any_label="All events")

    assert '<label for="filter-event">Event</label>' in html
    assert '<select id="filter-event" name="event">' in html
    assert html.index('<option value="">All events</option>') < html.index("devfest-2025")
    assert '<option value="devfest-2025">DevFest &lt;2025&gt; (72)</option>' in html
    assert '<option value="kcd-2025" selected>KCD France (40)</option>' in html
