"""Signing up by email: the link with which the owner of an address finishes creating an account.

Nothing is stored before the link is used: it carries the username asked for, the address and
the page to return to, signed. So an account exists only once someone has read that mailbox:
nobody can hold an address or a username with an account they cannot use, nor set the
password of an account that the address's owner would later confirm.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

SIGN_UP_LINK_MAX_AGE = timedelta(days=3)
SIGN_UP_SALT = "people.sign-up"


@dataclass(frozen=True)
class SignUpRequest:
    username: str
    email: str
    # A page of this site to return to once signed up, or "".
    next_url: str


def sign_up_token(sign_up: SignUpRequest) -> str:
    """The signed, timestamped token of the link that finishes this sign-up."""
    return signing.dumps(
        [sign_up.username, sign_up.email, sign_up.next_url], salt=SIGN_UP_SALT, compress=True
    )


def sign_up_from_token(token: str) -> SignUpRequest | None:
    """The sign-up a link's token carries; None if it is altered or older than the maximum age."""
    try:
        username, email, next_url = signing.loads(
            token, salt=SIGN_UP_SALT, max_age=SIGN_UP_LINK_MAX_AGE
        )
    except (signing.BadSignature, ValueError):
        return None
    return SignUpRequest(username=username, email=email, next_url=next_url)
