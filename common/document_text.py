"""Text that XML 1.0 and iCalendar documents can carry: what the schedule exports, the Atom
feeds and the calendars write.

Titles, names and search words may hold characters that these formats cannot carry, even
escaped (a control character pasted into a title, typed into a search): they are left out,
rather than make the document unreadable or its writer fail.
"""

import re

_NOT_CARRIED = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def document_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry, nor iCalendar's TEXT values:
    control characters other than tab and newlines, lone surrogates, U+FFFE and U+FFFF."""
    return _NOT_CARRIED.sub("", text)
