"""Pieces shared by the reader pages of every app: redirects from former slugs, shareable
filter addresses, pages read ids first, and the summaries that search engines and link previews
show."""

from collections.abc import Callable
from typing import Any

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Model, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    QueryDict,
)
from django.shortcuts import redirect
from django.utils.text import Truncator
from django_htmx.http import push_url

from pages.filtering import ReportingFilterSet

# How long a page's summary (its meta description and link preview) is.
SUMMARY_WORDS = 40


def page_summary(text: str, *, otherwise: str) -> str:
    """The first words of a page's own text for its summary, or `otherwise` without one."""
    return Truncator(text).words(SUMMARY_WORDS) or otherwise


def former_slug_redirect(
    request: HttpRequest,
    slug: str,
    *,
    alias_model: type[Model],
    alias_target: str,
    among: QuerySet,
    url_of: Callable[[Model], str],
) -> HttpResponsePermanentRedirect | None:
    """A permanent redirect from a former slug (an alias kept after a merge or a rename) to
    `url_of` the object it stands for, the query string kept; None when `slug` is no alias
    of an object of `among`. `alias_target` is the alias's foreign key to that object."""
    alias = (
        alias_model.objects.select_related(alias_target)
        .filter(slug=slug, **{f"{alias_target}__in": among})
        .first()
    )
    if alias is None:
        return None
    url = url_of(getattr(alias, alias_target))
    if request.GET:
        url = f"{url}?{request.GET.urlencode()}"
    return HttpResponsePermanentRedirect(url)


class AliasRedirectMixin:
    """A detail page found by slug that also answers to former slugs (kept as aliases after
    merges and renames) with a permanent redirect, so that old links keep working. An alias
    of an object that the view's queryset leaves out is not found either."""

    alias_model: type[Model]
    # The alias's foreign key to the object it stands for.
    alias_target: str

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = former_slug_redirect(
                request,
                kwargs["slug"],
                alias_model=self.alias_model,
                alias_target=self.alias_target,
                among=self.get_queryset(),
                url_of=lambda target: target.get_absolute_url(),
            )
            if moved is None:
                raise
            return moved


class ShareableAddressMixin:
    """A filtered list whose address holds its filters, and nothing else: empty parameters
    (a GET form lists every field) and `default_parameters` are dropped, by a redirect for a
    plain request, in the address htmx pushes into the history for an htmx one.

    The values that its filterset (`self.filterset`, a pages.filtering.ReportingFilterSet)
    reports and ignores are left out of the address htmx pushes, of the page links and of
    the language switcher's return address; a plain request keeps its own address, which
    shows the message again when reloaded. A page that does not exist is such a value: the
    first page shows instead.
    """

    default_parameters: dict[str, str] = {}
    filterset: ReportingFilterSet

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.query = QueryDict(mutable=True)
        for key, values in request.GET.lists():
            kept = [v for v in values if v and v != self.default_parameters.get(key)]
            if kept:
                self.query.setlist(key, kept)
        if not request.htmx and self.query != request.GET:
            return redirect(self._address(self.query))
        response = super().get(request, *args, **kwargs)
        if request.htmx:
            push_url(response, self.shareable_url)
        return response

    def paginate_queryset(
        self, queryset: QuerySet, page_size: int
    ) -> tuple[Paginator, Page, list[Any], bool]:
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        try:
            page = paginator.page(self.filterset.valid_values().get("page", 1))
        except InvalidPage:
            self.filterset.ignore("page", self.request.GET["page"])
            page = paginator.page(1)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for key, ignored in self.filterset.ignored().items():
            kept = [value for value in self.query.getlist(key) if value not in ignored]
            self.query.setlist(key, kept)
            if not kept:
                del self.query[key]
        self.shareable_url = self._address(self.query)
        context.update(query=self.query, shareable_url=self.shareable_url)
        return context

    def _address(self, query: QueryDict) -> str:
        return f"{self.request.path}?{query.urlencode()}" if query else self.request.path


class IdsFirstPaginator(Paginator):
    """Pages read in two steps, which keeps deep pages fast: the ids of the page's objects
    from a sort of narrow rows, then `fetch(ids)` (objects by id) with all a list shows.

    `count`, when known already, saves the COUNT query; `ids`, the ids of all the objects in
    their order when known already, saves both queries but `fetch`.
    """

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        *,
        fetch: Callable[[list[Any]], dict[Any, Model]],
        count: int | None = None,
        ids: list[Any] | None = None,
        **kwargs: Any,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.fetch = fetch
        self.ids = ids
        if ids is not None:
            self.count = len(ids)
        elif count is not None:
            self.count = count

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.ids is None:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        else:
            ids = self.ids[bottom:top]
        objects = self.fetch(ids)
        return self._get_page([objects[pk] for pk in ids], number, self)


def page_of(
    request: HttpRequest,
    queryset: QuerySet,
    per_page: int,
    *,
    fetch: Callable[[list[Any]], dict[Any, Model]],
) -> Page:
    """The page of `queryset` named by `?page=` (or the nearest that exists), read ids first."""
    paginator = IdsFirstPaginator(queryset, per_page, fetch=fetch)
    return paginator.get_page(request.GET.get("page"))
