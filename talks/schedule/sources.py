"""Where a schedule comes from when someone gives it on a page: a file they upload, or an
address the server fetches (common/fetching.py, with its limits). Editors import it in the
admin; attendees fill the programme form from it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.fetching import MAX_BYTES, fetch


class ScheduleSourceForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "A schedule JSON (frab, pretalx, the CCC hub), a schedule.xml or Sessionize's "
            "“All data” JSON, at most 5 MB."
        ),
    )
    address = forms.URLField(
        label=_("Or its address"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text=_(
            "An http:// or https:// address on the internet, which the server fetches: at most "
            "5 MB, within 10 seconds."
        ),
    )

    def clean(self):
        data = super().clean()
        file, address = data.get("file"), data.get("address")
        if self.errors:
            return data
        if file and address:
            raise forms.ValidationError(_("Give a file or an address, not both."))
        if not file and not address:
            raise forms.ValidationError(_("Give a file or an address."))
        if file and file.size > MAX_BYTES:
            self.add_error("file", _("The document is larger than 5 MB."))
        return data

    def source(self) -> tuple[str, bytes, str]:
        """The name, content and address of the schedule (valid forms only); raises
        FetchError."""
        file, address = self.cleaned_data["file"], self.cleaned_data["address"]
        if address:
            return address, fetch(address).content, address
        # A name as the browser sent it, without what a text column cannot hold.
        name = "".join(char for char in file.name if char.isprintable())[:200] or "schedule"
        return name, file.read(), ""
