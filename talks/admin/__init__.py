"""Editors' admin for talks, topics, proposals, notes, reviews and schedule imports; each module
registers its own."""

from talks.admin import moderation, proposals, schedule_uploads, talks, topics  # noqa: F401
