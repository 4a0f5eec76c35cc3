from django.urls import path

from pages.feeds import calendars
from pages.feeds import notes as note_feeds
from pages.feeds import talks as talk_feeds
from pages.views import contributions as contribution_views
from pages.views import proposals as proposal_views
from pages.views import reports as report_views
from pages.views import slides as slides_views
from pages.views import talks as views
from pages.views import trends as trend_views

app_name = "talks"
urlpatterns = [
    path("talks/", views.TalkListView.as_view(), name="list"),
    # Feeds and calendars of any search: the finder's query string.
    path("talks/feed.atom", talk_feeds.SearchTalkFeed(), name="feed"),
    path("talks/calendar.ics", calendars.search_calendar, name="calendar"),
    path("notes/feed.atom", note_feeds.LatestNoteFeed(), name="note-feed"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("talks/<slug:event_slug>/<slug:slug>/", views.TalkDetailView.as_view(), name="detail"),
    path(
        "talks/<slug:event_slug>/<slug:slug>/notes.atom",
        note_feeds.TalkNoteFeed(),
        name="talk-note-feed",
    ),
    # Copies of PDF slides, framed by talk pages (talks/media.py).
    path("slides/<str:sha256>.pdf", slides_views.slides_copy, name="slides-copy"),
    path("trends/", trend_views.TrendsView.as_view(), name="trends"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("topics/<slug:slug>/trends/", trend_views.TopicTrendsView.as_view(), name="topic-trends"),
    path("topics/<slug:slug>/talks.atom", talk_feeds.TopicTalkFeed(), name="topic-feed"),
    path("languages/<slug:code>/", views.LanguageDetailView.as_view(), name="language-detail"),
    path("languages/<slug:code>/talks.atom", talk_feeds.LanguageTalkFeed(), name="language-feed"),
    # Attendees' writes.
    path("propose/", proposal_views.TalkProposeView.as_view(), name="propose"),
    path(
        "propose/conference/",
        proposal_views.ProgrammeProposeView.as_view(),
        name="propose-programme",
    ),
    path(
        "propose/speakers/",
        proposal_views.SpeakerSuggestionsView.as_view(),
        name="speaker-suggestions",
    ),
    path(
        "propose/lookalikes/",
        proposal_views.DuplicateCheckView.as_view(),
        name="lookalikes",
    ),
    path(
        "talks/<slug:event_slug>/<slug:slug>/notes/new/",
        contribution_views.NoteCreateView.as_view(),
        name="note-create",
    ),
    path(
        "talks/<slug:event_slug>/<slug:slug>/review/",
        contribution_views.ReviewView.as_view(),
        name="review",
    ),
    path("notes/preview/", contribution_views.NotePreviewView.as_view(), name="note-preview"),
    path("notes/<int:pk>/edit/", contribution_views.NoteUpdateView.as_view(), name="note-update"),
    path("notes/<int:pk>/delete/", contribution_views.NoteDeleteView.as_view(), name="note-delete"),
    path("notes/<int:pk>/report/", report_views.NoteReportView.as_view(), name="note-report"),
]
