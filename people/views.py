from django.views.generic import DetailView

from people.models import Speaker
from talks.models import Talk
from talks.selectors import talks_for_listing


class SpeakerDetailView(DetailView):
    model = Speaker
    template_name = "people/speaker_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["talks"] = talks_for_listing(Talk.objects.filter(speakers=self.object))
        return context
