"""``templates`` run again without ``--deadline``/``--contact`` (to add the forgotten mail drafts, say): the forms
and the 照会 drafts tell the 提出期限 and 問い合わせ先 the ledger holds — the ones merge and status go by — and
the screen says they came from the ledger; ``--deadline`` given again replaces the recorded one."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import openpyxl

from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.ledger.store import Ledger

CONTACT = "人事行政課 行政改革係（内線 1234）"


def _guide_text(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [str(v) for row in wb[layout.SHEET_GUIDE].iter_rows(values_only=True) for v in row if v]


def _meta(path: Path) -> dict[str, str]:
    wb = openpyxl.load_workbook(path)
    return {r[0]: r[1] or "" for r in wb[layout.SHEET_META].iter_rows(values_only=True)}


def _draft(path: Path) -> email.message.EmailMessage:
    data = path.read_bytes().partition(b"\r\n")[2]  # after the tool's own mark line
    return email.message_from_bytes(data, policy=policy.default)


def _first_run(plan, tmp_path: Path) -> tuple[Path, Path, Path]:
    out, db, contacts = tmp_path / "調査票", tmp_path / "reform.db", tmp_path / "連絡先.xlsx"
    assert main(["templates", "--year", "R8", "--out", str(out), "--db", str(db), "--section", "市民課", "土木課",
                 "--deadline", "2027-05-28", "--contact", CONTACT]) == 0
    assert main(["contacts", "--out", str(contacts), "--db", str(db)]) == 0
    wb = openpyxl.load_workbook(contacts)
    ws = wb["連絡先"]
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 1).value in plan.sections and r > 1:
            ws.cell(r, 3).value = f"user{r}@city.example.lg.jp"
    wb.save(contacts)
    return out, db, contacts


def test_a_run_without_deadline_uses_the_recorded_one_in_forms_and_drafts(plan, tmp_path, capsys):
    out, db, contacts = _first_run(plan, tmp_path)
    capsys.readouterr()
    assert main(["templates", "--year", "R8", "--out", str(out), "--db", str(db), "--section", "市民課", "土木課",
                 "--force", "--mail", "--contacts", str(contacts)]) == 0
    said = capsys.readouterr().out
    assert "提出期限: 令和9年5月28日（台帳の記録）" in said
    assert f"問い合わせ先: {CONTACT}（台帳の記録）" in said
    for section in ("市民課", "土木課"):
        form = out / outputs.template(plan.words, 2026, section)
        text = _guide_text(form)
        assert "令和9年5月28日（金）" in text and CONTACT in text
        assert "（取りまとめ課からの通知をご確認ください）" not in text
        meta = _meta(form)
        assert meta[layout.META_DEADLINE] == "2027-05-28" and meta[layout.META_CONTACT] == CONTACT
        draft = _draft(out / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "request", section))
        body = draft.get_body(preferencelist=("plain",)).get_content()
        assert "■ 提出期限: 令和9年5月28日（金）" in body and f"■ 問い合わせ先: {CONTACT}" in body
        assert "（〆切 令和9年5月28日）" in draft["Subject"]
    with Ledger(db) as ledger:  # nothing new given: the ledger's 照会 is as it was
        assert ledger.deadline_of(2026, "市民課") == "2027-05-28"


def test_a_new_deadline_replaces_the_recorded_one(plan, tmp_path, capsys):
    out, db, contacts = _first_run(plan, tmp_path)
    capsys.readouterr()
    assert main(["templates", "--year", "R8", "--out", str(out), "--db", str(db), "--section", "市民課",
                 "--force", "--deadline", "2027-06-04", "--mail", "--contacts", str(contacts)]) == 0
    said = capsys.readouterr().out
    assert not any(line.startswith("提出期限:") for line in said.splitlines())  # the one given now, not the ledger's
    assert f"問い合わせ先: {CONTACT}（台帳の記録）" in said
    assert "台帳" in said and "照会（提出期限 令和9年6月4日）を記録しました" in said
    form = out / outputs.template(plan.words, 2026, "市民課")
    assert "令和9年6月4日（金）" in _guide_text(form) and CONTACT in _guide_text(form)
    body = _draft(out / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "request", "市民課"))
    assert "■ 提出期限: 令和9年6月4日（金）" in body.get_body(preferencelist=("plain",)).get_content()
    with Ledger(db) as ledger:
        assert ledger.deadline_of(2026, "市民課") == "2027-06-04"
        assert ledger.deadline_of(2026, "土木課") == "2027-05-28"  # not made again: its 照会 stands


def test_a_new_contact_alone_keeps_the_recorded_deadline(plan, tmp_path, capsys):
    """--contact alone recorded a 照会 with no 提出期限: merge and status then judged nobody 期限後."""
    out, db, _ = _first_run(plan, tmp_path)
    capsys.readouterr()
    assert main(["templates", "--year", "R8", "--out", str(out), "--db", str(db), "--section", "市民課",
                 "--force", "--contact", "行政改革係（内線 9999）"]) == 0
    said = capsys.readouterr().out
    assert "提出期限: 令和9年5月28日（台帳の記録）" in said
    assert "照会（提出期限 令和9年5月28日）を記録しました" in said
    text = _guide_text(out / outputs.template(plan.words, 2026, "市民課"))
    assert "令和9年5月28日（金）" in text and "行政改革係（内線 9999）" in text
    with Ledger(db) as ledger:
        assert ledger.deadline_of(2026, "市民課") == "2027-05-28"
        assert ledger.contact_of(2026) == "行政改革係（内線 9999）"


def test_sections_given_other_days_are_said_as_status_says_them(plan, tmp_path, capsys):
    """Forms made again for all sections after one was given more time: the line says the day most have, then the
    others by section — as status and 受付結果 put it — not every section's name listed under each day."""
    out, db = tmp_path / "調査票", tmp_path / "reform.db"
    assert main(["templates", "--year", "R8", "--out", str(out), "--db", str(db), "--deadline", "2027-05-28"]) == 0
    assert main(["templates", "--year", "R8", "--out", str(out), "--db", str(db), "--section", "DX推進課", "--force",
                 "--deadline", "2027-06-04"]) == 0
    capsys.readouterr()
    assert main(["templates", "--year", "R8", "--out", str(out), "--db", str(db), "--force"]) == 0
    said = capsys.readouterr().out
    line = next(x for x in said.splitlines() if x.startswith("提出期限:"))
    assert line == "提出期限: 令和9年5月28日（DX推進課は令和9年6月4日）（台帳の記録）"
