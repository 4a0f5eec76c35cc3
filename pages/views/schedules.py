"""An event's programme for schedule apps (Giggity, ConfClerk, EventFahrplan) and for
import_schedule: schedule JSON version 2 and frab's schedule.xml (docs/importing.md)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404

from events.models import Event
from talks.schedule.exporter import schedule_json, schedule_xml


def _published_event(slug: str) -> Event:
    """Only a published event's programme is public, even to its proposer."""
    return get_object_or_404(Event.objects.published(), slug=slug)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def event_schedule_json(request: HttpRequest, slug: str) -> JsonResponse:
    event = _published_event(slug)
    return JsonResponse(
        schedule_json(event, base_url=_base_url(request)),
        json_dumps_params={"ensure_ascii": False},
    )


def event_schedule_xml(request: HttpRequest, slug: str) -> HttpResponse:
    event = _published_event(slug)
    return HttpResponse(
        schedule_xml(event, base_url=_base_url(request)),
        # The XML declaration names its encoding.
        content_type="application/xml",
    )
