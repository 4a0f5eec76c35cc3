"""`{% url %}` with the address remembered (common.links.remembered_reverse): a built-in of
the project's templates (settings.TEMPLATES), in place of Django's own.

Every page's header and footer reverse a dozen addresses, and the home page thirty: reversing
one costs more than rendering the rest of its link. Addresses made of other values than
strings and numbers (a model whose text is its address's part) are reversed each time.
"""

from django import template
from django.template.base import Parser, Token
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from common.links import remembered_reverse

register = template.Library()

# What an address may be remembered from: values whose text is always the same.
_REMEMBERED_TYPES = (str, int)


class RememberedURLNode(URLNode):
    def render(self, context: template.Context) -> str:
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple((name, value.resolve(context)) for name, value in self.kwargs.items())
        values = [*args, *(value for _, value in kwargs)]
        if not all(value.__class__ in _REMEMBERED_TYPES for value in values):
            return super().render(context)
        url = ""
        try:
            url = remembered_reverse(
                self.view_name.resolve(context), args, kwargs, _current_app(context)
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _current_app(context: template.Context) -> str | None:
    # As URLNode.render finds it.
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


@register.tag
def url(parser: Parser, token: Token) -> RememberedURLNode:
    """Django's `{% url %}`, same syntax and output."""
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
