"""``merge --review <a path that does not exist>``: a typo, refused like a missing inbox path (exit 2, a Japanese
message naming it), and nothing recorded — not a 対象外 file kept in the ledger and the 受付結果 from then on."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from reform_xlsx.cli import main

SAMPLES = Path(__file__).parent.parent / "samples" / "inbox"


@pytest.fixture
def inbox(tmp_path):
    target = tmp_path / "受信"
    shutil.copytree(SAMPLES, target)
    return target


def test_a_missing_review_path_is_exit_2_and_nothing_is_recorded(tmp_path, inbox, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    argv = ["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db", "--review", "評価シートx.xlsx"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--review で指定した推進室評価シートが見つかりません: 評価シートx.xlsx" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["受信"]  # no ledger, no output folder

    assert main(argv + ["--json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["exit_code"] == 2 and "評価シートx.xlsx" in doc["error"]

    # the same merge without the typo records the inbox only
    assert main(argv[:-2]) == 1
    with sqlite3.connect(tmp_path / "out" / "reform.db") as con:
        names = [row[0] for row in con.execute("select name from submissions")]
    assert names and not any("評価シートx" in n for n in names)
    assert main(argv) == 2  # with a ledger already there: still refused, still nothing recorded
    with sqlite3.connect(tmp_path / "out" / "reform.db") as con:
        assert [row[0] for row in con.execute("select name from submissions")] == names


def test_the_library_names_every_missing_review(plan, tmp_path, inbox):
    from reform_xlsx.merge import NoReviewError, run_merge

    there = tmp_path / "ある.xlsx"
    there.write_bytes(b"")
    with pytest.raises(NoReviewError) as caught:
        run_merge([inbox], plan, "R8", db=tmp_path / "r.db", out=tmp_path / "out",
                  reviews=[tmp_path / "ない1.xlsx", there, tmp_path / "ない2.xlsx"])
    assert caught.value.paths == [tmp_path / "ない1.xlsx", tmp_path / "ない2.xlsx"]
    assert not (tmp_path / "r.db").exists() and not (tmp_path / "out").exists()


def test_a_missing_inbox_path_beside_a_real_one_is_exit_2_and_nothing_is_recorded(tmp_path, inbox, monkeypatch,
                                                                                    capsys):
    """``merge 受信 nope.xlsx``: the typo was read as a file that went away (F019) and kept in the ledger as a
    対象外 row of the 受付結果 for good, exit 1."""
    monkeypatch.chdir(tmp_path)
    argv = ["merge", str(inbox), "nope.xlsx", "--year", "R8", "--out", "out", "--db", "out/reform.db"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "指定したファイル・フォルダが見つかりません: nope.xlsx。パスを確かめてください（何も記録していません）。" in err
    assert str(inbox) not in err.split("見つかりません")[1]  # only the missing path is named
    assert sorted(p.name for p in tmp_path.iterdir()) == ["受信"]  # no ledger, no output folder

    assert main(argv[:2] + argv[3:]) == 1  # the same merge without the typo
    with sqlite3.connect(tmp_path / "out" / "reform.db") as con:
        names = [row[0] for row in con.execute("select name from submissions")]
    assert main(argv) == 2  # with a ledger already there: still refused, nothing added
    with sqlite3.connect(tmp_path / "out" / "reform.db") as con:
        assert [row[0] for row in con.execute("select name from submissions")] == names
    assert not any("nope" in n for n in names)


def test_a_dangling_link_given_by_name_is_still_read_and_reported(tmp_path, inbox, plan):
    """A link whose target is gone is there (the sender's shortcut): read, it is the file's F019, not a typo."""
    from reform_xlsx.merge import run_merge

    link = tmp_path / "リンク.xlsx"
    try:
        link.symlink_to(tmp_path / "消えた.xlsx")
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    result = run_merge([inbox, link], plan, "R8", db=tmp_path / "r.db", out=tmp_path / "out")
    codes = {f.result.name: [p.code for p in f.result.problems] for f in result.batch.files}
    (name,) = [n for n in codes if "リンク" in n]
    assert "F019" in codes[name]


@pytest.mark.parametrize("extra", [["受信", ""], ["受信", "--review", ""], ["受信", "--review", "受信"]])
def test_an_empty_path_or_a_folder_as_review_is_refused_and_nothing_is_recorded(tmp_path, inbox, monkeypatch,
                                                                                capsys, extra):
    """`merge 受信 "$UNSET"` read the working folder (every stray form under it a return); `--review 受信` read every
    調査票 in the folder as a review sheet."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "古い").mkdir()
    shutil.copy(next(inbox.glob("*.xlsx")), tmp_path / "古い" / "stray.xlsx")  # a stray form in the working folder
    assert main(["merge", *extra, "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 2
    err = capsys.readouterr().err
    assert ("空のパス" in err) if "" in extra else ("フォルダでなく" in err and "受信" in err)
    assert "Traceback" not in err and "何も記録" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["受信", "古い"]  # no ledger, no output folder
