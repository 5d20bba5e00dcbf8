"""A ledger named with --db, REFORM_XLSX_DB or reform-xlsx.toml that is a folder, or (--db) that is not there
where a command would only read it: refused with exit 2, never taken for no ledger (the bundled plan, no
earlier years' answers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from read_only import read_only_ledgers
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.ledger.store import Ledger


@pytest.fixture
def office(workdir, capsys) -> Path:
    """A working folder whose ledger is out/reform.db (made by recording a 照会, as the README does)."""
    assert main(["templates", "--year", "R8", "--out", "sent", "--db", "out/reform.db", "--deadline", "2026-05-28",
                 "--section", "財政課"]) == 0
    assert (workdir / "out" / outputs.DEFAULT_DB).is_file()
    capsys.readouterr()
    return workdir


FOLDER_COMMANDS = {
    "templates": ["templates", "--year", "R9", "--out", "made"],
    "templates --deadline": ["templates", "--year", "R9", "--out", "made", "--deadline", "2027-05-28"],
    "plan": ["plan"],
    "plan export": ["plan", "export", "made/計画.xlsx"],
    "contacts": ["contacts", "--out", "made/連絡先.xlsx"],
    "status": ["status", "--year", "R8"],
    "report": ["report", "--year", "R8", "--out", "made"],
}


@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_a_folder_named_with_db_is_refused(office, capsys, command):
    code = main([*FOLDER_COMMANDS[command], "--db", "out"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"受付台帳 out はフォルダです。台帳のファイル名（例: {Path('out') / outputs.DEFAULT_DB}）を指定してください。" in err
    assert not (office / "made").exists()  # nothing made from the bundled plan


def test_a_folder_named_in_the_settings_or_the_environment_is_refused(office, capsys, monkeypatch):
    (office / "reform-xlsx.toml").write_text('ledger = "out"\n', encoding="utf-8")
    assert main(FOLDER_COMMANDS["templates"]) == 2
    assert "はフォルダです" in capsys.readouterr().err
    (office / "reform-xlsx.toml").unlink()
    monkeypatch.setenv("REFORM_XLSX_DB", "out")
    assert main(FOLDER_COMMANDS["contacts"]) == 2
    assert "はフォルダです" in capsys.readouterr().err
    assert not (office / "made").exists()


@pytest.mark.parametrize("command", ["templates", "plan", "plan export", "contacts"])
def test_a_mistyped_db_is_refused_where_it_would_only_be_read(office, capsys, command):
    code = main([*FOLDER_COMMANDS[command], "--db", "out/typo.db"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"受付台帳 {Path('out/typo.db')} がありません。--db のパスを確かめるか" in err
    assert not (office / "made").exists() and not (office / "out" / "typo.db").exists()


def test_a_new_ledger_named_with_db_is_made_when_a_request_is_recorded(office, capsys):
    """templates --db NEW --deadline still makes the ledger it records the 照会 in (README, merge.md)."""
    assert main([*FOLDER_COMMANDS["templates --deadline"], "--section", "財政課", "--db", "new/reform.db"]) == 0
    with Ledger(office / "new" / "reform.db") as ledger:
        assert ledger.asked(2027) == {"財政課"}


def test_a_ledger_the_settings_name_before_the_first_merge_is_said_not_refused(workdir, capsys):
    """A city writes reform-xlsx.toml (ledger = "台帳/reform.db") before its ledger exists (adopting.md): contacts
    and templates go on without it, and say so; templates --deadline makes it."""
    (workdir / "reform-xlsx.toml").write_text('ledger = "台帳/reform.db"\n', encoding="utf-8")
    assert main(["contacts"]) == 0
    said = str(workdir / "台帳" / "reform.db")
    assert f"reform-xlsx.toml の ledger の受付台帳 {said} はまだないため" in capsys.readouterr().err
    assert (workdir / outputs.DEFAULT_CONTACTS).is_file()
    assert main(["templates", "--year", "R8", "--out", "調査票", "--section", "財政課", "--deadline", "2026-05-28"]) == 0
    assert (workdir / "台帳" / "reform.db").is_file()


TEMPLATES_R9 = ["templates", "--year", "R9", "--out", "made", "--db", "out/reform.db", "--deadline", "2027-05-28",
                "--section", "財政課"]


def test_a_ledger_it_cannot_write_is_said_before_any_template_is_made(office, capsys, monkeypatch):
    with monkeypatch.context() as patch:
        read_only_ledgers(patch)
        code = main(TEMPLATES_R9)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "書き込めません" in err and "調査票は作っていません。" in err
    assert not (office / "made").exists()
    with Ledger(office / "out" / "reform.db") as ledger:
        assert ledger.asked(2027) == set()
    assert main(TEMPLATES_R9) == 0  # the ledger writable again: the same command, no --force needed
    with Ledger(office / "out" / "reform.db") as ledger:
        assert ledger.asked(2027) == {"財政課"}


def test_a_new_ledger_that_cannot_be_made_is_said_before_any_template_is_made(office, capsys):
    (office / "blocker").write_text("not a folder", encoding="utf-8")
    code = main([*TEMPLATES_R9[:6], "blocker/reform.db", *TEMPLATES_R9[7:]])
    err = capsys.readouterr().err
    assert code == 2 and f"受付台帳 {Path('blocker/reform.db')} を作れません" in err and "調査票は作っていません" in err
    assert not (office / "made").exists()


def test_a_ledger_that_fails_after_the_templates_says_what_was_left(office, capsys, monkeypatch):
    """Checked beforehand, but a share may turn read-only meanwhile: what was made and what to do is said."""
    from reform_xlsx.cli import templates_cmd
    from reform_xlsx.ledger.errors import LedgerError

    def fails(*args, **kwargs):
        raise LedgerError("受付台帳 out/reform.db を開けないか、書き込めません。")

    monkeypatch.setattr(templates_cmd, "record_requests", fails)
    assert main(TEMPLATES_R9) == 2
    err = capsys.readouterr().err
    assert f"調査票 1 件は {Path('made')} に作りましたが、台帳 {Path('out/reform.db')} には記録していません。" in err
    assert "--force を付けて" in err
    assert len(list((office / "made").glob("*.xlsx"))) == 1
