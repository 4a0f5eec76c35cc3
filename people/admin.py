from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.translation import gettext

from common.curation.actions import PlanSection
from common.curation.inlines import CurationTabularInline
from common.curation.options import CurationAdmin, MergeableAdmin
from people.models import Speaker, SpeakerAlias, User
from people.services import SpeakerMergePlan, speaker_merge, speaker_merge_plan
from talks.models import TalkSpeaker

admin.site.register(User, UserAdmin)


class SpeakerAliasInline(CurationTabularInline):
    model = SpeakerAlias
    extra = 0
    # An alias keeps an old link working: editors re-point it rather than delete it.
    can_delete = False


def _speaker_url(slug: str) -> str:
    return reverse("people:speaker-detail", kwargs={"slug": slug})


def _talk_line(talk) -> str:
    return f"{talk.title} ({talk.event})"


@admin.register(Speaker)
class SpeakerAdmin(MergeableAdmin):
    list_display = ("name", "slug", "affiliation", "talk_count", "alias_names")
    search_fields = ("name", "slug", "affiliation", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (SpeakerAliasInline,)
    talk_links = (TalkSpeaker, "speaker")
    alias_links = (SpeakerAlias, "speaker")
    merge_plan = staticmethod(speaker_merge_plan)
    merge_service = staticmethod(speaker_merge)

    def describe_candidate(self, speaker: Speaker) -> str:
        talks = super().describe_candidate(speaker)
        return ", ".join(filter(None, [speaker.slug, speaker.affiliation, talks]))

    def describe_plan(self, plan: SpeakerMergePlan) -> list[PlanSection]:
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
                    gettext("%(field)s: %(value)s")
                    % {"field": Speaker._meta.get_field(detail).verbose_name, "value": value}
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
