"""The comparison with pretalx counts a page that pretalx draws in the browser from a JSON as
a browser loads it: one view costs the server the page and the JSON."""

from bench.pretalx import PRETALX, Comparison, Round, render_table
from bench.run import COLD, WARM, Measurement, Page


def measured(server: str, page: Page, requests_per_second: float) -> Measurement:
    return Measurement(page, server, requests_per_second, 1, 2, 3, errors=0)


def test_a_view_that_takes_a_page_and_its_json_is_counted_at_the_cost_of_both():
    ours = Page("talk list", ["/talks/?event=benchcon"])
    frame = Page("talk list", ["/benchcon/talk/"])
    json = Page("schedule's JSON", ["/benchcon/schedule/widgets/schedule.json"])
    comparisons = [
        Comparison("talk list", ours, frame),
        Comparison("talk list as a browser loads it", ours, frame, pretalx_also=(json,)),
    ]
    # 60 frames or 120 JSONs a second: a view takes 1/60 + 1/120 s, 40 views a second.
    results = {
        (COLD, ours.name): measured(COLD, ours, 200),
        (WARM, ours.name): measured(WARM, ours, 1600),
        (PRETALX, frame.name): measured(PRETALX, frame, 60),
        (PRETALX, json.name): measured(PRETALX, json, 120),
    }

    table = render_table(comparisons, [Round(results, 2.0)], "pretalx 2026.2.1", 8).splitlines()

    assert "| talk list | 200 | 1600 | 60 | 3.3x to 3.3x | 26.7x to 26.7x |" in table
    views_row = (
        "| talk list as a browser loads it | 200 | 1600 | 40 | 5.0x to 5.0x | 40.0x to 40.0x |"
    )
    assert views_row in table
    assert (
        "- talk list as a browser loads it: confnotes's talk list `/talks/?event=benchcon`, "
        "pretalx's talk list `/benchcon/talk/` with schedule's JSON "
        "`/benchcon/schedule/widgets/schedule.json`" in "\n".join(table)
    )
