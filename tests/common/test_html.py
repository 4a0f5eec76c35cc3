"""HTML written in Python: every value escaped unless it is HTML already."""

from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString

from common.html import escaped, html, html_for_each


def test_text_is_escaped_and_html_is_kept():
    assert escaped("Rock & <roll> \"'") == "Rock &amp; &lt;roll&gt; &quot;&#x27;"
    assert escaped("Nothing to escape") == "Nothing to escape"
    assert escaped(SafeString("<b>bold</b>")) == "<b>bold</b>"
    assert escaped(3) == "3"


def test_a_lazy_text_is_escaped_as_the_text_it_stands_for():
    assert escaped(SimpleLazyObject(lambda: "<b>")) == "&lt;b&gt;"
    assert html("<p>{}</p>", SimpleLazyObject(lambda: "a & b")) == "<p>a &amp; b</p>"


def test_each_row_fills_the_template_escaped():
    rows = [("/a", "A & B"), ("/b", SafeString("<em>C</em>"))]

    assert html_for_each(", ", '<a href="{}">{}</a>', rows) == (
        '<a href="/a">A &amp; B</a>, <a href="/b"><em>C</em></a>'
    )
