"""Ledgers written by older reform-xlsx versions, opened by this one: nothing they recorded is lost or misread.

Many columns and tables came after a ledger version without changing it (made when first used); each test
builds the old shape by hand, as that version left it."""

from datetime import datetime

from tests.test_ledger import NOW, SECTIONS, answer, make_file, result

from reform_xlsx.ledger import schema
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.records import FileStatus, SectionStatus


def test_a_version_7_ledger_before_ordered_at_orders_its_files_and_takes_a_resubmission(tmp_path):
    """Version 7 was first written without submissions.ordered_at (added later under the same version): a
    rejected file of such a ledger and the corrected file merged now made every merge and status an internal
    error (TypeError comparing a time with NULL)."""
    inbox = tmp_path / "inbox"
    wrong = make_file(inbox, "観光課.xlsx", b"wrong", datetime(2027, 5, 20, 10).timestamp())
    shimin = make_file(inbox, "市民課.xlsx", b"shimin", datetime(2027, 5, 21, 10).timestamp())
    db = tmp_path / "v7.db"
    with Ledger(db) as ledger:
        ledger.record([result(wrong, FileStatus.REJECTED, "観光課", [answer("観光課", "X")]),
                       result(shimin, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS, now=NOW)
        with ledger.db:
            ledger.db.execute("ALTER TABLE submissions DROP COLUMN ordered_at")
            ledger.db.execute("DROP TABLE meeting_dates")
            ledger.db.execute("PRAGMA user_version = 7")
    fixed = make_file(inbox, "観光課_修正.xlsx", b"fixed", datetime(2027, 5, 25, 10).timestamp())
    with Ledger(db) as ledger:
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
        assert ledger.db.execute("SELECT COUNT(*) FROM submissions WHERE ordered_at IS NULL").fetchone()[0] == 0
        before = ledger.section_status(2026, SECTIONS).set_index("section")["status"].to_dict()
        assert (before["観光課"], before["市民課"]) == (SectionStatus.RETURNED, SectionStatus.SUBMITTED)
        outcome = ledger.record([result(fixed, FileStatus.ACCEPTED, "観光課", [answer("観光課", "B")])],
                                2026, SECTIONS, now=NOW)
        status = outcome.status.set_index("section")
        assert status.loc["観光課", "status"] == SectionStatus.SUBMITTED
        assert status.loc["観光課", "file"] == "観光課_修正.xlsx"
        assert sorted(ledger.answers([2026]).value.tolist()) == ["A", "B"]
