"""Small pieces shared by the reader views of every app."""

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


def page_of(request: HttpRequest, queryset: QuerySet, per_page: int) -> Page:
    """The page of `queryset` named by `?page=`, or the nearest page that exists."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
