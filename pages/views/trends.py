"""Pictures of the field: the site's and a topic's trends over the years, as charts with the
numbers under each (read from the trends' counts by talks/trend_selectors.py, written by
pages/trend_charts.py, drawn by pages/charts.py)."""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.generic import DetailView, TemplateView

from pages.charts import Chart
from pages.trend_charts import site_charts, topic_charts
from talks.models import Topic
from talks.trend_selectors import TopicTrends, Trends, site_trends, topic_trends

# What is drawn of one counting is kept until the trends are counted again, at most this long.
DRAWN_CACHE_SECONDS = 15 * 60
# Changing what is cached changes this, so that a deployment never reads the former shape.
CACHE_VERSION = 1


def drawn(name: str, trends: Trends | TopicTrends, charts: Callable[..., list[Chart]]) -> str:
    """The charts of `trends`, drawn once per counting and language: drawing and writing the
    numbers of a page costs several times what reading them from the cache does."""
    counted = trends.counted_at.timestamp() if trends.counted_at else "never"
    key = f"trends:{CACHE_VERSION}:drawn:{name}:{counted}:{get_language()}"
    return cache.get_or_set(
        key,
        lambda: render_to_string("talks/_charts.html", {"charts": charts(trends)}),
        DRAWN_CACHE_SECONDS,
    )


class TrendsView(TemplateView):
    """The whole site's pictures: talks and notes, languages, rising and falling topics and
    the busiest speakers, year by year."""

    template_name = "talks/trends.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        trends = site_trends()
        context["charts"] = drawn("site", trends, site_charts)
        context["counted_at"] = trends.counted_at
        return context


class TopicTrendsView(DetailView):
    """One topic's pictures: its talks and notes, its share of the talks, its languages, the
    topics its talks share and its busiest speakers, year by year."""

    queryset = Topic.objects.public()
    template_name = "talks/topic_trends.html"
    context_object_name = "topic"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        trends = topic_trends(self.object)
        context["charts"] = drawn(f"topic:{self.object.pk}", trends, topic_charts)
        context["counted_at"] = trends.counted_at
        return context
