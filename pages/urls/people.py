from django.urls import path

from pages.feeds import talks as talk_feeds
from pages.views import speakers as views

app_name = "people"
urlpatterns = [
    path("speakers/", views.SpeakerListView.as_view(), name="speaker-list"),
    path("speakers/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker-detail"),
    path("speakers/<slug:slug>/talks.atom", talk_feeds.SpeakerTalkFeed(), name="speaker-feed"),
]
