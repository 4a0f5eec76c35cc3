"""What talks.markdown makes of a text besides CommonMark: headings that sit below the page's,
and the plain words that excerpts and snippets show."""

import pytest

from talks.markdown import markdown_excerpt, markdown_text, render_markdown


@pytest.mark.parametrize("marks", ["#", "##", "###", "####"])
def test_the_highest_heading_of_a_text_is_an_h3_whatever_its_level(marks):
    assert render_markdown(f"{marks} Takeaways\n\nUse requests.") == (
        "<h3>Takeaways</h3>\n<p>Use requests.</p>"
    )


def test_headings_keep_their_distance_from_the_highest():
    source = "# Limits\n\n## CPU\n\n### Throttling\n\n# Requests"
    assert render_markdown(source) == (
        "<h3>Limits</h3>\n<h4>CPU</h4>\n<h5>Throttling</h5>\n<h3>Requests</h3>"
    )


def test_headings_that_would_go_past_h6_stay_h6():
    assert render_markdown("# Top\n\n##### Deep\n\n###### Deeper") == (
        "<h3>Top</h3>\n<h6>Deep</h6>\n<h6>Deeper</h6>"
    )


def test_underlined_headings_sit_below_the_page_too():
    assert render_markdown("Plan\n====\n\nSteps\n-----") == "<h3>Plan</h3>\n<h4>Steps</h4>"


def test_plain_text_keeps_the_words_and_drops_the_markdown():
    source = (
        "## Tempo\n\nSee **[the docs](https://example.org)**, `tempo-cli` and ![a graph](x.png)"
        " \\*not emphasis\\* &amp; <b>this</b>."
    )
    assert markdown_text(source) == (
        "Tempo · See the docs, tempo-cli and *not emphasis* & <b>this</b>."
    )


def test_plain_text_keeps_list_items_table_cells_and_code_apart():
    source = (
        "- Ajout de statistiques\n- Trois plugins\n  - dont Loki\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nkubectl  get pods\n```"
    )
    assert markdown_text(source) == (
        "Ajout de statistiques · Trois plugins · dont Loki · a · b · 1 · 2 · kubectl get pods"
    )


def test_plain_text_runs_an_introduction_ending_with_a_colon_into_its_list():
    assert markdown_text("Points clés :\n- un\n- deux") == "Points clés : un · deux"


def test_an_excerpt_counts_words_not_separators_and_ends_with_an_ellipsis():
    assert markdown_excerpt("- one two\n- three four five\n- six", 4) == "one two · three four…"


def test_an_excerpt_that_stops_between_two_items_ends_with_the_first():
    assert markdown_excerpt("- one\n- two\n- three", 2) == "one · two…"


def test_an_excerpt_of_a_short_text_is_all_of_it():
    assert markdown_excerpt("- one\n- two", 30) == "one · two"
