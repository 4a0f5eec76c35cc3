"""The JSON API's addresses, under /api/ (docs/api.md)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import views
from api.docs import ApiDocsView

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("events/", views.EventList.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetail.as_view(), name="event-detail"),
    path("series/", views.SeriesList.as_view(), name="series-list"),
    path("series/<slug:slug>/", views.SeriesDetail.as_view(), name="series-detail"),
    path("talks/", views.TalkList.as_view(), name="talk-list"),
    path("talks/<slug:event_slug>/<slug:slug>/", views.TalkDetail.as_view(), name="talk-detail"),
    path(
        "talks/<slug:event_slug>/<slug:slug>/notes/",
        views.TalkNoteList.as_view(),
        name="talk-note-list",
    ),
    path(
        "talks/<slug:event_slug>/<slug:slug>/reviews/",
        views.TalkReviewList.as_view(),
        name="talk-review-list",
    ),
    path("speakers/", views.SpeakerList.as_view(), name="speaker-list"),
    path("speakers/<slug:slug>/", views.SpeakerDetail.as_view(), name="speaker-detail"),
    path("topics/", views.TopicList.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetail.as_view(), name="topic-detail"),
    path("topics/<slug:slug>/trends/", views.TopicTrends.as_view(), name="topic-trends"),
    path("trends/", views.Trends.as_view(), name="trends"),
    path("languages/", views.LanguageList.as_view(), name="language-list"),
    path("notes/", views.NoteList.as_view(), name="note-list"),
    path("reviews/", views.ReviewList.as_view(), name="review-list"),
]
