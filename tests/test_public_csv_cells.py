"""公表用 CSV cells as a reader's program and Excel take them: a line break inside a cell is one LF (the record
ends with CRLF), and a number is plain digits — never 「5e-05」."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from reform_xlsx.report.public import _number, safe_text
from reform_xlsx.report.writer import write_reports
from report_sample import sample_answers, sample_status


@pytest.mark.parametrize(("value", "written"), [
    (0.00005, "0.00005"), (-0.00001, "-0.00001"), (1e-7, "0.0000001"), (12.5, "12.5"), (3.0, "3"), (-0.0, "0"),
    (123456789012.5, "123456789012.5"), (1e21, "1000000000000000000000"), (None, ""),
])
def test_a_number_is_plain_digits(value, written):
    assert _number(value) == written


@pytest.mark.parametrize(("value", "written"), [
    ("1行目\r\n2行目", "1行目\n2行目"), ("1行目\r2行目", "1行目\n2行目"), ("1行目\n2行目", "1行目\n2行目"),
    ("\r=1", "'\n=1"), ("=1\r\n", "'=1\n"),
])
def test_a_line_break_in_a_text_is_one_lf(value, written):
    assert safe_text(value) == written


def test_a_text_typed_with_crlf_is_written_with_lf_inside_its_cell(plan, tmp_path):
    """A cell that held 「_x000D_」 (Excel's CR: text pasted from another system) was read as 「1行目\\r\\n2行目」 and written
    so into the CSV: Excel shows the CR as a stray mark, and a program that splits the file at CRLF cut the row."""
    answers = sample_answers(plan)
    at = answers.index[answers["field"].eq("result")][0]
    answers.at[at, "value"] = "1行目\r\n2行目\r3行目"
    result = write_reports(plan, 2026, answers, sample_status(plan), tmp_path, public=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    raw = result.public_csv[0].read_bytes()
    assert b"\r" not in raw.replace(b"\r\n", b"")  # every CR ends a record
    assert "1行目\n2行目\n3行目".encode() in raw
    records = raw.decode("utf-8-sig").split("\r\n")
    assert records[-1] == "" and len(records) - 2 == len(list(csv.DictReader(
        result.public_csv[0].open(encoding="utf-8-sig", newline=""))))
