"""In a real browser, what keyboard, screen reader, phone, dark-mode and print readers meet:
axe-core finds nothing on any kind of page, the header fits, the filters leave room for the
results, focus follows partial updates, and focus rings are seen whole."""

import hashlib
import importlib
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connections
from django.test import Client
from playwright.sync_api import expect

from people.services import user_make_editor
from talks.models import Talk
from tests.factories import SpeakerFactory, TalkFactory, UserFactory
from tests.page_snapshots import page_list, signed_in_clients

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
# axe-core 4.14.1 from npm's registry (see tests/vendor/axe-core/README.md).
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WIDE, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
LOCALES = {"en": "en-GB", "fr": "fr-FR"}
POLE_EMPLOI = "Kubernetes in production at Pôle Emploi"


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def browser(chromium):
    yield chromium
    # Queries made under Playwright's event loop use a connection of their own: close it, or
    # it outlives the test and blocks dropping the test database.
    connections.close_all()


def new_page(browser, live_server, *, language="en", viewport=WIDE, user=None, **options):
    """A page in a context of its own, in `language`, signed in as `user` if given."""
    context = browser.new_context(
        base_url=live_server.url, locale=LOCALES[language], viewport=viewport, **options
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    return context.new_page()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_screenshots_of_the_finder_a_talk_and_the_signed_in_home(
    browser, live_server, demo, language, screenshot
):
    attendee = UserFactory(username="attendee")
    talk = Talk.objects.get(title=POLE_EMPLOI)
    for width, viewport in (("1280", WIDE), ("390", PHONE)):
        page = new_page(browser, live_server, language=language, viewport=viewport)
        page.goto("/talks/")
        screenshot(page, f"issue-20/finder-{language}-{width}")
        page.goto(talk.get_absolute_url())
        screenshot(page, f"issue-20/talk-{language}-{width}")
        page.context.close()
        page = new_page(browser, live_server, language=language, viewport=viewport, user=attendee)
        page.goto("/")
        screenshot(page, f"issue-20/home-signed-in-{language}-{width}")
        page.context.close()


def test_the_vendored_axe_core_is_the_pinned_one():
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256


# Feeds, calendars, sitemaps and robots.txt are not HTML.
NOT_HTML = (".atom", ".ics", ".xml", ".txt")


def page_kinds(paths: list[tuple[str, str]], *, admin: bool) -> list[tuple[str, str]]:
    """One address per kind of HTML page, of the admin (the editor's pages) or of the rest of
    the site, leaving out the fragment htmx inserts in a form. Of the site's pages, the first
    with each path; of the admin's, every one: a list's filters change what its rows show (the
    pending notes' decision buttons)."""
    kinds = {}
    for who, path in paths:
        address = path.partition("?")[0]
        if address.endswith(NOT_HTML) or path.startswith("/propose/speakers/"):
            continue
        if (who == "editor") == admin:
            kinds.setdefault((who, path if admin else address), path)
    return [(who, path) for (who, _), path in kinds.items()]


@pytest.fixture
def editors_group():
    """The Editors group as its migration makes it: transactional tests empty the tables
    (unless the test is the first to run)."""
    migration = importlib.import_module("people.migrations.0002_editors_group")
    group, _ = Group.objects.get_or_create(name=migration.EDITORS_GROUP_NAME)
    for app_label, models in migration.EDITOR_PERMISSIONS.items():
        for model_name, actions in models.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model_name}" for action in actions],
                )
            )


# The admin's links and buttons change colour in a short transition: axe looks once the colours
# have settled, as a reader sees them.
TRANSITIONS_ENDED = "Promise.all(document.getAnimations().map(animation => animation.finished))"


def run_axe(page, rules: str = "{}") -> list[dict]:
    """The violations axe finds on the page with the options of `rules` (a JavaScript object).
    axe describes the violations only, not what passes: the first advice of the performance
    section of its API documentation, which takes about a third off the time of a walk."""
    return page.evaluate(f"axe.run(document, {{resultTypes: ['violations'], ...{rules}}})")[
        "violations"
    ]


def axe_findings(page) -> list[str]:
    """What axe finds on the page open, wide and on a phone, in the light and the dark colour
    scheme (for contrast)."""
    page.evaluate(AXE.read_text())
    found = []
    for viewport in (WIDE, PHONE):
        page.set_viewport_size(viewport)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.evaluate(TRANSITIONS_ENDED)
            # The structure does not change with the colour scheme: contrast only.
            rules = "{}" if scheme == "light" else "{runOnly: ['color-contrast']}"
            for violation in run_axe(page, rules):
                targets = [node["target"] for node in violation["nodes"]][:3]
                found.append(
                    f"{viewport['width']} {scheme}: "
                    f"{violation['id']} ({violation['impact']}) {targets}"
                )
    page.emulate_media(color_scheme="light")
    return found


