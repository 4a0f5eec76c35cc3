from django.urls import path

from talks import views

app_name = "talks"
urlpatterns = [
    path("talks/", views.TalkListView.as_view(), name="list"),
    path("talks/<slug:event_slug>/<slug:slug>/", views.TalkDetailView.as_view(), name="detail"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("languages/<slug:code>/", views.LanguageDetailView.as_view(), name="language-detail"),
]
