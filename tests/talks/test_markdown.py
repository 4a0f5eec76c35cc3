"""What talks.markdown makes of a text besides CommonMark: headings that sit below the page's."""

import pytest

from talks.markdown import render_markdown


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