def axe_violations(browser, live_server, *, admin: bool, language: str) -> list[str]:
    """What axe finds on every page kind of the snapshot list, in `language`."""
    clients = signed_in_clients()
    cookies = {
        who: client.cookies.get(settings.SESSION_COOKIE_NAME) for who, client in clients.items()
    }
    paths = page_kinds(page_list(), admin=admin)
    found = []
    pages = {}
    for who, cookie in cookies.items():
        pages[who] = page = new_page(browser, live_server, language=language)
        if cookie is not None:
            page.context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
    for who, path in paths:
        page = pages[who]
        page.goto(path)
        found += [f"{who} {path} {language} {finding}" for finding in axe_findings(page)]
    for page in pages.values():
        page.context.close()
    return found


# Each language is a test of its own, so that the walks share the cores.
@pytest.mark.parametrize("language", LOCALES)
def test_axe_finds_nothing_on_any_kind_of_page(browser, live_server, editors_group, language):
    found = axe_violations(browser, live_server, admin=False, language=language)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", LOCALES)
def test_axe_finds_nothing_on_any_kind_of_admin_page(browser, live_server, editors_group, language):
    """The editor's pages: the admin's index, change lists with their filters (the
    autocomplete list filter among them), change forms with inlines, the note and proposal
    queues and the schedule upload form."""
    found = axe_violations(browser, live_server, admin=True, language=language)
    assert found == [], "\n".join(found)


def test_axe_finds_nothing_on_the_error_pages(browser, live_server, editors_group, settings):
    """The 400, 403, 429 and 500 pages, which the snapshot list does not reach (its 404 pages
    are walked above). Every password reset is one too many."""
    # Through the settings fixture only: a decorator's override under the fixture's would be
    # put back by the fixture at teardown, and outlive the test.
    settings.ROOT_URLCONF = "tests.pages.error_urls"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password-reset": {"ip": (0, 3600)}}
    editor = UserFactory(username="editor")
    user_make_editor(user=editor)
    found = []
    for language in LOCALES:
        page = new_page(browser, live_server, language=language, user=editor)
        for status, path in (
            (400, "/talks/?q=%00"),
            (403, f"/admin/people/user/{editor.pk}/change/"),
            (500, "/failing/"),
        ):
            assert page.goto(path).status == status
            found += [f"{status} {language} {finding}" for finding in axe_findings(page)]
        page.goto("/accounts/password_reset/")
        page.locator("input[name=email]").fill("ada@example.org")
        with page.expect_navigation() as refused:
            page.locator("input[name=email]").press("Enter")
        assert refused.value.status == 429
        found += [f"429 {language} {finding}" for finding in axe_findings(page)]
        page.context.close()
    assert found == [], "\n".join(found)


# The parts of the header sit on one line when each starts above the bottom of every other.
HEADER_ON_ONE_LINE = """() => {
  const boxes = [...document.querySelector('.site-header').children]
    .map(element => element.getBoundingClientRect());
  return Math.max(...boxes.map(box => box.top)) < Math.min(...boxes.map(box => box.bottom));
}"""
PLACEHOLDER_FITS = """() => {
  const input = document.getElementById('site-search-q');
  const style = getComputedStyle(input);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return context.measureText(input.placeholder).width <= room;
}"""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_header_fits_on_one_line_at_1280_px_signed_in_or_not(browser, live_server, language):
    editor = UserFactory(username="a-long-user-name", is_staff=True)
    for user in (None, editor):
        page = new_page(browser, live_server, language=language, user=user)
        page.goto("/talks/")
        assert page.evaluate(HEADER_ON_ONE_LINE)
        assert page.evaluate(PLACEHOLDER_FITS)
        page.context.close()

    # The signed-in reader's links are in the menu under their name.
    page = new_page(browser, live_server, language=language, user=editor)
    page.goto("/talks/")
    log_out = page.get_by_role("button", name=re.compile("a-long-user-name"))
    expect(log_out).to_be_hidden()
    page.locator(".account-menu summary").click()
    expect(log_out).to_be_visible()
    expect(page.locator(".account-menu a[href='/admin/']")).to_be_visible()
    page.context.close()


