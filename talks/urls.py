from django.urls import path

from talks import report_views, views

app_name = "talks"
urlpatterns = [
    path("talks/<slug:event_slug>/<slug:slug>/", views.TalkDetailView.as_view(), name="detail"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("notes/<int:pk>/report/", report_views.NoteReportView.as_view(), name="note-report"),
]
