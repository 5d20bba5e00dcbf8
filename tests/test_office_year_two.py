"""The office's year around the forms, as a hurried clerk types it: a 問い合わせ先 given with a line break, a
--received-at file name that names two different files in two folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reform_xlsx.cli import main
from reform_xlsx.demo import answers_for, sample_data, set_saved
from reform_xlsx.intake.parts import custom_properties
from reform_xlsx.merge import run_merge
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template

CUSTOM = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
          'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
          '<property pid="2" name="a"><vt:lpwstr>{}</vt:lpwstr></property></Properties>')


@pytest.mark.parametrize("stored, value", [
    ("人事行政課_x000D_\n内線 1234", "人事行政課\r\n内線 1234"),  # xlsxwriter (and Excel) escape a CR so
    ("_x005F_x0041_ 課", "_x0041_ 課"),  # a text typed like an escape keeps its characters
    ("a_x0007_b", "a\x07b"),
    ("_xD800_ 課", "_xD800_ 課"),  # half a surrogate pair is no character: left as stored
])
def test_custom_property_escapes_are_read_as_the_text_written(stored, value):
    assert custom_properties(CUSTOM.format(stored).encode()) == {"a": value}


@pytest.mark.parametrize("contact", ["人事行政課 行政改革係\r\n内線 1234", "人事行政課 _x0041_ 係（内線 1234）"])
def test_a_contact_given_with_a_line_break_is_no_conflict_in_every_return(plan, tmp_path, contact):
    """templates --contact "…\\r\\n…" (pasted from a cell of two lines): every return was warned M008, the document
    property read with 「_x000D_」 as stored while the hidden sheet's copy was read as the CR it stands for."""
    form = write_templates(plan, "R8", tmp_path / "調査票", ["観光課"], deadline="2027-05-28", contact=contact)[0]
    filled = fill_template(form, answers_for(plan, sample_data(), "観光課", 0), tmp_path / "受信" / "観光課.xlsx")
    set_saved(filled, "2027-05-20T01:00:00Z")
    result = run_merge([str(tmp_path / "受信")], plan, "R8", db=str(tmp_path / "reform.db"), out=str(tmp_path / "out"))
    (outcome,) = result.batch.files
    assert [p.code for p in outcome.result.problems if p.code == "M008"] == []
    assert outcome.result.contact == contact.strip()


def _inbox(plan, tmp_path: Path, files: dict[str, str]) -> Path:
    """An inbox of ``files`` (path in it → section), each a valid return saved on its own time."""
    import shutil

    import intake_craft as craft

    inbox = tmp_path / "受信"
    for n, (name, section) in enumerate(files.items()):
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        set_saved(craft.filled(plan, 2026, section, inbox, name=name), f"2027-05-2{n}T01:00:00Z")
    shutil.rmtree(inbox / "_templates")
    return inbox


def test_a_receipt_time_for_a_file_name_two_folders_hold_is_refused(plan, tmp_path, monkeypatch, capsys):
    """Each section's return saved as 「回答.xlsx」 in a folder of its own: --received-at 回答.xlsx=… gave both
    sections' files the time, overriding the save time of the one the clerk did not mean. Which one is not guessed:
    nothing is recorded, and the names to type are shown."""
    _inbox(plan, tmp_path, {"市民課/回答.xlsx": "市民課", "財政課/回答.xlsx": "財政課"})
    monkeypatch.chdir(tmp_path)
    argv = ["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db", "--json"]
    assert main([*argv, "--received-at", "回答.xlsx=2027-05-28 17:15"]) == 2
    err = capsys.readouterr().err
    assert "「回答.xlsx」に当たるファイルが 2 つあります" in err and "市民課/回答.xlsx" in err and "財政課/回答.xlsx" in err
    assert "何も記録・作成していません" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    # the name as the merge shows it: that file only
    assert main([*argv, "--received-at", "市民課/回答.xlsx=2027-05-28 17:15"]) == 1
    given = {f["section"]: f["submitted_from"] for f in json.loads(capsys.readouterr().out)["files"]}
    assert given == {"市民課": "given", "財政課": "saved"}


