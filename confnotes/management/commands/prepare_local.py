from django.conf import settings
from django.core.management import BaseCommand, call_command

from events.models import Event
from people.models import User
from people.services import user_make_editor

LOCAL_EDITOR_USERNAME = "editor"
LOCAL_EDITOR_PASSWORD = "editor"


class Command(BaseCommand):
    help = (
        "Get a developer's database ready for `make run`: migrate, load the demo data when "
        "there are no events, and (embedded database with DEBUG on only) create a local "
        "editor account."
    )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not Event.objects.exists():
            self.stdout.write("The database is empty: loading the demo data.")
            call_command("load_demo")
        if settings.EMBEDDED_DATABASE and settings.DEBUG:
            self._ensure_local_editor()

    def _ensure_local_editor(self):
        editor, created = User.objects.get_or_create(
            username=LOCAL_EDITOR_USERNAME, defaults={"email": "editor@localhost"}
        )
        if created:
            editor.set_password(LOCAL_EDITOR_PASSWORD)
        # An editor, not a superuser: the local account shows exactly what editors see.
        editor.is_superuser = False
        editor.save()
        user_make_editor(user=editor)
        self.stdout.write(
            self.style.SUCCESS(
                f"Local editor account: {LOCAL_EDITOR_USERNAME} / {LOCAL_EDITOR_PASSWORD} "
                "at http://127.0.0.1:8000/admin/ (this database only)"
            )
        )
