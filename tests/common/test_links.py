"""Remembered addresses of talks, speakers, events and topics."""

from django.urls import set_script_prefix

from events.models import Event
from talks.models import Talk, Topic


def test_addresses_follow_the_script_prefix():
    topic = Topic(name="Kubernetes", slug="kubernetes")
    talk = Talk(event=Event(slug="kcd-france-2023"), slug="ebpf-with-go")

    at_the_root = [topic.get_absolute_url(), talk.get_absolute_url()]
    set_script_prefix("/notes/")
    try:
        under_a_prefix = [topic.get_absolute_url(), talk.get_absolute_url()]
    finally:
        set_script_prefix("/")

    assert at_the_root == ["/topics/kubernetes/", "/talks/kcd-france-2023/ebpf-with-go/"]
    assert under_a_prefix == [
        "/notes/topics/kubernetes/",
        "/notes/talks/kcd-france-2023/ebpf-with-go/",
    ]
