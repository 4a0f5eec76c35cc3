"""Admin actions that ask before they act: a reason for the author, or which record to keep.

Each action posts back to the changelist, as Django's own "delete selected" does: the first
post shows an intermediate page, the page posts again with the editor's answer, and only then
does the service run.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ModelAdmin, helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common.forms import TextareaField

# An action applies to at most this many rows at once: each row is locked and logged.
MAX_SELECTION = 1000


class ReasonForm(forms.Form):
    reason = TextareaField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy("Optional. The author sees it next to their contribution."),
    )


def _too_many(modeladmin: ModelAdmin, request: HttpRequest, queryset: models.QuerySet) -> bool:
    if queryset[: MAX_SELECTION + 1].count() > MAX_SELECTION:
        modeladmin.message_user(
            request,
            _("Select at most %(count)d rows at a time: nothing was changed.")
            % {"count": MAX_SELECTION},
            messages.WARNING,
        )
        return True
    return False


def _page_context(modeladmin, request, queryset, *, title: str, action: str) -> dict:
    return {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "objects": list(queryset),
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }


def ask_reason_then(
    modeladmin: ModelAdmin,
    request: HttpRequest,
    queryset: models.QuerySet,
    *,
    title: str,
    apply: Callable[[str], int],
    done: Callable[[int], str],
) -> TemplateResponse | None:
    """Ask for an optional reason, then `apply(reason)` and tell how many rows changed."""
    if _too_many(modeladmin, request, queryset):
        return None
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        modeladmin.message_user(request, done(apply(form.cleaned_data["reason"])))
        return None
    action = request.POST["action"]
    context = _page_context(modeladmin, request, queryset, title=title, action=action)
    return TemplateResponse(request, "admin/curation/action_reason.html", {**context, "form": form})


def moderation_action(
    service: Callable[..., int],
    *,
    objects: str,
    description: str,
    done: str,
    ask_reason: str | None = None,
) -> Callable:
    """An admin action that runs `service(<objects>=selection, editor=...)` and tells how many
    rows changed (`done`, an ngettext_lazy on "count"). With `ask_reason`, the title of an
    intermediate page, the editor first gives an optional reason for the authors."""

    @admin.action(description=description, permissions=("change",))
    def action(modeladmin, request, queryset):
        def apply(**reason) -> int:
            return service(**{objects: queryset}, editor=request.user, **reason)

        if ask_reason is None:
            modeladmin.message_user(request, done % {"count": apply()})
            return None
        return ask_reason_then(
            modeladmin,
            request,
            queryset,
            title=ask_reason,
            apply=lambda reason: apply(reason=reason),
            done=lambda count: done % {"count": count},
        )

    return action


@dataclass(frozen=True)
class PlanSection:
    """One part of a merge's confirmation page: a heading and the lines under it."""

    heading: str
    lines: Sequence[str]


def merge_then(
    modeladmin: ModelAdmin,
    request: HttpRequest,
    queryset: models.QuerySet,
    *,
    describe_candidate: Callable[[models.Model], str],
    plan: Callable[..., object],
    describe_plan: Callable[[object], list[PlanSection]],
    merge: Callable[..., object],
) -> TemplateResponse | HttpResponseRedirect | None:
    """Merge the selection: pick the row to keep, review what changes, then merge."""
    opts = modeladmin.model._meta
    candidates = list(queryset[: MAX_SELECTION + 1])
    if not 2 <= len(candidates) <= MAX_SELECTION:
        modeladmin.message_user(
            request,
            _("Select between 2 and %(count)d %(name)s to merge: nothing was changed.")
            % {"count": MAX_SELECTION, "name": opts.verbose_name_plural},
            messages.WARNING,
        )
        return None
    by_pk = {str(candidate.pk): candidate for candidate in candidates}
    keep = by_pk.get(request.POST.get("keep", ""))
    context = _page_context(
        modeladmin,
        request,
        queryset,
        title=_("Merge %(name)s") % {"name": opts.verbose_name_plural},
        action=request.POST["action"],
    )
    if keep is None:
        return TemplateResponse(
            request,
            "admin/curation/merge_choose.html",
            {
                **context,
                "candidates": [
                    (candidate, describe_candidate(candidate)) for candidate in candidates
                ],
            },
        )
    duplicates = [candidate for candidate in candidates if candidate.pk != keep.pk]
    if "confirm" not in request.POST:
        return TemplateResponse(
            request,
            "admin/curation/merge_confirm.html",
            {
                **context,
                "keep": keep,
                "duplicates": duplicates,
                "sections": describe_plan(plan(keep=keep, duplicates=duplicates)),
            },
        )
    try:
        merge(keep=keep, duplicates=duplicates, editor=request.user)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None
    modeladmin.message_user(
        request,
        ngettext(
            "Merged %(count)d duplicate into “%(keep)s”.",
            "Merged %(count)d duplicates into “%(keep)s”.",
            len(duplicates),
        )
        % {"count": len(duplicates), "keep": keep},
        messages.SUCCESS,
    )
    change_url = reverse(
        f"{modeladmin.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
        args=[keep.pk],
    )
    return HttpResponseRedirect(change_url)
