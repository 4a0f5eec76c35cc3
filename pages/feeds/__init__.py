"""What readers subscribe to: Atom feeds of new talks and new notes, and iCalendar calendars of
talks, for the pages that list them (docs/api.md, "Feeds and calendars").

The talk feeds and calendars run the finder (pages/finder/pipeline.py): a feed or a calendar
of a search holds what the finder's page shows for the same query string, and those of an
event, a series, a topic, a speaker or a language are the finder's with that one filter.
"""
