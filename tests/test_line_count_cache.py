"""Row heights: the lines a wrapped cell needs are worked out once for each text and width (the meeting workbooks
and 受付結果 size the same section names, labels and messages row after row), and are the same as worked out afresh."""

import pytest

from reform_xlsx.xlsx import sizing
from reform_xlsx.xlsx.sizing import line_count


@pytest.mark.parametrize("text, width, font_size, lines", [
    ("", 10, 10, 1),
    (None, 10, 10, 1),
    ("あいうえお", 10, 10, 2),  # 10 units, 10.8 with the slack: a column 10 wide holds 10
    ("あいうえおかきくけこ", 10, 10, 3),
    ("abc\n\nあいう", 10, 10, 3),  # each paragraph wraps on its own; an empty one is a line
    (12345, 10, 10, 1),  # a number is measured as its text
    (1.5, 10, 10, 1),
    ("カ\u3099", 10, 10, 1),  # 「ガ」 in NFD: the mark takes no room
    ("教育委員会事務局", 13, 10, 2),
    ("教育委員会事務局", 13, 9, 2),  # a smaller font: the same column holds more
    ("x" * 100, 13, 10, 9),
])
def test_line_count(text, width, font_size, lines):
    assert line_count(text, width, font_size) == lines
    assert line_count(text, width, font_size) == lines  # the second time from what the first worked out


def test_a_text_is_measured_once_per_width():
    text = "同じ課名が何行にも書かれる「教育委員会事務局」"
    line_count(text, 17)
    before = sizing._text_lines.cache_info()
    assert [line_count(text, 17) for _ in range(5)] == [line_count(text, 17)] * 5
    after = sizing._text_lines.cache_info()
    assert after.hits - before.hits == 6 and after.misses == before.misses
    assert line_count(text, 30) < line_count(text, 17)  # another width: worked out for it
    assert sizing._text_lines.cache_info().misses == before.misses + 1


def test_a_long_text_is_measured_each_time_and_not_kept():
    text = "長い回答。" * 100  # 500 characters: an answer, not a label
    before = sizing._text_lines.cache_info()
    assert line_count(text, 17) == line_count(text, 17) == sizing._lines(text, 17, 10)
    assert sizing._text_lines.cache_info() == before
