"""A clerk who ran ``merge 受信 --out 受信`` from the office folder (the ledger made there, the outputs in 受信) and
later ``merge . --out .`` from inside 受信: the office's ledger one folder up was not looked for, so a new empty
ledger was made in 受信 — the year started over, the earlier 差し戻しの写し read as the section's second file (L003),
the new copy not written over it, and from then on ``merge 受信 --out 受信`` used the new ledger (the --out folder's
first). merge now stops and names the ledger one folder up; status and report name it in their 「no ledger」
message."""

from __future__ import annotations

import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main


@pytest.fixture
def office(plan, tmp_path, monkeypatch, capsys):
    """推進室/ with its ledger, made by ``merge 受信 --out 受信`` run there; 受信/ holds a return and the outputs."""
    office = tmp_path / "推進室"
    inbox = office / "受信"
    inbox.mkdir(parents=True)
    craft.filled(plan, 2026, "観光課", tmp_path / "work", "観光課.xlsx").rename(inbox / "観光課.xlsx")
    monkeypatch.chdir(office)
    assert main(["merge", "受信", "--year", "R8", "--out", "受信"]) == 1
    assert (office / outputs.DEFAULT_DB).is_file() and not (inbox / outputs.DEFAULT_DB).exists()
    capsys.readouterr()
    return office


def test_merge_from_inside_the_inbox_names_the_ledger_one_folder_up(office, monkeypatch, capsys):
    inbox = office / "受信"
    before = {p: p.stat().st_mtime_ns for p in inbox.rglob("*")}
    monkeypatch.chdir(inbox)
    assert main(["merge", ".", "--year", "R8", "--out", "."]) == 2
    err = capsys.readouterr().err
    assert "1つ上のフォルダ" in err and f"--db {'..'}/{outputs.DEFAULT_DB}".replace("/", __import__("os").sep) in err
    assert not (inbox / outputs.DEFAULT_DB).exists()  # no second ledger
    assert {p: p.stat().st_mtime_ns for p in inbox.rglob("*")} == before  # nothing written
    # as told: the office's ledger, which knows its own outputs
    assert main(["merge", ".", "--year", "R8", "--out", ".", "--db", f"../{outputs.DEFAULT_DB}"]) == 1
    assert "今回はじめて記録 0 件" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["status", "--year", "R8"], ["report", "--year", "R8", "--out", "会議"]])
def test_status_and_report_from_inside_the_inbox_name_the_ledger_one_folder_up(office, monkeypatch, capsys, command):
    monkeypatch.chdir(office / "受信")
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "1つ上のフォルダ" in err and f"..{__import__('os').sep}{outputs.DEFAULT_DB}" in err


def test_a_first_merge_with_no_ledger_above_makes_its_ledger_as_before(plan, tmp_path, monkeypatch, capsys):
    inbox = tmp_path / "受信"
    inbox.mkdir()
    craft.filled(plan, 2026, "観光課", tmp_path / "work", "観光課.xlsx").rename(inbox / "観光課.xlsx")
    monkeypatch.chdir(inbox)
    assert main(["merge", ".", "--year", "R8", "--out", "."]) == 1
    assert (inbox / outputs.DEFAULT_DB).is_file()


@pytest.mark.parametrize(("command", "made"), [(["templates", "--year", "R9", "--out", "調査票"], "調査票"),
                                               (["contacts"], outputs.DEFAULT_CONTACTS)])
def test_templates_and_contacts_from_inside_the_inbox_name_the_ledger_one_folder_up(office, monkeypatch, capsys,
                                                                                      command, made):
    """templates made next year's forms from the bundled plan without the earlier years' answers, contacts its
    sections, without a word of the office's ledger one folder up. Now they say what was made without it and the
    --db to make it again with it — a notice, not a stop (a first run in a folder under another ledger goes on)."""
    inbox = office / "受信"
    monkeypatch.chdir(inbox)
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "1つ上のフォルダに受付台帳があります" in out and f"--db ..{__import__('os').sep}{outputs.DEFAULT_DB}" in out
    assert (inbox / made).exists()
    assert main([*command, "--force", "--db", f"../{outputs.DEFAULT_DB}"]) == 0  # as told: no notice then
    assert "1つ上のフォルダ" not in capsys.readouterr().out
