import statistics
import time

from django.contrib import admin
from django.core.management import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from people.models import User

# The lists editors use most, as they use them: filtered, searched, deep in the pages.
EXTRA_QUERIES = {
    "admin:talks_note_changelist": ["status__exact=pending", "q=kubernetes", "p=50"],
    "admin:talks_talk_changelist": [
        "status__exact=pending",
        "language=fr",
        "year=2024",
        "event=1",
        "topic=1",
        "q=kubernetes",
        "q=martin",
        "p=50",
    ],
    "admin:talks_notereport_changelist": ["resolved__exact=0"],
    "admin:people_speaker_changelist": ["q=martin"],
}


class Command(BaseCommand):
    help = (
        "Time every admin list (and a few filtered ones) as an editor sees them: median and "
        "slowest of several requests, and the number of SQL queries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor", help="The account to log in as.")
        parser.add_argument("--runs", type=int, default=5, help="Timed requests per list.")

    def handle(self, *args, username, runs, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"No account named {username!r}: create it first.") from error
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        self.stdout.write(f"{'list':<60} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for url in self._urls(user):
            self.stdout.write(self._measure(client, url, runs))

    def _urls(self, user: User):
        for model in sorted(admin.site._registry, key=lambda model: model._meta.label):
            if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
                continue
            url_name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
            yield reverse(url_name)
            for query in EXTRA_QUERIES.get(url_name, []):
                yield f"{reverse(url_name)}?{query}"

    def _measure(self, client: Client, url: str, runs: int) -> str:
        # A first request warms the caches, a second counts the queries; the timed ones follow.
        client.get(url)
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url)
        if response.status_code != 200:
            return f"{url:<60} HTTP {response.status_code}"
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        median, slowest = statistics.median(timings), max(timings)
        return f"{url:<60} {median:>10.0f} {slowest:>8.0f} {len(queries):>8}"
