"""The 提出期限 (templates --deadline) and the 再提出期限 (merge and status --resubmit-by) a command is given: a day
before the fiscal year begins is refused (T001, exit code 2, nothing written), one before today is kept and said (T002).

令和8年度's report is asked for after the year ends (May 2027): ``--deadline 2026-05-28`` or ``2020-05-28`` went into
every form, mail and the ledger without a word, every return was judged 期限後 and every section was reminded."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.ledger.store import Ledger

LATER = (dt.date.today() + dt.timedelta(days=365)).isoformat()  # in 令和8年度 or after it, and not yet come
PAST = "2026-04-02"  # in 令和8年度, and gone by


def made(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(("typed", "example"), [
    ("2020-05-28", "（例: 令和9年5月28日（金））"),
    ("2026-03-31", ""),  # the day before 令和8年度 begins (a March of 2027 is in the year: no example)
    ("令和7年5月28日", "（例: 令和9年5月28日（金））"),
])
def test_templates_refuses_a_deadline_before_the_year_and_writes_nothing(tmp_path, monkeypatch, capsys, typed, example):
    monkeypatch.chdir(tmp_path)
    argv = ["templates", "--year", "R8", "--out", "調査票", "--db", "out/reform.db", "--deadline", typed, "--mail"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "[T001 エラー] --deadline: 提出期限 " in err
    assert "令和8年度（令和8年4月1日～）が始まる前の日付です" in err
    assert f"提出期限はふつう令和9年（2027年）の日付です{example}。" in err and "調査票は作っていません" in err
    assert made(tmp_path) == []  # no form, no draft, no ledger


def test_the_refusal_is_one_json_document_with_the_problem_at_its_option(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "受信").mkdir()
    assert main(["merge", "受信", "--year", "R8", "--resubmit-by", "2020-06-09", "--json"]) == 2
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    (found,) = doc["problems"]
    assert (doc["exit_code"], found["code"], found["severity"], found["path"]) == (2, "T001", "error", "--resubmit-by")
    assert doc["error"].startswith("--resubmit-by: 再提出期限 令和2年6月9日（火）は") and "[T001 エラー]" in captured.err
    assert made(tmp_path) == ["受信"]


def test_a_form_made_again_for_one_section_keeps_its_deadline_when_the_new_one_is_before_the_year(plan, tmp_path,
                                                                                                   monkeypatch, capsys):
    """A per-section re-issue (--section 市民課 --force) with a mistyped --deadline: refused before the form is made
    again, the ledger's 提出期限 as it was."""
    monkeypatch.chdir(tmp_path)
    argv = ["templates", "--year", "R8", "--out", "調査票", "--db", "reform.db", "--section", "市民課"]
    assert main([*argv, "--deadline", LATER]) == 0
    form = tmp_path / "調査票" / outputs.template(plan.words, 2026, "市民課")
    before = form.read_bytes()
    capsys.readouterr()
    assert main([*argv, "--deadline", "2025-05-28", "--force"]) == 2
    assert "T001" in capsys.readouterr().err
    assert form.read_bytes() == before
    with Ledger(tmp_path / "reform.db") as ledger:
        assert ledger.deadline_of(2026, "市民課") == LATER


def test_a_deadline_already_past_is_kept_and_said(tmp_path, monkeypatch, capsys):
    """A form sent again after the deadline is legitimate: written and recorded, with a warning (T002)."""
    monkeypatch.chdir(tmp_path)
    assert main(["templates", "--year", "R8", "--out", "調査票", "--db", "reform.db", "--section", "市民課",
                 "--deadline", PAST, "--mail"]) == 0
    captured = capsys.readouterr()
    assert "[T002 警告] --deadline: 提出期限 令和8年4月2日（木）は今日（" in captured.err
    assert "指定のまま調査票・照会メールの下書きに書き、台帳に記録します" in captured.err
    assert "台帳 reform.db に照会（提出期限 令和8年4月2日）を記録しました" in captured.out
    with Ledger(tmp_path / "reform.db") as ledger:
        assert ledger.deadline_of(2026, "市民課") == PAST


def test_a_deadline_to_come_is_not_said(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["templates", "--year", "R8", "--out", "調査票", "--section", "市民課", "--deadline", LATER]) == 0
    err = capsys.readouterr().err
    assert "T001" not in err and "T002" not in err


def test_merge_refuses_a_resubmission_date_before_the_year_and_records_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "受信").mkdir()
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db",
                 "--resubmit-by", "2026-03-01"]) == 2
    err = capsys.readouterr().err
    assert "[T001 エラー] --resubmit-by: 再提出期限 令和8年3月1日（日）は" in err and "何も記録していません" in err
    assert made(tmp_path) == ["受信"]  # no ledger, no output folder


def test_merge_says_a_resubmission_date_already_past(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "受信").mkdir()
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db", "--resubmit-by", PAST,
                 "--json"]) == 1
    captured = capsys.readouterr()
    assert "[T002 警告] --resubmit-by: 再提出期限 令和8年4月2日（木）は今日（" in captured.err
    assert json.loads(captured.out)["exit_code"] == 1  # stdout holds the JSON alone


def test_status_refuses_a_resubmission_date_before_the_year_and_writes_no_draft(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["templates", "--year", "R8", "--out", "調査票", "--db", "reform.db", "--section", "市民課",
                 "--deadline", LATER]) == 0
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", "2025-06-09"]) == 2
    err = capsys.readouterr().err
    assert "[T001 エラー] --resubmit-by: 再提出期限 令和7年6月9日（月）は" in err and "下書きは作っていません" in err
    assert "（例: 令和9年6月9日（水））" in err
    assert not (tmp_path / outputs.MAIL_FOLDER).exists()
    assert main(["status", "--year", "R8", "--remind", "--resubmit-by", PAST]) == 1  # past: kept, and said
    assert "[T002 警告] --resubmit-by" in capsys.readouterr().err
    assert (tmp_path / outputs.MAIL_FOLDER).is_dir()


def test_the_library_refuses_them_too(plan, tmp_path):
    from reform_xlsx.merge import run_merge
    from reform_xlsx.records import DueDateError
    from reform_xlsx.templates import write_templates

    with pytest.raises(DueDateError) as raised:
        write_templates(plan, "R8", tmp_path / "t", ["市民課"], deadline="2020-05-28")
    assert raised.value.problem.code == "T001" and not (tmp_path / "t").exists()
    (tmp_path / "受信").mkdir()
    with pytest.raises(DueDateError):
        run_merge([tmp_path / "受信"], plan, "R8", db=tmp_path / "reform.db", out=tmp_path / "out",
                  resubmit_by=dt.date(2026, 3, 31))
    assert not (tmp_path / "reform.db").exists() and not (tmp_path / "out").exists()
