"""Broken plan files: every problem reported with its code, key path and line; exit 2."""

import re

import pytest

from reform_xlsx.cli import main
from reform_xlsx.plan.loading import PlanError, bundled_plan_text, parse_plan

BUNDLED = bundled_plan_text()


def edit(old: str, new: str, count: int = 1) -> str:
    """The bundled plan with ``old`` replaced (it must be there)."""
    assert old in BUNDLED, old
    return BUNDLED.replace(old, new, count)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    positions = [m.start() for m in re.finditer(re.escape(needle), text)]
    return text.count("\n", 0, positions[nth - 1]) + 1


def problems_of(text: str) -> list[tuple[str, str | None, int | None]]:
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.yaml")
    return [(p.code, p.path, p.line) for p in caught.value.problems]


K01 = "  - id: K01\n    item: 1-1-1\n"


@pytest.mark.parametrize("case, text, expected", [
    ("missing key",
     edit("    kind: rate\n    unit: \"%\"\n", "    unit: \"%\"\n"),
     [("P010", "kpis[0].kind", "  - id: K01")]),
    ("unknown field (near miss)",
     edit("    owner: 市民課\n", "    ownr: 市民課\n    owner: 市民課\n"),
     [("P011", "kpis[0].ownr", "    ownr: 市民課")]),
    ("duplicate item number",
     edit("          - number: 2\n            name: アナログ", "          - number: 1\n            name: アナログ"),
     [("P020", "areas[0].categories[0].items[1].number", "          - number: 1\n            name: アナログ")]),
    ("two sections of one file name (Windows does not tell DX from dx)",
     edit("sections:\n  - DX推進課\n", "sections:\n  - DX推進課\n  - dx推進課\n"),
     [("P048", "sections[1]", "  - dx推進課"), ("P029", "sections[1]", "  - dx推進課")]),
    ("duplicate KPI id",
     edit("  - id: K02\n", "  - id: K01\n"),
     [("P020", "kpis[1].id", "  - id: K01\n    item: 1-1-3")]),
    ("KPI owner not on the item",
     edit("    baseline: 85\n    target: 40\n    owner: 人事行政課\n", "    baseline: 85\n    target: 40\n    owner: 財政課\n"),
     [("P023", "kpis[10].owner", ("    owner: 財政課", 2))]),
    ("target equal to baseline without a direction",
     edit("    direction: 増加\n    cumulative: false\n    baseline: 1\n    target: 3\n",
          "    cumulative: false\n    baseline: 1\n    target: 1\n"),
     [("P024", "kpis[8].direction", "  - id: K09")]),
    ("direction contradicts the target",
     edit("    direction: 減少\n    cumulative: false\n    baseline: 85\n",
          "    direction: 増加\n    cumulative: false\n    baseline: 85\n"),
     [("P025", "kpis[10].direction", "    direction: 増加\n    cumulative: false\n    baseline: 85")]),
    ("wrong type: text where a number belongs",
     edit("    baseline: 85\n", "    baseline: 八十五\n"),
     [("P012", "kpis[10].baseline", "    baseline: 八十五")]),
    ("wrong type: a single section instead of a list",
     edit("            sections: [財政課]\n", "            sections: 財政課\n"),
     [("P012", "areas[0].categories[0].items[3].sections", "            sections: 財政課")]),
    ("enum: unknown kind",
     edit("    kind: yen\n", "    kind: money\n"),
     [("P013", "kpis[9].kind", "    kind: money")]),
    ("unknown section on an item",
     edit("            sections: [財政課]\n", "            sections: [財務課]\n"),
     [("P021", "areas[0].categories[0].items[3].sections[0]", "            sections: [財務課]")]),
    ("KPI on an unknown item",
     edit("    item: 2-2-8\n", "    item: 2-2-88\n"),
     [("P022", "kpis[10].item", "    item: 2-2-88")]),
    ("rate written as percent",
     edit("    baseline: 0.24\n", "    baseline: 24\n"),
     [("P026", "kpis[0].baseline", "    baseline: 24")]),
    ("bad fiscal year",
     edit("            marker: R9\n", "            marker: 来年\n"),
     [("P014", "areas[0].categories[0].items[1].marker", "            marker: 来年")]),
    ("year outside the plan period",
     edit("            marker: R9\n", "            marker: R14\n"),
     [("P028", "areas[0].categories[0].items[1].marker", "            marker: R14")]),
    ("duplicate key in a mapping",
     edit("    unit: 人\n", "    unit: 人\n    unit: 名\n"),
     [("P003", "kpis[10].unit", "    unit: 名")]),
])
def test_broken_plan(case, text, expected):
    want = [(code, path, line_of(text, *(needle if isinstance(needle, tuple) else (needle,))))
            for code, path, needle in expected]
    assert problems_of(text) == want, case