def test_a_receipt_time_for_the_name_one_file_is_shown_by_is_that_file_only(plan, tmp_path, monkeypatch, capsys):
    """「回答.xlsx」 at the top of the inbox and 「古い/回答.xlsx」 below: the name typed is the first one's as shown."""
    _inbox(plan, tmp_path, {"回答.xlsx": "市民課", "古い/回答.xlsx": "財政課"})
    monkeypatch.chdir(tmp_path)
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db", "--json",
                 "--received-at", "回答.xlsx=2027-05-28 17:15"]) == 1
    given = {f["section"]: f["submitted_from"] for f in json.loads(capsys.readouterr().out)["files"]}
    assert given == {"市民課": "given", "財政課": "saved"}


def _sent_back(plan, tmp_path: Path, monkeypatch) -> list[str]:
    """The 照会 recorded with 提出期限 2027-05-28, 市民課's return sent back: the merge's arguments."""
    import intake_craft as craft
    from reform_xlsx.form import layout

    monkeypatch.chdir(tmp_path)
    assert main(["templates", "--year", "R8", "--out", "調査票", "--db", "out/reform.db",
                 "--deadline", "2027-05-28"]) == 0
    first = plan.items_for("市民課")[0].id
    filled = craft.filled(plan, 2026, "市民課", tmp_path / "受信",
                          changes={layout.SHEET_ITEMS: {first: {"進捗状況": "Z"}}})
    set_saved(filled, "2027-05-25T01:00:00Z")
    import shutil
    shutil.rmtree(tmp_path / "受信" / "_templates")
    return ["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db"]


def test_a_resubmit_date_before_the_deadline_is_said(plan, tmp_path, monkeypatch, capsys):
    """--resubmit-by 2027-05-20 for a form due 2027-05-28 (6月20日 typed 5月20日): the section sent back had less
    time than every other — the default never is before the 提出期限. Said (T010) with the section and its 提出期限,
    and kept as given, by merge and by status --remind."""
    merge = _sent_back(plan, tmp_path, monkeypatch)
    capsys.readouterr()
    assert main([*merge, "--resubmit-by", "2027-05-20"]) == 1
    err = capsys.readouterr().err
    assert "[T010 警告]" in err and "令和9年5月20日（木）" in err and "市民課（提出期限 令和9年5月28日（金））" in err
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "R9.5.21"]) == 1
    out, err = capsys.readouterr()
    assert "[T010 警告]" in err and "令和9年5月21日（金）" in err and "市民課（提出期限 令和9年5月28日（金））" in err
    assert "令和9年5月21日（再提出）" in out  # kept as given
    # on the 提出期限 or after it: nothing to say
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2027-05-28"]) == 1
    assert "T010" not in capsys.readouterr().err


def test_contacts_force_names_what_a_mistyped_section_row_held(plan, tmp_path, monkeypatch, capsys):
    """A row typed 「生活環境か」 (a typo of 生活環境課) with its 担当者, mail and 内線: contacts --force wrote the file anew
    without it and said only its cell in the file it had just replaced — the address typed was lost. What it held is
    said, as for the other filled rows not kept."""
    import openpyxl

    monkeypatch.chdir(tmp_path)
    assert main(["contacts"]) == 0
    wb = openpyxl.load_workbook("連絡先.xlsx")
    ws = wb["連絡先"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "生活環境課")
    for c, value in enumerate(("生活環境か", "生活 三郎", "seikatsu@city.example.lg.jp", "2006"), start=1):
        ws.cell(row, c).value = value
    wb.save("連絡先.xlsx")
    capsys.readouterr()
    assert main(["contacts", "--force"]) == 0
    err = capsys.readouterr().err
    assert "[D001 警告]" in err and "「生活環境か」" in err
    assert "生活 三郎" in err and "seikatsu@city.example.lg.jp" in err and "内線 2006" in err
