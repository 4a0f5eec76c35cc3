from django.urls import path

from pages.views import events as views

app_name = "events"
urlpatterns = [
    path("events/", views.EventListView.as_view(), name="list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series-detail"),
]