def test_every_problem_is_reported_not_only_the_first():
    text = edit("    kind: yen\n", "    kind: money\n")
    text = text.replace("    baseline: 85\n", "    baseline: 八十五\n").replace("    ownr", "x")
    text = text.replace("  office: 人事行政課\n", "")
    codes = sorted((code, path) for code, path, _ in problems_of(text))
    assert codes == [("P010", "plan.office"), ("P012", "kpis[10].baseline"), ("P013", "kpis[9].kind")]


def test_semantic_problems_collected_together():
    text = edit("  - id: K02\n", "  - id: K01\n").replace("    owner: 人事行政課\n", "    owner: 財政課\n")
    assert [code for code, _, _ in problems_of(text)] == ["P020", "P023"]


@pytest.mark.parametrize("text, line, says", [
    ("format: 1\nplan: [unclosed\n", 3, "かっこ [ ] が閉じていません"),
    ("format: 1\n  plan: x\n bad", 2, "「:」の位置が正しくありません"),
    ("\tformat: 1\n", 1, "タブ文字は使えません"),
])
def test_invalid_yaml(text, line, says):
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.yaml")
    (p,) = caught.value.problems
    assert (p.code, p.line) == ("P002", line)
    assert says in p.message


@pytest.mark.parametrize("text, line, char", [
    ("format: 1\nkpis:\n  - {id: K01, unit: %, kind: rate}\n", 3, "%"),  # a KPI's unit, unquoted
    ("format: 1\nplan:\n  unit: %\n", 3, "%"),
    ("format: 1\nplan:\n  name: @北浦町\n", 3, "@"),
    ("format: 1\nplan:\n  name: `北浦町`\n", 3, "`"),
])
def test_invalid_yaml_names_the_character_that_cannot_start_a_value(text, line, char):
    """`unit: %` (a KPI in percent, written as the bundled plan writes it but without its quotes) is no tab:
    the message names the character and says to quote the value, not to look for a tab that is not there."""
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.yaml")
    (p,) = caught.value.problems
    assert (p.code, p.line) == ("P002", line)
    assert f"「{char}」" in p.message and '"…" で囲みます' in p.message
    assert "タブ" not in p.message


def test_empty_file_is_reported():
    assert problems_of("")[0][0] == "P053"


def test_line_numbers_point_into_the_file():
    text = edit("    kind: count\n    unit: 基\n", "    kind: count\n    unit: 基\n    colour: blue\n")
    ((code, path, line),) = problems_of(text)
    assert text.splitlines()[line - 1] == "    colour: blue"


def test_cli_reports_broken_plan_with_exit_2(tmp_path, capsys):
    bad = tmp_path / "plan.yaml"
    bad.write_text(edit("  - id: K02\n", "  - id: K01\n"), encoding="utf-8")
    assert main(["plan", "--plan", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "[P020 エラー]" in err
    assert "kpis[1].id" in err and "行目" in err
    assert "Traceback" not in err


def test_cli_missing_plan_file(tmp_path, capsys):
    assert main(["plan", "--plan", str(tmp_path / "nothing.yaml")]) == 2
    err = capsys.readouterr().err
    assert "P001" in err and "ファイルがありません" in err and "Error" not in err


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("text", ["plan: [broken", None, "plan:\n  name: x\n"], ids=["syntax", "valid", "schema"])
def test_parsing_leaves_the_cycle_collector_as_it_found_it(text, enabled):
    """Parsing pauses Python's cycle collector (a large plan's node tree made it run again and again); it is on
    again afterwards — after a valid plan and after every kind of broken one — and stays off if it was off."""
    import gc

    (gc.enable if enabled else gc.disable)()
    try:
        if text is None:
            parse_plan(bundled_plan_text())
        else:
            with pytest.raises(PlanError):
                parse_plan(text)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