def test_the_topics_filter_lists_ten_topics_and_the_others_one_click_away(
    browser, live_server, demo
):
    page = new_page(browser, live_server)
    page.goto("/talks/")
    topics = page.locator("#talk-filters input[name=topic]")
    visible = [box.is_visible() for box in topics.all()]
    assert visible.count(True) == 10 and len(visible) > 20
    page.get_by_text(f"{len(visible) - 10} more").click()
    assert all(box.is_visible() for box in topics.all())
    # No box with a scroll bar hides part of the list.
    assert page.evaluate(
        "[...document.querySelectorAll('#talk-filters :is(fieldset, ul, details)')]"
        ".every(element => getComputedStyle(element).overflowY === 'visible')"
    )
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_results_come_before_the_filters_which_open_from_a_button(
    browser, live_server, demo, javascript
):
    page = new_page(browser, live_server, viewport=PHONE, java_script_enabled=javascript)
    page.goto("/talks/")
    first_result = page.locator(".results .talk-title").first
    # On the first screen, under the header and the page's heading.
    assert first_result.bounding_box()["y"] < 600
    kubernetes = page.get_by_label("Kubernetes (28)")
    expect(kubernetes).to_be_hidden()

    page.get_by_text("Filters", exact=True).click()
    kubernetes.check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes$"))
    expect(page.locator("#finder-status")).to_have_text("28 talks")
    page.context.close()


def test_on_a_phone_ignored_filter_values_are_reported_before_the_results(
    browser, live_server, demo
):
    page = new_page(browser, live_server, viewport=PHONE)
    page.goto("/talks/?topic=nope&language=xx")
    report = page.get_by_role("alert")
    expect(report).to_be_visible()
    expect(report).to_contain_text("Some filters were ignored")
    first_result = page.locator(".results .talk-title").first
    assert report.bounding_box()["y"] < first_result.bounding_box()["y"]
    page.context.close()


def test_wide_screens_show_the_filters_without_a_button(browser, live_server, demo):
    page = new_page(browser, live_server, java_script_enabled=False)
    page.goto("/talks/")
    expect(page.get_by_label("Kubernetes (28)")).to_be_visible()
    expect(page.get_by_text("Filters", exact=True)).to_be_hidden()
    page.context.close()


def test_focus_stays_on_the_filter_used_or_moves_to_the_results(browser, live_server, demo):
    page = new_page(browser, live_server)
    page.goto("/talks/")
    focused = "() => document.activeElement.id"

    page.get_by_label("Kubernetes (28)").check()
    expect(page.locator("#finder-status")).to_have_text("28 talks")
    expect(page.get_by_label("Kubernetes (28)")).to_be_focused()
    assert page.evaluate(focused) == "topic-kubernetes"

    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results")).to_be_focused()

    page.get_by_label("Pages").get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("#results")).to_be_focused()

    page.locator("#talk-filters").get_by_role("link", name="Clear all filters").click()
    expect(page.locator("#finder-status")).to_have_text("48 talks")
    expect(page.locator("#results")).to_be_focused()
    page.context.close()


# Whether an ancestor that clips its content (overflow other than visible) cuts into the
# focus ring drawn around the element.
RING_CLIPPED = """element => {
  const style = getComputedStyle(element);
  const ring = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
  const box = element.getBoundingClientRect();
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const parentStyle = getComputedStyle(parent);
    if (parentStyle.overflowX === 'visible' && parentStyle.overflowY === 'visible') continue;
    const area = parent.getBoundingClientRect();
    if (box.left - ring < area.left || box.right + ring > area.right ||
        box.top - ring < area.top || box.bottom + ring > area.bottom) return true;
  }
  return false;
}"""


def test_focus_rings_are_seen_whole_and_the_skip_link_shows_when_focused(
    browser, live_server, demo
):
    page = new_page(browser, live_server)
    page.goto("/talks/")
    # From the keyboard, which focus rings are for.
    page.locator(".facet-more summary").focus()
    page.keyboard.press("Enter")
    controls = page.locator(".language-switcher button, #talk-filters input[type=checkbox]")
    assert controls.count() > 30
    for control in controls.all():
        control.focus()
        assert control.evaluate("element => getComputedStyle(element).outlineStyle") == "solid"
        assert not control.evaluate(RING_CLIPPED)

    skip = page.get_by_role("link", name="Skip to the results")
    page.locator("#site-search-q").focus()
    while not skip.evaluate("element => element === document.activeElement"):
        page.keyboard.press("Tab")
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["width"] > 50
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()
    page.context.close()


