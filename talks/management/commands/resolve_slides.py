from django.core.management import BaseCommand
from django.db.models import F

from talks.models import Talk
from talks.services.slides import talk_slides_resolve


class Command(BaseCommand):
    help = (
        "Find the players of talks' slides not found yet (Speaker Deck and SlideShare decks' "
        "ids, copies of PDF slides): for talks saved before, or whose slides could not be "
        "fetched then."
    )

    def handle(self, *args, **options):
        talks = (
            Talk.objects.exclude(slides_url="")
            .exclude(slides_player_for=F("slides_url"))
            .order_by("pk")
        )
        tried = found = 0
        for talk in talks.iterator(chunk_size=100):
            tried += 1
            found += talk_slides_resolve(talk=talk)
        self.stdout.write(f"{tried} slides addresses tried, {found} players found.")
