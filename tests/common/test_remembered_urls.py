import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse

from common.templatetags.remembered_urls import RememberedURLNode


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_the_url_tag_of_every_template_is_the_remembered_one():
    assert isinstance(Template("{% url 'home' %}").nodelist[0], RememberedURLNode)


def test_it_gives_what_reverse_gives_with_arguments_by_name_or_position():
    by_name = reverse("talks:language-detail", kwargs={"code": "fr"})
    assert render("{% url 'talks:language-detail' code=code %}", code="fr") == by_name
    assert render("{% url 'talks:language-detail' 'fr' %}") == by_name
    assert render("{% url 'talks:note-report' pk %}", pk=7) == reverse(
        "talks:note-report", kwargs={"pk": 7}
    )
    # The same tag with another value gives that value's address, not the one remembered.
    assert render("{% url 'talks:language-detail' code=code %}", code="en") == reverse(
        "talks:language-detail", kwargs={"code": "en"}
    )


def test_as_a_variable_it_renders_nothing_and_an_unknown_address_is_empty():
    source = "{% url 'talks:list' as found %}[{{ found }}]{% url 'nowhere' as lost %}[{{ lost }}]"
    assert render(source) == f"[{reverse('talks:list')}][]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'nowhere' %}")


def test_other_values_are_reversed_each_time():
    class Code:
        def __init__(self, text: str):
            self.text = text

        def __str__(self) -> str:
            return self.text

    code = Code("fr")
    source = "{% url 'talks:language-detail' code %}"
    assert render(source, code=code) == "/languages/fr/"
    code.text = "en"
    assert render(source, code=code) == "/languages/en/"
