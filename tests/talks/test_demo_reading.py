"""Readers on the demo data: the finder and the pages give exactly the demo's talks."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event, Series
from people.models import Speaker, User
from talks.models import Talk, Topic

pytestmark = pytest.mark.django_db

# Titles as the conferences publish them, typographic apostrophes and dashes included.
KUBERNETES_IN_FRENCH = [
    "Database operators in Kubernetes: a deep dive",
    "How do you pronounce kubectl?",
    "Keynote d'ouverture Cloud Native Days France 2026",
    "Kubernetes at the French National Education",
    "Kubernetes in production at Pôle Emploi",
    "Le jour où nous avons cassé Kubernetes… et comment nous l’avons réparé",  # noqa: RUF001
    "Limits, Requests, QoS, PriorityClasses, on balaie ce que vous pensiez savoir sur le "
    "scheduling dans Kubernetes",
    "Stop the Fight : doper et unifier HPA, VPA et KEDA avec des métriques avancées",
    "VPC in k8s: not as simple as it appears",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for this module's tests (which only read it)."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=StringIO())
        yield
        Talk.objects.all().delete()
        Event.objects.all().delete()
        Series.objects.all().delete()
        Speaker.objects.all().delete()
        Topic.objects.all().delete()
        User.objects.filter(username__startswith="demo-").delete()


def titles(response) -> list[str]:
    return sorted(talk.title for talk in response.context["talks"])


def counts(response, facet: str) -> dict[str, int]:
    return {option.value: option.count for option in response.context["facets"].options[facet]}


def test_kubernetes_talks_in_french(client, demo):
    response = client.get(reverse("talks:list"), {"topic": "kubernetes", "language": "fr"})

    assert titles(response) == KUBERNETES_IN_FRENCH
    assert response.context["paginator"].count == 9
    # With Kubernetes chosen, each language counts its Kubernetes talks.
    assert counts(response, "language") == {"fr": 9, "en": 18, "nl": 1}
    # With French chosen, each topic counts its French talks.
    assert counts(response, "topic")["kubernetes"] == 9


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"event": "kubecon-europe-2024", "format": "keynote"},
            [
                "Accelerating AI Workloads with GPUs in Kubernetes",
                "Keynote: A 10-year Detour: The Future of Application Delivery in a "
                "Containerized World",
                "Keynote: Success Not Guaranteed",
                "Keynote: 🇫🇷 Hip, Hip, Beret! No Cap, Just Cloud Native Facts",
                "Opening Keynote – Friday",  # noqa: RUF001
                "Opening Keynote – Wednesday",  # noqa: RUF001
                "Sponsored Keynote: Crossplane - The Best Kept Secret in Platform Engineering",
            ],
        ),
        (
            {"speaker": "mathieu-herbert"},
            ["Terramate, l'outil qui fait scaler votre code Terraform"],
        ),
        ({"q": "terraform"}, ["Terramate, l'outil qui fait scaler votre code Terraform"]),
        ({"min_rating": "5", "topic": "kubernetes"}, ["Kubernetes in production at Pôle Emploi"]),
        (
            {"has_notes": "false"},
            [
                "Crossplane Intro and Deep Dive - the Cloud Native Control Plane Framework",
                "I'll Let Myself In: Kubernetes Privilege Escalation Tactics",
            ],
        ),
        (
            {"year": "2024", "topic": "webassembly"},
            [
                "Keynote Panel Discussion: Revolutionizing Cloud Native Architectures with "
                "WebAssembly",
                "Leveling up Wasm Support in Kubernetes",
            ],
        ),
        ({"series": "kubernetes-community-days-france", "language": "en"}, []),
        ({"language": "nl"}, ["De Nederlandse Kubernetes Podcast"]),
    ],
)
def test_demo_filters(client, demo, query, expected):
    assert titles(client.get(reverse("talks:list"), query)) == expected


def test_demo_facets_without_filters(client, demo):
    response = client.get(reverse("talks:list"))

    assert response.context["paginator"].count == 48
    assert counts(response, "year") == {"2026": 5, "2025": 4, "2024": 31, "2023": 8}
    assert counts(response, "language") == {"en": 31, "fr": 16, "nl": 1}
    assert counts(response, "format") == {
        "keynote": 11,
        "talk": 32,
        "panel": 3,
        "round-table": 1,
        "hands-on-lab": 1,
    }
    assert counts(response, "min_rating") == {"5": 9, "4": 22, "3": 28, "2": 28, "1": 29}
    assert counts(response, "has_notes") == {"true": 46}


def test_demo_pages_in_french(client, demo):
    client.cookies["django_language"] = "fr"

    home = client.get(reverse("home")).content.decode()
    talk = client.get("/talks/kcd-france-2023/kubernetes-in-production-at-pole-emploi/")

    assert "Les notes de conférences de la communauté" in home
    assert "Kubernetes Community Days France 2023" in home
    html = talk.content.decode()
    assert '<html lang="fr">' in html
    # A French talk, with notes taken in English.
    assert 'lang="en"' in html and "Par demo-kcd, en anglais" in html
    assert "Évaluation moyenne 5,0/5 sur 1 évaluation" in html
