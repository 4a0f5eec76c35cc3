from django.urls import path

from talks import views

app_name = "talks"
urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("talks/<slug:event_slug>/<slug:slug>/", views.TalkDetailView.as_view(), name="detail"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
]
