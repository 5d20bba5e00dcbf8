"""The ledger's per-section look-ups grow with the year's files, not with the files times the sections.

``section_rows`` (merge's 課別, status, the office's 提出状況) asked the ledger, for each section of the plan, for its
newest file sent back, its first file and its 提出期限 (that one in up to four queries): each query scanned the year's
files, so a 1,000-section plan's merge and status read millions of rows. ``templates`` asked each section's 提出期限
the same way. Counted in SQL statements, never timed."""

from __future__ import annotations

from datetime import datetime

import pytest

from reform_xlsx.ledger.store import Ledger
from reform_xlsx.records import FileStatus, local_time

YEAR = 2026
BASE = 1_800_000_000.0
COLUMNS = ("sha256", "path", "name", "size", "mtime", "submitted_at", "received_at", "year", "section", "status",
           "issues", "deadline", "ordered_at")


def _file(db, n: int, section: str, status: FileStatus, at: float, deadline: str | None = None) -> None:
    db.execute(f"INSERT INTO submissions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
               (f"{n:064x}", f"受信/{n}.xlsx", f"{n}.xlsx", 1, at, at, "2027-05-01T10:00:00", YEAR, section,
                str(status), "[]", deadline, at))


@pytest.fixture()
def ledger(tmp_path):
    with Ledger(tmp_path / "reform.db") as ledger:
        ledger.record_requests(YEAR, [("照会後課", "2027-05-28", None, None)], created=datetime(2027, 4, 1))
        ledger.record_requests(YEAR, [("照会後課", None, None, None), ("期限課", "2027-05-31", None, None)],
                               created=datetime(2027, 4, 2))  # the newest 照会 of 照会後課 set none
        base = BASE
        with ledger.transaction():
            _file(ledger.db, 1, "持参課", FileStatus.ACCEPTED, base, "2027-05-20")
            _file(ledger.db, 2, "持参課", FileStatus.REJECTED, base + 60, "令和9年6月4日")  # the newest carried one
            _file(ledger.db, 3, "書き換え課", FileStatus.ACCEPTED, base + 120, "2027/5/30")
            _file(ledger.db, 4, "書き換え課", FileStatus.ACCEPTED, base + 180, "そのうち")  # no day: the one before
            _file(ledger.db, 5, "差し戻し課", FileStatus.REJECTED, base + 240)
            _file(ledger.db, 6, "差し戻し課", FileStatus.REJECTED, base + 300)
        yield ledger


SECTIONS = ("照会後課", "期限課", "持参課", "書き換え課", "差し戻し課", "何もない課")


def test_the_deadlines_of_all_sections_are_each_sections_deadline(ledger):
    said = ledger.deadlines_of(YEAR, SECTIONS)
    assert said == {s: ledger.deadline_of(YEAR, s) for s in SECTIONS}
    assert said == {"照会後課": None, "期限課": "2027-05-31", "持参課": "2027-06-04", "書き換え課": "2027-05-30",
                    "差し戻し課": "2027-05-31", "何もない課": "2027-05-31"}  # the year's newest given, as before


def test_section_rows_reads_the_year_a_fixed_number_of_times_whatever_the_sections(ledger):
    statements: list[str] = []
    ledger.db.set_trace_callback(statements.append)
    few = ledger.section_rows(YEAR, SECTIONS)
    asked_few = len(statements)
    statements.clear()
    many = ledger.section_rows(YEAR, SECTIONS + tuple(f"第{n:03d}課" for n in range(200)))
    ledger.db.set_trace_callback(None)
    assert len(statements) == asked_few  # 200 sections more, no statement more (each asked 4 to 6 before)
    assert many[:len(SECTIONS)] == few
    rows = {r["section"]: r for r in few}
    assert rows["差し戻し課"]["status"] == "差し戻し" and rows["差し戻し課"]["file"] == "6.xlsx"  # the newest sent back
    assert rows["持参課"]["returned"] == "2.xlsx" and rows["持参課"]["deadline"] == "2027-06-04"
    assert rows["差し戻し課"]["submitted_at"] == local_time(BASE + 240)  # its first file, not the newest
    assert rows["書き換え課"]["submitted_at"] == local_time(BASE + 120)
    assert rows["何もない課"]["submitted_at"] is None and rows["何もない課"]["deadline"] == "2027-05-31"


def test_status_follows_each_former_name_once_not_once_for_every_missing_section(tmp_path, monkeypatch):
    """status (M012) followed every former name through the 組織改正 for each 未提出 section: with a plan of many sections
    and many renames, sections times renames chains. Counted in chains followed, never timed."""
    import five_years as fy
    from reform_xlsx.cli import status_cmd
    from reform_xlsx.plan.loading import parse_plan
    from reform_xlsx.records import SectionStatus

    plan, _ = parse_plan(fy.revised_yaml(2029))
    gone = {m.old for m in plan.moves} - set(plan.sections)
    followed = []
    successors = status_cmd.successors
    monkeypatch.setattr(status_cmd, "successors", lambda moves, name, *a: followed.append(name) or successors(
        moves, name, *a))
    rows = [{"section": s, "status": SectionStatus.MISSING, "file": None}
            for s in (*plan.sections, *(f"第{n:03d}課" for n in range(100)))]
    with Ledger(tmp_path / "reform.db") as ledger:
        assert status_cmd.former_name_files(ledger, plan, 2029, rows) == {}  # (no file recorded under a former name)
    assert len(gone) >= 2 and sorted(followed) == sorted(gone)
