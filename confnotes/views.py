"""Small pieces shared by the reader views of every app."""

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect


class AliasRedirectMixin:
    """A detail page found by slug that also answers to former slugs (kept as aliases after
    merges and renames) with a permanent redirect, so that old links keep working."""

    alias_model: type[Model]
    # The alias's foreign key to the object it stands for.
    alias_target: str

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            alias = (
                self.alias_model.objects.select_related(self.alias_target)
                .filter(slug=kwargs["slug"])
                .first()
            )
            if alias is None:
                raise
            url = getattr(alias, self.alias_target).get_absolute_url()
            if request.GET:
                url = f"{url}?{request.GET.urlencode()}"
            return HttpResponsePermanentRedirect(url)


class IdsFirstPaginator(Paginator):
    """Pages read in two steps, which keeps deep pages fast: the ids of the page's objects
    from a sort of narrow rows, then `fetch(ids)` (objects by id) with all a list shows.

    `count`, when known already, saves the COUNT query.
    """

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        *,
        fetch: Callable[[list[Any]], dict[Any, Model]],
        count: int | None = None,
        **kwargs: Any,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.fetch = fetch
        if count is not None:
            self.count = count

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
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
