"""A section whose 連絡先 address is malformed (D002: two addresses in the cell, say) gets a draft with no To:, and
the warning says the address in 連絡先 could not be used — not that 連絡先 has none (D004)."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import openpyxl
import pytest

from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.mail import read_directory
from reform_xlsx.mail.drafts import message, request_draft, resubmit_draft

TWO = "zaisei@city.example.lg.jp; zaisei2@city.example.lg.jp"


@pytest.fixture
def contacts(plan, tmp_path) -> Path:
    """連絡先.xlsx as `contacts` writes it, filled in Excel: 財政課's cell holds two addresses, the others one."""
    path = tmp_path / "連絡先.xlsx"
    assert main(["contacts", "--out", str(path)]) == 0
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value in (plan.office, *plan.sections):
            ws.cell(r, 3).value = TWO if ws.cell(r, 1).value == "財政課" else f"u{r}@city.example.lg.jp"
    wb.save(path)
    return path


def test_a_refused_address_is_said_as_such_not_as_missing(plan, contacts, tmp_path):
    directory = read_directory(contacts, plan)
    assert [p.code for p in directory.problems] == ["D002"] and "財政課" in directory.problems[0].message
    form = tmp_path / "調査票.xlsx"
    form.write_bytes(b"PK")
    draft = request_draft(plan, 2026, "財政課", form, directory=directory, deadline=None, contact=None)
    assert email.message_from_bytes(message(draft).as_bytes(), policy=email.policy.default)["To"] is None
    assert [p.code for p in draft.problems] == ["D011"]
    said = draft.problems[0].message
    assert f"「{TWO}」" in said and "D002" in said and "連絡先にない" not in said


def test_d005_above_a_refused_address_says_it_is_not_usable(plan, contacts, tmp_path):
    copy = tmp_path / "写し.xlsx"
    copy.write_bytes(b"PK")
    draft = resubmit_draft(plan, 2026, "財政課", copy, directory=read_directory(contacts, plan), resubmit_by=None,
                           contact=None, respondent={"person": "伊藤", "mail": "a@city.example.lg.jp、b@city.example.lg.jp"},
                           errors=1, warnings=0, source_name="財政課.xlsx")
    assert [p.code for p in draft.problems] == ["D005", "D011"]
    assert "連絡先のメールアドレスも形が正しくないので宛先は空にしました。" in draft.problems[0].message


def test_templates_mail_says_d011_after_d002(plan, contacts, tmp_path, capsys):
    out = tmp_path / "調査票"
    assert main(["templates", "--year", "R8", "--out", str(out), "--section", "財政課", "市民課", "--mail",
                 "--contacts", str(contacts)]) == 0
    err = capsys.readouterr().err
    assert "[D002 警告]" in err and f"[D011 警告] {outputs.mail_draft(2026, 'request', '財政課')}" in err
    assert "D004" not in err

