"""Editors' admin for talks, topics, notes and reviews; each module registers its own."""

from talks.admin import moderation, talks, topics  # noqa: F401
