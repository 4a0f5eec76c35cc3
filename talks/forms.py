from django import forms
from django.utils.translation import gettext_lazy as _

from talks.models import NoteReport


class NoteReportForm(forms.ModelForm):
    class Meta:
        model = NoteReport
        fields = ("reason", "comment")
        labels = {"reason": _("What is wrong with this note?"), "comment": _("Details")}
        help_texts = {"comment": _("Optional. Only editors read it.")}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}
