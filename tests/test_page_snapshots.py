"""The page snapshot script tells identical recordings from differing ones."""

from tests.page_snapshots import VOLATILE, compare, record

PAGES = {"00-anonymous-en.html": "<h1>Talks</h1>\n<p>48 talks</p>", "01-editor-fr.html": "<p>a</p>"}


def test_compare_passes_identical_pages(tmp_path, capsys):
    record(PAGES, tmp_path)

    assert compare(PAGES, tmp_path) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 of 2 pages identical, 0 differ"


def test_compare_shows_each_changed_missing_and_new_page(tmp_path, capsys):
    record(PAGES, tmp_path)
    after = {"00-anonymous-en.html": "<h1>Talks</h1>\n<p>47 talks</p>", "02-new-en.html": ""}

    assert compare(after, tmp_path) == 1
    output = capsys.readouterr().out
    assert "-<p>48 talks</p>\n+<p>47 talks</p>" in output
    assert "01-editor-fr.html: missing" in output
    assert "02-new-en.html: new" in output
    assert output.splitlines()[-1] == "0 of 3 pages identical, 3 differ"


def test_tokens_and_nonces_are_left_out_of_the_comparison():
    html = (
        '<input type="hidden" name="csrfmiddlewaretoken" value="a1B2">'
        '<body hx-headers=\'{"X-CSRFToken": "c3D4"}\'><script nonce="e5F6">'
    )
    for pattern, replacement in VOLATILE:
        html = pattern.sub(replacement, html)

    assert html == (
        '<input type="hidden" name="csrfmiddlewaretoken" value="<csrf>">'
        '<body hx-headers=\'{"X-CSRFToken": "<csrf>"}\'><script nonce="<nonce>">'
    )
