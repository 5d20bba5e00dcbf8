"""``reform-xlsx plan`` in-process: exit codes, the summary, the JSON document."""

import json
import subprocess
import sys

import pytest

from reform_xlsx.cli import build_parser, main


def test_summary(capsys):
    assert main(["plan"]) == 0
    out = capsys.readouterr().out
    assert "第2次二本松市市政改革推進行動計画（令和8年度～令和12年度）" in out
    assert "重点項目 3・取組区分 9・改革項目 36・KPI 13・担当課 11" in out
    assert "2-(2) 収入アップ・支出抑制" in out
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    assert lines["人事行政課"] == ["10", "1", "K11"]
    assert lines["税務課"] == ["4", "5", "K02", "K05", "K06", "K07", "K08"]
    assert lines["観光課"] == ["1", "0"]
    assert lines["合計"] == ["36", "13"]
    # the assumed 報告課 are the office's, marked in the master's 「報告課は仮」 column as in the plan file
    assert "※ 報告課が計画に明記されていない KPI（推進室が仮に決めたもの。計画マスターの「報告課は仮」" in out


def test_json_is_the_whole_normalised_plan(capsys):
    assert main(["plan", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["plan"]["period"] == {"start": "R8", "end": "R12", "display": "令和8年度～令和12年度"}
    assert len(data["items"]) == 36 and len(data["kpis"]) == 13 and len(data["sections"]) == 11
    item = next(i for i in data["items"] if i["id"] == "2-2-10")
    assert item["sections"] == ["財政課", "人事行政課", "土木課"] and item["related_sections"] is True
    assert item["kpis"] == ["K12", "K13"]
    k12 = next(k for k in data["kpis"] if k["id"] == "K12")
    assert (k12["baseline"], k12["target"], k12["direction"]) == (6290000, 5600000, "減少")


def test_runs_from_any_folder_as_a_module(tmp_path):
    run = subprocess.run([sys.executable, "-m", "reform_xlsx", "plan", "--json"], cwd=tmp_path,
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)["kpis"]) == 13


@pytest.mark.parametrize("argv, code", [
    (["plan", "--help"], 0),
    (["plan", "--bogus"], 2),
    ([], 2),
    (["nosuchcommand"], 2),
])
def test_exit_codes(argv, code, capsys):
    assert main(argv) == code


def test_every_command_has_help_with_an_example(capsys):
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # argparse keeps them here
    assert "plan" in commands
    for name, sub in commands.items():
        text = sub.format_help()
        assert "例:" in text and f"reform-xlsx {name}" in text, name


def test_text_is_the_plan_file_as_written_and_the_words_are_shown(capsys):
    from reform_xlsx.plan.loading import bundled_plan_text

    assert main(["plan", "--text"]) == 0
    assert capsys.readouterr().out == bundled_plan_text()
    assert main(["plan"]) == 0
    assert "改革の名称: 市政改革  推進本部: 二本松市市政改革推進本部会議  取りまとめ課: 人事行政課" in capsys.readouterr().out


def test_importing_a_master_that_is_not_there_says_so_plainly(tmp_path, capsys):
    """It said F019 「見つかりません（読み込みの途中で移動・削除されました）」 under 「計画ファイルにエラーがあります」."""
    assert main(["plan", "import", str(tmp_path / "ない計画.xlsx"), "--db", str(tmp_path / "reform.db")]) == 2
    err = capsys.readouterr().err
    assert f"計画マスター {tmp_path / 'ない計画.xlsx'} がありません" in err and "移動・削除" not in err
    assert not (tmp_path / "reform.db").exists()


def test_the_plan_master_given_as_the_plan_file_says_to_import_it(workdir, capsys):
    """`plan --plan 計画.xlsx` (and plan = "計画.xlsx" in reform-xlsx.toml) said P001 「見つからないか、読めません
    （文字コードが UTF-8 ではありません…）」 of a valid master: it names `plan import`."""
    assert main(["plan", "export", "計画.xlsx"]) == 0
    capsys.readouterr()
    assert main(["plan", "--plan", "計画.xlsx"]) == 2
    err = capsys.readouterr().err
    assert "P051" in err and "reform-xlsx plan import 計画.xlsx" in err and "UTF-8" not in err
    (workdir / "reform-xlsx.toml").write_text('plan = "計画.xlsx"\n', encoding="utf-8")
    assert main(["templates", "--year", "R8", "--out", "調査票"]) == 2
    assert "P051" in capsys.readouterr().err
    # a returned form given as the plan is no plan master: not told to `plan import` it (P040 would follow)
    (workdir / "reform-xlsx.toml").unlink()
    assert main(["templates", "--year", "R8", "--out", "調査票", "--section", "観光課"]) == 0
    form = next((workdir / "調査票").glob("*.xlsx"))
    capsys.readouterr()
    assert main(["plan", "--plan", str(form)]) == 2
    err = capsys.readouterr().err
    assert "P051" not in err and "Excel のブックです。計画ファイルは YAML のテキストです" in err


@pytest.mark.parametrize("name", ["計画.xlsx", "計画.yaml"])
def test_plan_export_says_which_plan_it_wrote_as_every_command_does(name, workdir, capsys):
    """README: every command says the plan it used on its 「計画: …」 line. plan export took the plan of a ledger found
    one folder down (another town's, made while trying things) and wrote its master without naming it."""
    from pathlib import Path

    plan_file = Path(__file__).parent / "plans" / "minamiyama.yaml"
    assert main(["plan", "import", str(plan_file), "--db", str(Path("試し") / "reform.db")]) == 0
    capsys.readouterr()
    assert main(["plan", "export", name]) == 0
    out = capsys.readouterr().out
    line = next((line for line in out.splitlines() if line.startswith("計画: ")), "")
    assert line.startswith("計画: 南山市行財政改革実施計画（ID minamiyama-gyozaisei、版 H30-03）／"), out
    assert str(Path("試し") / "reform.db") in line


def test_plan_export_of_the_bundled_plan_names_it(workdir, capsys):
    assert main(["plan", "export", "計画.xlsx"]) == 0
    assert ("計画: 第2次二本松市市政改革推進行動計画（ID nihonmatsu-reform-2、版 2026-02）／(同梱) nihonmatsu.yaml"
            in capsys.readouterr().out.splitlines())
