from django.views.generic import DetailView, TemplateView

from events.models import Event, Series
from talks.selectors import talks_for_listing


class HomeView(TemplateView):
    template_name = "events/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = Event.objects.published().select_related("series")
        return context


class EventDetailView(DetailView):
    queryset = Event.objects.published().select_related("series")
    template_name = "events/event_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["talks"] = talks_for_listing(self.object.talks.all())
        return context


class SeriesDetailView(DetailView):
    model = Series
    template_name = "events/series_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.object.events.published()
        return context
