"""An output file whose name is a folder (`plan export 計画.xlsx`, `contacts --out 連絡先.xlsx`, a 調査票's name under
`templates --out`): said at once to be a folder, with and without --force (not 「既にあります… --force」 first and
「フォルダです」 after it), with the code every command gives a path it cannot use (E005, as merge and report say an
output name someone made a folder of), exit 2, nothing written."""

from __future__ import annotations

import pytest

from reform_xlsx import outputs
from reform_xlsx.cli import main


def _listing(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
@pytest.mark.parametrize("command", [["plan", "export", "計画.xlsx"], ["plan", "export", "計画.yaml"],
                                     ["contacts", "--out", "計画.xlsx"]], ids=["master", "yaml", "contacts"])
def test_an_output_file_that_is_a_folder_is_said_at_once(workdir, capsys, command, force):
    (workdir / command[-1]).mkdir()
    before = _listing(workdir)
    assert main([*command, *force]) == 2
    err = capsys.readouterr().err
    assert f"{command[-1]} はフォルダです" in err and "[E005 エラー]" in err, err
    assert "既にあります" not in err and "すでにあります" not in err and "--force を付けて" not in err
    assert _listing(workdir) == before


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_a_form_name_that_is_a_folder_is_said_at_once(workdir, plan, capsys, force):
    blocked = workdir / "調査票" / outputs.template(plan.words, 2026, "市民課")
    blocked.mkdir(parents=True)
    assert main(["templates", "--year", "R8", "--out", "調査票", *force]) == 2
    err = capsys.readouterr().err
    assert "同じ名前のフォルダがあります" in err and str(blocked.relative_to(workdir)) in err and "[E005 エラー]" in err, err
    assert "既にあります" not in err and "--force を付けて" not in err
    assert _listing(workdir / "調査票") == [blocked.name]


def test_templates_out_that_is_a_file_is_said_at_once(workdir, capsys):
    (workdir / "調査票").write_bytes(b"not a folder")
    assert main(["templates", "--year", "R8", "--out", "調査票", "--force"]) == 2
    assert "[E005 エラー] 「調査票」はファイルです" in capsys.readouterr().err  # as merge, report, status --remind say it
    assert (workdir / "調査票").read_bytes() == b"not a folder"
