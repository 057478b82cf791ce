"""The epoch-seconds text of a made-up TaskSubmitted response is Java's Double.toString.

Expected values printed by OpenJDK 17 (tools/reference/JavaIntrinsicsReference.java), the same
ones cpp/tests/test_common_java.cpp pins for the core's copy of the rule.
"""

import pytest
from sfnsim.task_submitted import java_double


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e9, "1.0E9"),
        (1.0e9 + 0.5, "1.0000000005E9"),
        (1700000000.123, "1.700000000123E9"),
        (1.7e9, "1.7E9"),
        (99999999.0, "9.9999999E7"),
        (1e7, "1.0E7"),
        (9999999.0, "9999999.0"),
        (100.0, "100.0"),
        (0.001, "0.001"),
        (0.0, "0.0"),
        (1e-4, "1.0E-4"),
        (123456.789, "123456.789"),
    ],
)
def test_java_double_matches_java(value: float, text: str) -> None:
    assert java_double(value) == text
