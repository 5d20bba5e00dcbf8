"""`status --remind` over a messy year: the 再提出のお願い says what the 要修正 copy it attaches says (the counts of what
to fix, the 再提出期限), and says when that 再提出期限 has passed."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout

BAD = {layout.SHEET_ITEMS: {"2-2-6": {"進捗状況": "計画通り？"}}}


def _draft(folder: Path, kind: str, section: str) -> tuple[email.message.EmailMessage, str]:
    path = folder / outputs.MAIL_FOLDER / outputs.mail_draft(2026, kind, section)
    msg = email.message_from_bytes(path.read_bytes().partition(b"\r\n")[2], policy=email.policy.default)
    return msg, msg.get_body(("plain",)).get_content()


def _copy_text(copy: bytes | Path) -> list[str]:
    import io

    wb = openpyxl.load_workbook(io.BytesIO(copy) if isinstance(copy, bytes) else copy)
    return [str(v) for row in wb[layout.SHEET_FEEDBACK_ERRORS].iter_rows(values_only=True) for v in row if v]


@pytest.fixture
def two_files_one_day(plan, tmp_path, monkeypatch):
    """財政課 sent two files the same day: a good one, then one with an error (L003 on both: a ledger note)."""
    inbox = tmp_path / "受信"
    inbox.mkdir()
    craft.saved_at(craft.filled(plan, 2026, "財政課", tmp_path, "a.xlsx"), inbox / "財政課.xlsx", "2026-06-01T09:00:00Z")
    craft.saved_at(craft.filled(plan, 2026, "財政課", tmp_path, "b.xlsx", changes=BAD), inbox / "財政課_修正.xlsx",
                   "2026-06-01T15:00:00Z")
    monkeypatch.chdir(tmp_path)
    return inbox


def test_the_resubmit_mail_counts_what_the_copy_lists_not_the_ledgers_notes(two_files_one_day, tmp_path, capsys):
    """The mail said 「（エラー 1 件、確認のお願い 1 件）」 for a file whose copy lists 「エラー 1 件、警告 0 件」: the warning
    counted was L003 (two files came together), a note for the office the copy rightly leaves out."""
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert main(["status", "--year", "R8", "--remind"]) == 1
    assert "提出済（再提出を差し戻し）" in capsys.readouterr().out
    msg, body = _draft(tmp_path / "out", "resubmit", "財政課")
    attached = next(msg.iter_attachments()).get_payload(decode=True)
    assert any("エラー 1 件、警告 0 件" in t for t in _copy_text(attached))
    assert "「財政課_修正.xlsx」に、直していただきたい点（エラー 1 件）がありました。" in body
    assert "確認のお願い" not in body


def test_the_resubmit_mail_gives_the_date_merge_wrote_into_the_copy(two_files_one_day, tmp_path, capsys):
    """After `merge --resubmit-by 2027-06-10` the copy says 令和9年6月10日, but `status --remind` (no option) wrote
    the default week-after date into the mail and the list: the section got two 再提出期限."""
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db",
                 "--resubmit-by", "2027-06-10"]) == 1
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind"]) == 1
    out = capsys.readouterr().out
    msg, body = _draft(tmp_path / "out", "resubmit", "財政課")
    attached = next(msg.iter_attachments()).get_payload(decode=True)
    assert "令和9年6月10日（木）" in _copy_text(attached)
    assert "■ 再提出期限: 令和9年6月10日（木）" in body and "（再提出期限 令和9年6月10日）" in msg["Subject"]
    assert "令和9年6月10日（再提出）" in out


