"""A hurried clerk's command lines: the forms folder merged as the inbox, a path typed with a space at its end."""

from __future__ import annotations

import json
import sys

import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main


def test_the_forms_folder_of_a_first_year_without_a_ledger_merged_as_the_inbox_holds_no_returns(plan, workdir,
                                                                                                capsys):
    """First year: `templates --out 調査票` (no ledger yet, so no record of the forms), then `merge 調査票` by
    mistake. Every blank form, as templates wrote it and never saved, was read as its section's 差し戻し return (11
    要修正 copies, 再提出のお願い instead of 督促). A form no one has saved since templates wrote it, with nothing
    typed in it, is F027 like one the ledger knows; one a section opened and saved unfilled is read as before."""
    assert main(["templates", "--year", "R8", "--out", "調査票"]) == 0
    forms = workdir / "調査票"
    craft.edit(forms / outputs.template(plan.words, 2026, "市民課"), forms / "市民課_保存.xlsx", lambda wb: None)
    craft.filled(plan, 2026, "観光課", workdir / "work", "観光課.xlsx").rename(forms / "観光課_記入.xlsx")
    capsys.readouterr()
    code = main(["merge", "調査票", "--year", "R8", "--out", "out", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    files = {f["name"]: f for f in doc["files"]}
    blank = [f for n, f in files.items() if n.startswith("令和8年度_")]
    assert len(blank) == len(plan.sections)
    assert all(f["status"] == "ignored" and [i["code"] for i in f["issues"]] == ["F027"] for f in blank)
    said = files[outputs.template(plan.words, 2026, "税務課")]["issues"][0]["message"]
    assert "税務課" in said and "令和8年度" in said
    assert files["市民課_保存.xlsx"]["status"] == "rejected"  # saved by someone: a return, as before
    assert files["観光課_記入.xlsx"]["status"] == "accepted"
    sections = {s["section"]: s["status"] for s in doc["sections"]}
    assert sections == {**{s: "未提出" for s in plan.sections}, "市民課": "差し戻し", "観光課": "提出済"}
    assert set(doc["feedback"]) == {"市民課_保存.xlsx"}
    again = main(["merge", "調査票", "--year", "R8", "--out", "out", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert again == 1 and {s["section"]: s["status"] for s in doc["sections"]} == sections


def _merged_once(plan, workdir):
    inbox = workdir / "受信"
    craft.filled(plan, 2026, "観光課", workdir / "work", "観光課.xlsx").rename(inbox.mkdir() or inbox / "観光課.xlsx")
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    return sorted(p.name for p in (workdir / "out").iterdir())


@pytest.mark.parametrize("db, said", [
    ("out/reform.db\u3000", "名前の末尾に全角の空白"),  # the IME's space typed after the name
    ("out/reform.db ", "名前の末尾に空白"),
    ("out/reform.db.", "名前の末尾に「.」"),
    ("out\u3000/reform.db", "フォルダ名「out\u3000」の末尾に全角の空白"),
])
def test_a_ledger_typed_with_a_space_at_its_end_is_not_made_beside_the_real_one(plan, workdir, capsys, db, said):
    """`--db out/reform.db　` (a full-width space after the name) made a second, empty ledger 「reform.db　」 beside
    the real one — every file recorded again, the real ledger's archive shared — and the clerk saw the same name."""
    made = _merged_once(plan, workdir)
    capsys.readouterr()
    for command in (["merge", "受信", "--year", "R8", "--out", "out"], ["status", "--year", "R8"],
                    ["templates", "--year", "R8", "--out", "調査票", "--deadline", "2027-05-28"]):
        assert main(command + ["--db", db]) == 2
        err = capsys.readouterr().err
        assert said in err and "「out/reform.db」はあります" in err and "Traceback" not in err
        assert sorted(p.name for p in (workdir / "out").iterdir()) == made
    assert not (workdir / "調査票").exists()


def test_an_inbox_or_out_folder_typed_with_a_space_at_its_end_is_said_not_made(plan, workdir, capsys):
    _merged_once(plan, workdir)
    capsys.readouterr()
    assert main(["merge", "受信\u3000", "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 2
    err = capsys.readouterr().err
    assert "「受信\u3000」は、名前の末尾に全角の空白" in err and "「受信」はあります" in err
    assert main(["merge", "受信", "--year", "R8", "--out", "新しい出力\u3000", "--db", "out/reform.db", "--json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert "--out に指定した「新しい出力\u3000」" in doc["error"] and "はあります" not in doc["error"]
    assert not (workdir / "新しい出力\u3000").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows drops a name's trailing spaces itself")
def test_a_folder_really_named_with_a_space_at_its_end_is_used_as_given(plan, workdir):
    (workdir / "受信 ").mkdir()
    craft.filled(plan, 2026, "観光課", workdir / "work", "観光課.xlsx").rename(workdir / "受信 " / "観光課.xlsx")
    assert main(["merge", "受信 ", "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    assert (workdir / "out" / "reform.db").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows drops a name's trailing spaces itself")
@pytest.mark.parametrize("typed, refused", [
    ("受信 /out", False),  # a new folder inside one really named with a space at its end: made there
    ("受信 /out/reform.db", False),  # a new ledger in it (merge makes out/)
    ("受信 /out /x", True),  # a name typed with a space inside it that is not there: still said
    ("受信\u3000/out", True),  # (the folder with a full-width space is not there)
])
def test_a_new_path_inside_a_folder_really_named_with_a_space_at_its_end_is_used(workdir, typed, refused):
    """`--out 受信 /out` where the folder 「受信 」 is there (made on a Mac or a Linux file server) and out/ is to be
    made: the folder's space is not a typing slip — refused before, though the path's spaced name is really there."""
    import argparse

    from reform_xlsx.cli.common import UsageError, refuse_spaced_paths

    (workdir / "受信 ").mkdir()
    for option in ("out", "db"):
        args = argparse.Namespace(**{option: typed})
        if refused:
            with pytest.raises(UsageError):
                refuse_spaced_paths(args)
        else:
            refuse_spaced_paths(args)


@pytest.mark.parametrize("part, trimmed", [
    ("reform.db\u3000", "reform.db"), (" 受信", "受信"), ("受信. ", "受信"), ("..", ".."), (".", "."),
    (".hidden", ".hidden"), ("受信\t", "受信"), ("a　b", "a　b"), ("\u3000", ""),
])
def test_edge_trimmed(part, trimmed):
    from reform_xlsx.cli.common import edge_trimmed

    assert edge_trimmed(part) == trimmed


def test_templates_force_never_writes_over_a_return_saved_under_the_forms_name(plan, workdir, capsys):
    """Mid-year, `templates --force` again (the README's command has it) with --out the folder the returns were saved
    into (the inbox, or the forms folder where Outlook saved the attachments under the forms' own names): the
    sections' filled returns were replaced by blank forms. Forms as templates wrote them are still made again."""
    assert main(["templates", "--year", "R8", "--out", "受信"]) == 0
    inbox = workdir / "受信"
    returned = inbox / outputs.template(plan.words, 2026, "観光課")
    craft.filled(plan, 2026, "観光課", workdir / "work", "観光課.xlsx").replace(returned)
    opened = inbox / outputs.template(plan.words, 2026, "市民課")
    craft.edit(opened, opened, lambda wb: None)  # opened and saved back unfilled: the section's too
    before = {p.name: p.read_bytes() for p in inbox.iterdir()}
    capsys.readouterr()
    assert main(["templates", "--year", "R8", "--out", "受信", "--force"]) == 2
    err = capsys.readouterr().err
    assert str(returned) in err or returned.name in err
    assert opened.name in err and "--force でも上書きしません" in err
    assert {p.name: p.read_bytes() for p in inbox.iterdir()} == before  # not one form written over
    assert main(["merge", "受信", "--year", "R8", "--out", "out"]) == 1  # the return still reads
    capsys.readouterr()
    returned.rename(workdir / "観光課.xlsx")
    opened.rename(workdir / "市民課.xlsx")
    assert main(["templates", "--year", "R8", "--out", "受信", "--force"]) == 0  # the blank ones: made again


@pytest.mark.parametrize("kind, content", [
    ("password", craft.cfb({"EncryptionInfo": b"\4\0\4\0", "EncryptedPackage": b"\0" * 64})),
    ("sensitivity label", craft.cfb({"EncryptionInfo": b"\4\0\4\0", "EncryptedPackage": b"\0" * 64,
                                     "\x06DataSpaces/DataSpaceInfo/DRMEncryptedDataSpace": b"\0" * 64})),
    ("xls", craft.cfb({"Workbook": b"\x09\x08" + b"\0" * 64})),
])
def test_templates_force_never_writes_over_a_workbook_templates_never_writes(plan, workdir, capsys, kind, content):
    """A section's return saved with a password (or a sensitivity label, or as .xls) under the form's own name in the
    forms folder: templates writes none of these, so it is a person's file — it was replaced by a blank form."""
    assert main(["templates", "--year", "R8", "--out", "受信"]) == 0
    inbox = workdir / "受信"
    returned = inbox / outputs.template(plan.words, 2026, "観光課")
    returned.write_bytes(content)
    before = {p.name: p.read_bytes() for p in inbox.iterdir()}
    capsys.readouterr()
    assert main(["templates", "--year", "R8", "--out", "受信", "--force"]) == 2
    err = capsys.readouterr().err
    assert returned.name in err and "--force でも上書きしません" in err
    assert {p.name: p.read_bytes() for p in inbox.iterdir()} == before


@pytest.mark.parametrize("tz", ["UTC", "Asia/Tokyo"])
def test_a_form_a_section_opened_and_saved_unchanged_in_libreoffice_is_a_return_in_every_time_zone(
        plan, workdir, capsys, zone, tz):
    """A section opens the blank form in LibreOffice and saves it unchanged: LibreOffice keeps the template's save
    time (it writes a new one only for a document changed), and its 「Z」 time is read as the PC's clock — the same
    file was F027 「だれも保存していません」 on a PC set to UTC and a 差し戻し return on a PC in Japan. Saved by
    LibreOffice, it is no form as templates wrote it: a return (差し戻し), as with a ledger, in every zone."""
    from lo_fill import fill, require_uno

    require_uno()
    zone(tz)
    assert main(["templates", "--year", "R8", "--out", "調査票"]) == 0
    form = workdir / "調査票" / outputs.template(plan.words, 2026, "市民課")
    (workdir / "受信").mkdir()
    fill(form, workdir / "受信" / "市民課.xlsx", {})  # opened and saved, nothing typed
    capsys.readouterr()
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    [read] = doc["files"]
    assert read["status"] == "rejected" and "F027" not in [i["code"] for i in read["issues"]]
