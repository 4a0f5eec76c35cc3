"""Numbers read from query parameters and posted selections: ASCII digits within range.

`str.isdigit()` and `int()` take more than ASCII digits: "²".isdigit() is true but int("²")
fails, and int("٣") is 3. A number too large for its column fails in PostgreSQL ("integer out
of range") or in `datetime.date()`. Parameters that name a number go through here, and anything
else is an invalid value, answered as such.
"""

import re

from django.db import connection
from django.db.models import Field

_ASCII_DIGITS = re.compile(r"[0-9]+")


def ascii_integer(value: str | None, *, minimum: int = 0, maximum: int) -> int | None:
    """`value` as an integer if it is ASCII digits between `minimum` and `maximum`, else None."""
    # Longer than the maximum's digits is too large: no need to convert thousands of digits.
    if value is None or len(value) > len(str(maximum)) or not _ASCII_DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def column_integer(field: Field, value: str | None) -> int | None:
    """`value` as a value of the integer column `field` (a primary key, a count...), if it is
    ASCII digits within the range PostgreSQL stores in that column, else None."""
    maximum = connection.ops.integer_field_range(field.get_internal_type())[1]
    return ascii_integer(value, maximum=maximum)
