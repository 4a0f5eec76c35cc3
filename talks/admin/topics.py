"""Topics and their aliases; merging synonyms."""

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from common.curation.actions import PlanSection
from common.curation.inlines import CurationTabularInline
from common.curation.options import CurationAdmin, MergeableAdmin
from talks.models import TaggedTalk, Topic, TopicAlias
from talks.services.topics import TopicMergePlan, topic_merge, topic_merge_plan

# Topics are talks.Topic; django-taggit's own tag model stays empty.
admin.site.unregister(Tag)


class TopicAliasInline(CurationTabularInline):
    model = TopicAlias
    extra = 0
    # An alias keeps an old link working: editors re-point it rather than delete it.
    can_delete = False


@admin.register(Topic)
class TopicAdmin(MergeableAdmin):
    list_display = ("name", "slug", "talk_count", "alias_names")
    search_fields = ("name", "slug", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (TopicAliasInline,)
    talk_links = (TaggedTalk, "tag")
    alias_links = (TopicAlias, "topic")
    merge_plan = staticmethod(topic_merge_plan)
    merge_service = staticmethod(topic_merge)

    def describe_plan(self, plan: TopicMergePlan) -> list[PlanSection]:
        retagged = _(
            "Talks that get “%(keep)s” instead: %(retagged)d; that already have it: %(already)d."
        ) % {
            "retagged": plan.talks_retagged,
            "already": plan.talks_already_tagged,
            "keep": plan.keep,
        }
        return [
            PlanSection(
                _("Talks retagged"),
                [retagged, *(f"{talk.title} ({talk.event})" for talk in plan.talks_sample)],
            ),
            PlanSection(
                _("Old links that will redirect"),
                [
                    f"{reverse('talks:topic-detail', kwargs={'slug': alias.slug})} → "
                    f"{plan.keep.get_absolute_url()}"
                    for alias in plan.aliases_created
                ],
            ),
            PlanSection(
                _("Aliases that move over"),
                [f"{alias.name} ({alias.slug})" for alias in plan.aliases_moved],
            ),
            PlanSection(
                _("Description filled in"),
                [plan.description_filled] if plan.description_filled else [],
            ),
        ]


@admin.register(TopicAlias)
class TopicAliasAdmin(CurationAdmin):
    list_display = ("name", "slug", "topic")
    search_fields = ("name", "slug", "topic__name")
    autocomplete_fields = ("topic",)
    list_select_related = ("topic",)
