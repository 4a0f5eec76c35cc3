"""Editors' admin for talks, topics, proposals, notes and reviews; each module registers its
own."""

from talks.admin import moderation, proposals, talks, topics  # noqa: F401
