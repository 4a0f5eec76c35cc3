from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from confnotes.curation.actions import PlanSection, merge_then
from confnotes.curation.options import CurationAdmin, subquery_count
from people.models import Speaker, SpeakerAlias, User
from people.services import SpeakerMergePlan, speaker_merge, speaker_merge_plan
from talks.models import TalkSpeaker

admin.site.register(User, UserAdmin)


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 0
    # An alias keeps an old link working: editors re-point it rather than delete it.
    can_delete = False


def _speaker_url(slug: str) -> str:
    return reverse("people:speaker-detail", kwargs={"slug": slug})


def _talk_line(talk) -> str:
    return f"{talk.title} ({talk.event})"


@admin.register(Speaker)
class SpeakerAdmin(CurationAdmin):
    list_display = ("name", "slug", "affiliation", "talk_count", "alias_names")
    search_fields = ("name", "slug", "affiliation", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (SpeakerAliasInline,)
    actions = ("merge",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                talk_count=subquery_count(TalkSpeaker.objects.filter(speaker=OuterRef("pk"))),
                alias_names=ArraySubquery(
                    SpeakerAlias.objects.filter(speaker=OuterRef("pk"))
                    .order_by("name")
                    .values("name")
                ),
            )
        )

    @admin.display(description=_("talks"))
    def talk_count(self, speaker):
        return speaker.talk_count

    @admin.display(description=_("aliases"))
    def alias_names(self, speaker):
        return ", ".join(speaker.alias_names)

    @admin.action(description=_("Merge selected speakers…"), permissions=("change",))
    def merge(self, request, queryset):
        return merge_then(
            self,
            request,
            queryset,
            describe_candidate=self._describe_candidate,
            plan=speaker_merge_plan,
            describe_plan=self._describe_plan,
            merge=speaker_merge,
        )

    def _describe_candidate(self, speaker: Speaker) -> str:
        talks = ngettext("%(count)d talk", "%(count)d talks", speaker.talk_count) % {
            "count": speaker.talk_count
        }
        return ", ".join(filter(None, [speaker.slug, speaker.affiliation, talks]))

    def _describe_plan(self, plan: SpeakerMergePlan) -> list[PlanSection]:
        return [
            PlanSection(
                gettext("Talks that move to %(keep)s") % {"keep": plan.keep},
                [_talk_line(talk) for talk in plan.talks_moved],
            ),
            PlanSection(
                gettext("Talks where both are listed: one entry remains, in the first place"),
                [_talk_line(talk) for talk in plan.talks_shared],
            ),
            PlanSection(
                gettext("Old links that will redirect"),
                [
                    f"{_speaker_url(alias.slug)} → {plan.keep.get_absolute_url()}"
                    for alias in plan.aliases_created
                ],
            ),
            PlanSection(
                gettext("Aliases that move over"),
                [f"{alias.name} ({alias.slug})" for alias in plan.aliases_moved],
            ),
            PlanSection(
                gettext("Details filled in"),
                [
                    f"{Speaker._meta.get_field(detail).verbose_name}: {value}"
                    for detail, value in plan.details_filled.items()
                ],
            ),
        ]


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(CurationAdmin):
    list_display = ("name", "slug", "speaker", "created_at")
    search_fields = ("name", "slug", "speaker__name")
    autocomplete_fields = ("speaker",)
    list_select_related = ("speaker",)
