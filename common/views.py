"""Views that hand people back what they posted when a write cannot go through.

A failed CSRF check (an expired or missing token) and a POST from someone whose session has
ended both render the posted fields, editable, with a button that sends them again: nothing
typed is lost.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_BAD_ORIGIN, REASON_NO_REFERER
from django.shortcuts import render

from common.forms import HONEYPOT_FIELD

# Not shown as text: secrets, the stale token, the robot trap, and the button pressed (sent
# again as a hidden field, so that a draft is saved again as a draft).
NOT_SHOWN_FIELDS = {"csrfmiddlewaretoken", HONEYPOT_FIELD, "action"}
# CSRF failures that mean the POST came from another site: the data is shown, but offering
# to send it again would let that site put words in the visitor's mouth.
CROSS_SITE_REASONS = (REASON_BAD_ORIGIN.split("%s")[0], REASON_NO_REFERER.split(" - ")[0])


def posted_fields(request: HttpRequest) -> list[tuple[str, list[str]]]:
    """The posted fields worth giving back, with all their values, in the order sent."""
    return [
        (name, values)
        for name, values in request.POST.lists()
        if name not in NOT_SHOWN_FIELDS and "password" not in name
    ]


def posted_data_response(
    request: HttpRequest, *, signed_out: bool, resendable: bool = True
) -> HttpResponse:
    """A 403 page with what was posted, and (unless it came from elsewhere) a way to resend it."""
    return render(
        request,
        "posted_data.html",
        {
            "fields": posted_fields(request),
            "action": request.POST.get("action", ""),
            "signed_out": signed_out,
            "resendable": resendable,
        },
        status=403,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF_FAILURE_VIEW: explain, and give back the posted fields."""
    resendable = not reason.startswith(CROSS_SITE_REASONS)
    return posted_data_response(request, signed_out=False, resendable=resendable)


class LoginRequiredKeepingPostMixin(LoginRequiredMixin):
    """Signed-out visitors are sent to log in; a signed-out POST gets its data back instead.

    Redirecting a POST to the login page would drop everything it carried, such as notes
    typed while the session expired.
    """

    def handle_no_permission(self) -> HttpResponse:
        if self.request.method == "POST" and not self.request.user.is_authenticated:
            return posted_data_response(self.request, signed_out=True)
        return super().handle_no_permission()
