from django.urls import path

from pages.feeds import calendars
from pages.feeds import talks as talk_feeds
from pages.views import events as views
from pages.views import schedules

app_name = "events"
urlpatterns = [
    path("events/", views.EventListView.as_view(), name="list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("events/<slug:slug>/schedule.json", schedules.event_schedule_json, name="schedule-json"),
    path("events/<slug:slug>/schedule.xml", schedules.event_schedule_xml, name="schedule-xml"),
    path("events/<slug:slug>/talks.atom", talk_feeds.EventTalkFeed(), name="talk-feed"),
    path("events/<slug:slug>/programme.ics", calendars.event_calendar, name="calendar"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series-detail"),
    path("series/<slug:slug>/talks.atom", talk_feeds.SeriesTalkFeed(), name="series-talk-feed"),
]
