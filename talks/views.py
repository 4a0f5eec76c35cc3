from django.db.models import Avg, Count
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from talks.models import Talk, Topic
from talks.selectors import talks_for_listing


class TalkDetailView(DetailView):
    template_name = "talks/talk_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            talks_for_listing(),
            event__slug=self.kwargs["event_slug"],
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        talk = self.object
        context["notes"] = talk.notes.published().select_related("author").order_by("published_at")
        reviews = talk.reviews.published().select_related("author")
        context["reviews"] = reviews
        context["rating"] = reviews.aggregate(average=Avg("rating"), count=Count("rating"))
        return context


class TopicDetailView(DetailView):
    model = Topic
    template_name = "talks/topic_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["talks"] = talks_for_listing(Talk.objects.filter(topics=self.object))
        return context