def test_the_site_follows_the_readers_dark_scheme(browser, live_server, demo):
    page = new_page(browser, live_server, color_scheme="dark")
    page.goto("/talks/")
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background == "rgb(18, 21, 25)"
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_fit_a_phone_readable_in_the_readers_colours(
    browser, live_server, demo, scheme, screenshot
):
    page = new_page(browser, live_server, viewport=PHONE, color_scheme=scheme)
    page.goto("/trends/")
    screenshot(page, f"trends/site-390-{scheme}")
    charts = page.locator("svg.chart-drawing")
    assert charts.count() == 6
    for chart in charts.all():
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # Text no smaller than 10 px once the chart is shrunk to the phone's width.
    smallest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('.chart-text')]"
        ".map(text => text.getBoundingClientRect().height))"
    )
    assert smallest >= 10
    colours = page.evaluate(
        "[getComputedStyle(document.querySelector('.chart-mark')).fill,"
        " getComputedStyle(document.querySelector('.chart-text')).fill]"
    )
    # The accent and the text colours of the scheme.
    if scheme == "light":
        assert colours == ["rgb(11, 87, 164)", "rgb(27, 31, 36)"]
    else:
        assert colours == ["rgb(127, 180, 240)", "rgb(230, 233, 237)"]
    page.goto("/topics/kubernetes/trends/")
    screenshot(page, f"trends/topic-390-{scheme}")
    page.context.close()


def test_a_printed_talk_page_holds_the_talk_and_its_notes_only(browser, live_server, demo):
    page = new_page(browser, live_server, color_scheme="dark")
    page.goto(Talk.objects.get(title=POLE_EMPLOI).get_absolute_url())
    expect(page.locator(".related-talks")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_have_text(POLE_EMPLOI)
    expect(page.locator("article.note")).to_contain_text("About 20,000 pods")
    for part in (".site-header", ".site-footer", ".contribute", ".note-report", ".related-talks"):
        expect(page.locator(part).first).to_be_hidden()
    # Black on white, whatever the screen's scheme.
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    page.pdf(path="/dev/null")
    page.context.close()


def test_screenshots_of_an_admin_change_list_in_the_light_and_the_dark_scheme(
    browser, live_server, demo, editors_group, screenshot
):
    editor = UserFactory(username="editor")
    user_make_editor(user=editor)
    for scheme, background in (("light", "rgb(255, 255, 255)"), ("dark", "rgb(18, 18, 18)")):
        page = new_page(browser, live_server, user=editor, color_scheme=scheme)
        page.goto("/admin/talks/talk/")
        page.evaluate(TRANSITIONS_ENDED)
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
        screenshot(page, f"issue-20/admin-talks-{scheme}")
        page.context.close()


def test_the_admins_autocomplete_filters_are_named_by_their_label(browser, live_server):
    chief = UserFactory(username="chief", is_staff=True, is_superuser=True)
    page = new_page(browser, live_server, user=chief)
    page.goto("/admin/talks/talk/")
    for name in ("Event", "Series"):
        combobox = page.get_by_role("combobox", name=re.compile(f"^{name}"))
        expect(combobox).to_be_visible()
        assert combobox.evaluate("element => element.matches('.select2-selection')")
    page.context.close()


# The names of the talk speakers' fields: the column headers.
FIELD_NAMES_EN = ("Speaker", "Order", "Delete")
FIELD_NAMES_FR = ("Intervenant", "Ordre", "Supprimer")


@pytest.mark.parametrize(("language", "names"), [("en", FIELD_NAMES_EN), ("fr", FIELD_NAMES_FR)])
def test_the_fields_of_the_admins_inline_rows_are_named_by_their_column(
    browser, live_server, language, names
):
    chief = UserFactory(username="chief", is_staff=True, is_superuser=True)
    talk = TalkFactory(speakers=[SpeakerFactory(name="Ada Lovelace")])
    page = new_page(browser, live_server, language=language, user=chief)
    page.goto(f"/admin/talks/talk/{talk.pk}/change/")
    rows = page.locator("#talk_speakers-group")
    speaker, order, delete = names
    # The saved row, named by the chosen speaker too, and the empty row for one more.
    expect(rows.get_by_role("combobox", name=f"{speaker} Ada Lovelace")).to_be_visible()
    expect(rows.get_by_role("combobox", name=speaker, exact=True)).to_be_visible()
    expect(rows.get_by_role("spinbutton", name=order, exact=True)).to_have_count(2)
    expect(rows.get_by_role("checkbox", name=delete, exact=True)).to_have_count(1)
    page.context.close()
