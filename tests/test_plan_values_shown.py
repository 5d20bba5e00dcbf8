"""A plan file's value in a message is shown as the file has it — never JSON's or Python's spelling of it
(「null」, 「["a", "b"]」, 「None」) — and an empty file or a file that is a list says so."""

from __future__ import annotations

import re

import pytest

from reform_xlsx.cli import main
from reform_xlsx.plan.loading import PlanError, bundled_plan_text, parse_plan, plan_from_data

PLAN = bundled_plan_text()
# JSON's or Python's words and brackets, inside a shown value 「…」
MACHINE = re.compile(r"「[^」]*(null|None|True|False|\[|\{|\")[^」]*」")


def problems(text: str):
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.yaml")
    return caught.value.problems


@pytest.mark.parametrize("text", ["", "\n\n", "# 計画ファイル\n# まだ何も書いていない\n"])
def test_an_empty_plan_file_says_it_is_empty(tmp_path, capsys, text):
    """It was 「[P012] 値 「null」 は「項目名: 値」の組で書いてください。」."""
    (p,) = problems(text)
    assert p.code == "P053"
    assert p.message.startswith("計画ファイルが空です")
    assert "format・plan・sections・grades・judgement・areas・kpis" in p.message and "plan export" in p.message
    empty = tmp_path / "empty.yaml"
    empty.write_text(text, encoding="utf-8")
    assert main(["plan", "--plan", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "[P053 エラー]" in err and "計画ファイルが空です" in err and "null" not in err


def test_a_plan_file_that_is_a_list_says_it_must_be_pairs(tmp_path, capsys):
    """It was 「値 「["a", "b"]」 は「項目名: 値」の組で書いてください。」."""
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n", encoding="utf-8")
    assert main(["plan", "--plan", str(listed)]) == 2
    err = capsys.readouterr().err
    assert "[P054 エラー]" in err and "（1行目）" in err
    assert "計画ファイル全体が「- 」で始まる行のリストになっています" in err and "「項目名: 値」の組" in err
    assert '["a", "b"]' not in err and "[" not in err.split("エラー]", 1)[1]


def test_a_plan_file_that_is_one_value_says_so():
    (p,) = problems("計画\n")
    assert p.code == "P054"
    assert "計画ファイル全体が1つの値 「計画」になっています" in p.message


@pytest.mark.parametrize("written, shown", [
    ("format:", "値 「（空欄）」 は整数で書いてください。"),
    ("format: ~", "値 「（空欄）」 は整数で書いてください。"),
    ("format: [1, 2]", "値 「- 1、- 2」 は整数（「- 」で始まる行の一覧ではなく）で書いてください。"),
    ("format:\n  - 1\n  - 2", "値 「- 1、- 2」 は整数（「- 」で始まる行の一覧ではなく）で書いてください。"),
    ("format:\n  version: 1\n  extra: [2]", "値 「version: 1、extra: …」 は整数で書いてください。"),
    ("format: '1'", "値 「'1'」 は整数で書いてください。"),
    ("format: 一", "値 「一」 は整数で書いてください。"),
])
def test_a_value_of_the_wrong_type_is_shown_as_written(written, shown):
    assert "format: 1\n" in PLAN
    found = problems(PLAN.replace("format: 1\n", written + "\n", 1))
    p012 = [p for p in found if p.code == "P012"]
    assert [p.message for p in p012] == [shown]
    assert p012[0].path == "format" and p012[0].line is not None
    assert all(MACHINE.search(p.message) is None for p in found), found


def test_a_value_read_from_cells_is_shown_in_words():
    """The plan master's values (no YAML text to show): an empty cell, TRUE, a list — not None, True, [...]."""
    with pytest.raises(PlanError) as caught:
        plan_from_data({"format": None, "plan": True, "sections": {"a": 1}, "grades": [[1]],
                        "judgement": 1.0, "areas": [], "kpis": []},
                       "計画.xlsx", where=lambda path: {"path": ".".join(map(str, path))})
    shown = {p.path: p.message for p in caught.value.problems if p.code == "P012"}
    assert shown["format"] == "値 「（空欄）」 は整数で書いてください。"
    assert shown["plan"].startswith("値 「TRUE」 は")
    assert shown["sections"].startswith("値 「a: 1」 は")
    assert shown["judgement"].startswith("値 「1」 は")
    assert all(MACHINE.search(m) is None for m in shown.values()), shown
