"""A read-only place (a read-only share, a CD, a locked USB stick): the advice names the argument of the command run
to change — ``plan export``'s FILE, ``contacts --out FILE``, ``merge --out DIR`` or ``--db FILE`` — never an option
the command does not have (``plan export`` has no ``--out``)."""

import errno
import os
import shutil
from pathlib import Path

import pytest

from reform_xlsx import outputs
from reform_xlsx.cli import build_parser, main

SAMPLES = Path(__file__).parent.parent / "samples" / "inbox"


@pytest.fixture
def read_only(monkeypatch):
    """Every output put in place fails as on a read-only file system (as root, a folder's mode does not stop a write)."""
    def refused(tmp, target):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(tmp))

    monkeypatch.setattr(outputs, "put_in_place", refused)


def said(argv, capsys) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "読み取り専用の場所にあり、書き込めません。" in err and "Traceback" not in err
    return err


def test_plan_export_names_its_file_argument(tmp_path, read_only, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    err = said(["plan", "export", str(tmp_path / "ro" / "計画.yaml")], capsys)
    assert "--out" not in err
    assert "書き出す先（引数の FILE）には、書き込める場所のパスを指定してください。" in err
    assert f"「{tmp_path / 'ro' / '計画.yaml'}」" in err


def test_contacts_names_its_out_option(tmp_path, read_only, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert "--out で書き込める場所を指定してください。" in said(["contacts"], capsys)  # the default 連絡先.xlsx here
    assert "--out で書き込める場所を指定してください。" in said(["contacts", "--out", "ro/連絡先.xlsx"], capsys)


def test_merge_names_its_out_option(tmp_path, read_only, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLES, tmp_path / "受信")
    err = said(["merge", "受信", "--year", "R8", "--out", "ro", "--db", "r.db"], capsys)
    assert "--out で書き込める場所を指定してください。" in err


@pytest.mark.parametrize("argv, failing, advice", [
    (["merge", "受信", "--year", "R8", "--out", "出力", "--db", "台帳/r.db"], "台帳/reform_archive/x.xlsx", "--db で"),
    (["merge", "受信", "--year", "R8", "--out", "出力", "--db", "台帳/r.db"], "出力/差し戻し/x.xlsx", "--out で"),
    # the README's layout, the ledger inside the output folder: its archive (made read-only on the share) is the
    # ledger's, which a new --out would not move
    (["merge", "受信", "--year", "R8", "--out", "出力", "--db", "出力/reform.db"], "出力/reform_archive/77", "--db で"),
    (["merge", "受信", "--year", "R8", "--out", "出力", "--db", "出力/reform.db"], "出力/reform_archive", "--db で"),
    (["merge", "受信", "--year", "R8", "--out", "出力", "--db", "出力/reform.db"], "出力/令和8年度_受付結果.xlsx", "--out で"),
    (["merge", "受信", "--year", "R8", "--out", "出力/深い", "--db", "r.db"], "出力", "--out で"),  # its folder made
    (["report", "--year", "R8", "--db", "r.db"], "令和8年度_会議資料.xlsx", "--out で"),  # --out . by default
    # status --remind writes its drafts beside the ledger unless --out says where: --out, not a move of the ledger
    (["status", "--year", "R8", "--remind", "--db", "台帳/r.db"], "台帳/メール下書き", "--out で"),
    (["status", "--year", "R8", "--remind"], "メール下書き", "--out で"),  # the ledger found here: not 「移ってから」
    (["status", "--year", "R8", "--remind", "--out", "下書き"], "下書き/メール下書き", "--out で"),
    # what else status writes is not moved by --out (it moves only the drafts): the ledger's own files beside it, and
    # the 要修正 copies --resubmit-by writes again where merge wrote them
    (["status", "--year", "R8", "--remind", "--db", "台帳/r.db"], "台帳/r.db-journal", "--db で"),
    (["status", "--year", "R8", "--remind", "--resubmit-by", "2027-07-01", "--db", "出力/reform.db"],
     "出力/差し戻し/x.xlsx", "--resubmit-by を付けずに"),
    (["status", "--year", "R8", "--remind", "--resubmit-by", "2027-07-01", "--db", "台帳/r.db"],
     "出力/差し戻し/x.xlsx", "--resubmit-by を付けずに"),
    (["plan", "export", "出力/計画.xlsx", "--db", "r.db"], "出力/計画.xlsx", "引数の FILE"),
    (["plan", "export", "計画.xlsx"], "/よそ/x", "書き込める場所（フォルダ）に移ってから"),  # nothing of its own: here
])
def test_the_advice_follows_the_argument_the_path_came_from(argv, failing, advice):
    from reform_xlsx.cli import _command_options
    from reform_xlsx.cli.failures import os_error_message

    parser = build_parser()
    options = _command_options(parser, parser.parse_args(argv))
    message = os_error_message(OSError(errno.EROFS, "Read-only file system", failing), options)
    assert advice in message and f"「{failing}」" in message
    assert advice == "--out で" or "--out で" not in message  # never an --out that would not move the path
    assert advice == "--db で" or "--db で" not in message
