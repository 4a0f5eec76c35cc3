"""Versions on the talks' admin: the "Versions" panel of a talk's page, where an editor links
the talk to the candidates suggested, unlinks versions and dismisses candidates; the list's
action that links the selected talks; and its filter by whether a talk has versions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from talks.models import Talk
from talks.services.versions import (
    talk_version_unlink,
    talk_versions_link,
    version_candidate_dismiss,
)
from talks.version_selectors import talk_versions, version_candidates

# The list's action links at most this many talks at once: a talk is rarely given more often.
MAX_LINKED = 20


class VersionChangeForm(forms.Form):
    """A button of the "Versions" panel: what to do, and with which other talk."""

    action = forms.ChoiceField(
        choices=[
            ("link", gettext_lazy("Link as versions")),
            ("dismiss", gettext_lazy("Not a version")),
            ("unlink", gettext_lazy("Unlink")),
        ],
        error_messages={
            "required": gettext_lazy("Choose what to do: link, unlink or dismiss."),
            "invalid_choice": gettext_lazy("Choose what to do: link, unlink or dismiss."),
        },
    )
    other = forms.ModelChoiceField(
        queryset=Talk.objects.select_related("event"),
        error_messages={
            "required": gettext_lazy("Choose a talk."),
            "invalid_choice": gettext_lazy(
                "This talk does not exist (any more): reload the page and try again."
            ),
        },
    )


class HasVersionsFilter(admin.SimpleListFilter):
    title = gettext_lazy("versions")
    parameter_name = "versions"

    def lookups(self, request, model_admin):
        return (("yes", gettext_lazy("Has versions")), ("no", gettext_lazy("Has no versions")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(work__isnull=False)
        if self.value() == "no":
            return queryset.filter(work__isnull=True)
        return queryset


class TalkVersionsMixin:
    """For the talks' ModelAdmin: the panel, the address its buttons post to, and the action."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/versions/",
                self.admin_site.admin_view(self.versions_view),
                name="talks_talk_versions",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["versions_panel"] = {
                "talk": obj,
                "versions": list(talk_versions(obj)),
                "candidates": version_candidates(obj),
                "can_change": self.has_change_permission(request, obj),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def versions_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """What a button of the panel posts: the change, then the talk's page again."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        talk = self.get_object(request, unquote(object_id))
        if talk is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, talk):
            raise PermissionDenied
        form = VersionChangeForm(request.POST)
        if form.is_valid():
            self._change_versions(request, talk, form.cleaned_data)
        else:
            errors = [error for field in form.errors.values() for error in field]
            self.message_user(request, " ".join(errors), messages.ERROR)
        change_url = reverse("admin:talks_talk_change", args=[talk.pk])
        return HttpResponseRedirect(f"{change_url}#versions")

    def _change_versions(self, request: HttpRequest, talk: Talk, data: dict) -> None:
        action, other, editor = data["action"], data["other"], request.user
        try:
            if action == "link":
                talk_versions_link(talk=talk, other=other, editor=editor)
                message = _("“%(talk)s” and “%(other)s” are now versions of one talk.")
            elif action == "dismiss":
                version_candidate_dismiss(talk=talk, other=other, editor=editor)
                message = _("“%(other)s” will no longer be suggested as a version of this talk.")
            else:
                if other.pk != talk.pk and (talk.work_id is None or other.work_id != talk.work_id):
                    raise ValidationError(
                        _("“%(other)s” is not a version of this talk: nothing was changed.")
                        % {"other": other}
                    )
                talk_version_unlink(talk=other, editor=editor)
                message = _("“%(other)s” is no longer linked to other versions.")
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, message % {"talk": talk, "other": other}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Link as versions of one talk"), permissions=("change",))
    def link_versions(self, request, queryset):
        talks = list(queryset.order_by("pk")[: MAX_LINKED + 1])
        if not 2 <= len(talks) <= MAX_LINKED:
            self.message_user(
                request,
                _("Select between 2 and %(count)d talks to link: nothing was changed.")
                % {"count": MAX_LINKED},
                messages.WARNING,
            )
            return
        first, *others = talks
        try:
            with transaction.atomic():
                for other in others:
                    talk_versions_link(talk=first, other=other, editor=request.user)
        except ValidationError as error:
            messages_text = " ".join(error.messages)
            self.message_user(
                request,
                _("%(error)s Nothing was changed.") % {"error": messages_text},
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d talk is now a version of one talk.",
                "%(count)d talks are now versions of one talk.",
                len(talks),
            )
            % {"count": len(talks)},
            messages.SUCCESS,
        )
