"""The site's URLs plus the hello-world view that gives the benchmark its upper bound."""

from django.http import HttpResponse
from django.urls import path

from confnotes.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello, name="bench-hello"), *site_urlpatterns]
