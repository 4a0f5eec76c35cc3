"""Numbers read from parameters: ASCII digits within the range of what they name."""

import pytest
from django.contrib.admin.models import LogEntry

from common.parameters import ascii_integer, column_integer
from talks.models import Talk


@pytest.mark.parametrize(
    "value",
    [None, "", "²", "٣", "①", "1²", " 12", "12 ", "+12", "-1", "1.0", "0x1F", "1_000", "1" * 5000],
)
def test_ascii_integer_refuses_anything_but_ascii_digits(value):
    assert ascii_integer(value, maximum=10**6) is None


def test_ascii_integer_reads_ascii_digits_within_range():
    assert [ascii_integer(value, minimum=1, maximum=2024) for value in ("1", "0042", "2024")] == [
        1,
        42,
        2024,
    ]


@pytest.mark.parametrize("value", ["0", "2025", "1" + "0" * 30])
def test_ascii_integer_refuses_numbers_out_of_range(value):
    assert ascii_integer(value, minimum=1, maximum=2024) is None


def test_column_integer_takes_the_range_of_the_column():
    big_auto, auto = Talk._meta.pk, LogEntry._meta.pk

    assert column_integer(big_auto, "9223372036854775807") == 2**63 - 1
    assert column_integer(big_auto, "9223372036854775808") is None
    assert column_integer(auto, "2147483647") == 2**31 - 1
    assert column_integer(auto, "2147483648") is None
