"""The clerk points ``--db`` at a new file midway (or the ledger was deleted): merge made a new ledger with the
bundled plan, sent every section's form back as M003 「計画の版 2028-03 の調査票です（現在の版は 2026-02）。計画が改訂
されたため、前の版の調査票は受け付けられません」 — a newer 版 called 「前の版」, ten 差し戻し copies and 再提出 mails for
sections that did nothing wrong —, wrote the year's outputs over those of the real ledger in ``--out`` and left the
new ledger holding the old plan. A new ledger that would know none of the 版 the forms read were made with stops
instead (L025), with nothing recorded or written."""

from __future__ import annotations

import dataclasses

import pytest

import intake_craft as craft
from reform_xlsx.cli import main
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus


@pytest.fixture
def revised_forms(plan, tmp_path):
    """Two sections' 令和10年度 returns on forms of 版 2028-03 (a revision the real ledger has, a new one has not)."""
    revised = dataclasses.replace(plan, version="2028-03")
    inbox = tmp_path / "受信"
    inbox.mkdir()
    for section in ("観光課", "市民課"):
        craft.filled(revised, 2028, section, tmp_path / "w", f"{section}.xlsx").rename(inbox / f"{section}.xlsx")
    return inbox


def test_a_new_ledger_that_knows_none_of_the_forms_versions_stops_and_makes_nothing(tmp_path, revised_forms, capsys):
    out = tmp_path / "out"
    code = main(["merge", str(revised_forms), "--year", "R10", "--out", str(out), "--db", str(tmp_path / "新.db")])
    err = capsys.readouterr().err
    assert code == 2
    assert "[L025]" in err and "計画の版 2028-03" in err and "版 2026-02" in err and "--db" in err, err
    assert "前の版" not in err
    assert not (tmp_path / "新.db").exists() and not (tmp_path / "新_archive").exists() and not out.exists()


def test_a_form_of_the_version_the_new_ledger_records_is_read_with_the_others(plan, tmp_path, revised_forms):
    """One form of the plan given among them: the ledger is this plan's, the others are its M003 as before."""
    craft.filled(plan, 2028, "税務課", tmp_path / "w", "税務課.xlsx").rename(revised_forms / "税務課.xlsx")
    result = run_merge([revised_forms], plan, 2028, db=tmp_path / "r.db", out=tmp_path / "out")
    files = {f.result.name: f for f in result.batch.files}
    assert files["税務課.xlsx"].status == FileStatus.ACCEPTED
    assert [p.code for p in files["市民課.xlsx"].problems if p.severity.value == "error"] == ["M003"]


def test_a_ledger_a_killed_first_merge_set_up_is_still_new(tmp_path, revised_forms, capsys):
    """The first merge into the new file was killed (the console window closed) before it recorded anything: the
    ledger it set up holds nothing. Run again, the merge is still the first one — L025, not ten M003 差し戻し. The
    file was there before this run: kept, with nothing recorded in it (as any ledger that was there)."""
    from reform_xlsx.ledger.store import Ledger

    db = tmp_path / "新.db"
    Ledger(db).close()  # what the killed run left (tests/test_merge_killed.py kills one for real)
    code = main(["merge", str(revised_forms), "--year", "R10", "--out", str(tmp_path / "out"), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 2 and "[L025]" in err and "M003" not in err, err
    assert db.exists()
    with Ledger(db) as ledger:
        assert ledger.holds_nothing()
