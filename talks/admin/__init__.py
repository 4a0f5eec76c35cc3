"""Editors' admin for talks, topics, notes, reviews and schedule imports; each module registers
its own."""

from talks.admin import moderation, schedule_uploads, talks, topics  # noqa: F401
